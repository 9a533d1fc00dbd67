import { createHash, timingSafeEqual } from "node:crypto";
import { base32, formatApiKey, KEY_ID_BYTES, SECRET_BYTES } from "./key-format.js";

/** Random bytes from a CSPRNG (node:crypto `randomBytes` in production). */
export type RandomBytes = (size: number) => Uint8Array;

export interface NewApiKeyMaterial {
  keyId: string;
  /** The whole key, `kya_<keyId>_<secret>`: returned to the operator once, never stored. */
  plaintext: string;
  /** SHA-256 of the secret, lower-case hex: the only form of the secret that is stored. */
  secretHash: string;
}

export function newApiKeyMaterial(randomBytes: RandomBytes): NewApiKeyMaterial {
  const keyId = base32(randomBytes(KEY_ID_BYTES));
  const secret = Buffer.from(randomBytes(SECRET_BYTES)).toString("base64url");
  return { keyId, plaintext: formatApiKey(keyId, secret), secretHash: hashSecret(secret) };
}

/**
 * SHA-256 of the secret. A plain (unsalted, fast) hash is enough: the secret has 256 bits of
 * entropy, so there is nothing for a dictionary or a slow hash to protect.
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Compared against when the stored hash is unusable, so every path does the same work. */
const UNUSABLE_HASH = Buffer.alloc(32);

/** Whether `secret` hashes to `storedHash`, compared in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = createHash("sha256").update(secret, "utf8").digest();
  const usable = SHA256_HEX.test(storedHash);
  const stored = usable ? Buffer.from(storedHash, "hex") : UNUSABLE_HASH;
  return timingSafeEqual(presented, stored) && usable;
}
