/** The bytes of a secret string: `base64:<...>`, `hex:<...>`, or raw UTF-8 text. */
export function secretBytes(secret: string): Buffer {
  if (secret.startsWith("base64:")) return Buffer.from(secret.slice("base64:".length), "base64");
  if (secret.startsWith("hex:")) return Buffer.from(secret.slice("hex:".length), "hex");
  return Buffer.from(secret, "utf8");
}
