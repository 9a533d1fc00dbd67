import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import {
  apiKeyTextOf,
  authorizationHeaderOf,
} from "../../../lambdas/domain/api-keys/authorization-header.js";
import { base32, formatApiKey, isKeyId, parseApiKey } from "../../../lambdas/domain/api-keys/key-format.js";
import {
  hashSecret,
  newApiKeyMaterial,
  secretMatches,
} from "../../../lambdas/domain/api-keys/key-material.js";
import { countingRandomBytes } from "./support/in-memory-api-keys.js";

const KEY_ID = "abcdefghijk234ab";
const SECRET = "A".repeat(42) + "Q";
const KEY = `kya_${KEY_ID}_${SECRET}`;

describe("key format", () => {
  it("encodes base32 as RFC 4648 (lower case, no padding)", () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(base32(bytes(""))).toBe("");
    expect(base32(bytes("f"))).toBe("my");
    expect(base32(bytes("foobar"))).toBe("mzxw6ytboi");
  });

  it("generates keys of the documented form whose secret only the hash remembers", () => {
    const material = newApiKeyMaterial(countingRandomBytes());
    expect(material.plaintext).toMatch(/^kya_[a-z2-7]{16}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(material.plaintext);
    expect(parsed?.keyId).toBe(material.keyId);
    expect(material.secretHash).toBe(hashSecret(parsed?.secret ?? ""));
    expect(material.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(material.plaintext).not.toContain(material.secretHash);
  });

  it("parses every key it formats, and splits at the fixed-length id even when the secret holds '_'", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (idBytes, secretBytes) => {
          const keyId = base32(idBytes);
          const secret = Buffer.from(secretBytes).toString("base64url");
          expect(parseApiKey(formatApiKey(keyId, secret))).toEqual({ keyId, secret });
          expect(isKeyId(keyId)).toBe(true);
        },
      ),
    );
    const underscored = `kya_${KEY_ID}_${"_".repeat(43)}`;
    expect(parseApiKey(underscored)).toEqual({ keyId: KEY_ID, secret: "_".repeat(43) });
  });

  it.each([
    ["empty", ""],
    ["no prefix", `${KEY_ID}_${SECRET}`],
    ["wrong prefix", `kyb_${KEY_ID}_${SECRET}`],
    ["upper-case id", `kya_${KEY_ID.toUpperCase()}_${SECRET}`],
    ["id with base32-excluded digits", `kya_abcdefghijk0189a_${SECRET}`],
    ["short secret", `kya_${KEY_ID}_${SECRET.slice(1)}`],
    ["long secret", `${KEY}A`],
    ["padded secret", `kya_${KEY_ID}_${SECRET.slice(0, 42)}=`],
    ["standard base64 character", `kya_${KEY_ID}_${SECRET.slice(0, 42)}+`],
    ["unicode look-alike", KEY.replace("a", "а")],
    ["trailing newline", `${KEY}\n`],
    ["injection", `kya_${KEY_ID}_' OR '1'='1' --AAAAAAAAAAAAAAAAAAAAAAAAA`],
  ])("refuses a malformed key: %s", (_case, text) => {
    expect(parseApiKey(text)).toBeNull();
  });

  it("never throws on arbitrary text, and accepts only exact keys", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), keyWithOneCharacterChanged()), (text) => {
        const parsed = parseApiKey(text);
        if (parsed !== null) expect(formatApiKey(parsed.keyId, parsed.secret)).toBe(text);
      }),
    );
  });
});

/** A valid key with one character replaced by any code point: almost always malformed. */
function keyWithOneCharacterChanged() {
  return fc
    .tuple(
      fc.nat({ max: KEY.length - 1 }),
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 1 }),
        fc.constantFrom("\u0000", "\ud800", "а", "😀", "=", "+", "/", "%", " ", "\n", "*"),
      ),
    )
    .map(([index, replacement]) => KEY.slice(0, index) + replacement + KEY.slice(index + 1));
}

describe("Authorization header", () => {
  it.each([
    ["raw, as Blockpass clients send it", KEY],
    ["Bearer", `Bearer ${KEY}`],
    ["lower-case bearer", `bearer ${KEY}`],
    ["surrounding whitespace", `  Bearer \t${KEY}  `],
  ])("reads the key: %s", (_case, value) => {
    expect(apiKeyTextOf(value)).toBe(KEY);
  });

  it.each([
    ["absent", null],
    ["empty", ""],
    ["only Bearer", "Bearer "],
    ["huge", `Bearer ${"A".repeat(100_000)}`],
  ])("finds nothing usable: %s", (_case, value) => {
    expect(apiKeyTextOf(value)).toBeNull();
  });

  it("finds the header whatever its case, and refuses a repeated one", () => {
    expect(authorizationHeaderOf({ authorization: KEY })).toBe(KEY);
    expect(authorizationHeaderOf({ AUTHORIZATION: KEY })).toBe(KEY);
    expect(authorizationHeaderOf({ Authorization: KEY, authorization: KEY })).toBeNull();
    expect(authorizationHeaderOf({ Authorization: KEY }, { Authorization: [KEY, "other"] })).toBeNull();
    expect(authorizationHeaderOf({}, { authorization: [KEY] })).toBe(KEY);
    expect(authorizationHeaderOf(null, null)).toBeNull();
    expect(authorizationHeaderOf({ "X-Api-Key": KEY })).toBeNull();
  });
});

describe("secret comparison", () => {
  it("matches only the secret whose hash is stored", () => {
    const stored = hashSecret(SECRET);
    expect(secretMatches(SECRET, stored)).toBe(true);
    expect(secretMatches(`${SECRET.slice(0, 42)}R`, stored)).toBe(false);
    expect(secretMatches(SECRET, stored.toUpperCase())).toBe(false);
  });

  it("treats an unusable stored hash as no match, without throwing", () => {
    expect(secretMatches(SECRET, "")).toBe(false);
    expect(secretMatches(SECRET, "zz")).toBe(false);
    expect(secretMatches("", hashSecret(""))).toBe(true);
    expect(secretMatches(SECRET, "0".repeat(64))).toBe(false);
  });
});
