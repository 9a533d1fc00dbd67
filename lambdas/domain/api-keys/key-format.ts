/**
 * The API key's text form, `kya_<keyId>_<secret>`: the prefix makes leaked keys easy to find by
 * secret scanners, the key id is public (it names the stored record, so lookup needs no scan) and
 * the secret is 32 random bytes in base64url, of which only the SHA-256 is stored.
 */
export const API_KEY_PREFIX = "kya_";
/** 16 characters of lower-case RFC 4648 base32: 10 random bytes (80 bits). */
export const KEY_ID_LENGTH = 16;
export const KEY_ID_BYTES = 10;
/** 32 random bytes (256 bits) in unpadded base64url. */
export const SECRET_BYTES = 32;
export const SECRET_LENGTH = 43;

export const KEY_ID_PATTERN = /^[a-z2-7]{16}$/;
const API_KEY_PATTERN = /^kya_([a-z2-7]{16})_([A-Za-z0-9_-]{43})$/;
/** Every well-formed key has exactly this length; anything else is refused before any pattern work. */
export const API_KEY_LENGTH = API_KEY_PREFIX.length + KEY_ID_LENGTH + 1 + SECRET_LENGTH;

export interface ParsedApiKey {
  keyId: string;
  secret: string;
}

export function formatApiKey(keyId: string, secret: string): string {
  return `${API_KEY_PREFIX}${keyId}_${secret}`;
}

/** The key's parts, or null for anything that is not exactly a well-formed key. */
export function parseApiKey(text: string): ParsedApiKey | null {
  if (text.length !== API_KEY_LENGTH) return null;
  const match = API_KEY_PATTERN.exec(text);
  if (match === null) return null;
  const [, keyId, secret] = match;
  if (keyId === undefined || secret === undefined) return null;
  return { keyId, secret };
}

export function isKeyId(value: string): boolean {
  return KEY_ID_PATTERN.test(value);
}

const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** Lower-case RFC 4648 base32 without padding. */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET.charAt((buffer >>> bits) & 31);
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return out;
}
