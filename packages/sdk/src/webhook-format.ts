/**
 * The webhook signature format, shared by the service's signer and `verifyWebhook`: header names and the
 * exact bytes each signature covers. Pure string functions; the HMAC itself is the caller's.
 */
export const WEBHOOK_HEADERS = {
  /** HMAC-SHA-256 of the raw body in lower-case hex, bare or as `sha256=<hex>`. */
  hubSignature: "X-Hub-Signature",
  blockpassEvent: "X-Blockpass-Event",
  blockpassDelivery: "X-Blockpass-Delivery",
  /** Standard Webhooks: the delivery id, the same on every retry. */
  id: "webhook-id",
  /** Standard Webhooks: Unix seconds when the attempt was signed. */
  timestamp: "webhook-timestamp",
  /** Standard Webhooks: space-separated `v1,<base64 HMAC-SHA-256>` entries. */
  signature: "webhook-signature",
} as const;

/** `X-Hub-Signature` forms: the bare hex digest (Blockpass's form) or `sha256=<hex>`. */
export const HUB_SIGNATURE_FORMATS = ["hex", "sha256="] as const;
export type HubSignatureFormat = (typeof HUB_SIGNATURE_FORMATS)[number];

/** The Standard Webhooks secret prefix. */
export const STANDARD_WEBHOOKS_SECRET_PREFIX = "whsec_";

/** The `X-Hub-Signature` value for a hex HMAC-SHA-256 digest of the raw body. */
export function hubSignatureHeader(hexDigest: string, format: HubSignatureFormat): string {
  return format === "hex" ? hexDigest : `sha256=${hexDigest}`;
}

/** What a Standard Webhooks signature covers: `<webhook-id>.<webhook-timestamp>.<raw body>`. */
export function standardWebhooksSignedContent(
  id: string,
  timestamp: number | string,
  rawBody: string,
): string {
  return `${id}.${timestamp}.${rawBody}`;
}

/** The `webhook-signature` value for base64 digests (several during a secret rotation, newest first). */
export function standardWebhooksSignatureHeader(base64Digests: readonly string[]): string {
  return base64Digests.map((digest) => `v1,${digest}`).join(" ");
}

function base64FromBytes(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function bytesFromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The service's webhook secret (64 hex characters) in Standard Webhooks form: `whsec_<base64 of its UTF-8 bytes>`. */
export function standardWebhooksSecret(hexSecret: string): string {
  return `${STANDARD_WEBHOOKS_SECRET_PREFIX}${base64FromBytes(new TextEncoder().encode(hexSecret))}`;
}

/** The HMAC key bytes of a secret given in either form (hex string as issued, or `whsec_...`). */
export function webhookKeyBytes(secret: string): Uint8Array {
  if (secret.startsWith(STANDARD_WEBHOOKS_SECRET_PREFIX)) {
    return bytesFromBase64(secret.slice(STANDARD_WEBHOOKS_SECRET_PREFIX.length));
  }
  return new TextEncoder().encode(secret);
}

export { base64FromBytes, bytesFromBase64 };
