import { createHmac } from "node:crypto";
import { hubSignatureHeader } from "@kyc-attest/sdk/webhooks";
import { secretBytes } from "../../shared/secret-value.js";

export const MIN_SIGNING_KEY_BYTES = 32;

export class WebhookSigningKeyError extends Error {
  override readonly name = "WebhookSigningKeyError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, context: Record<string, unknown> = {}) {
    super(message);
    this.context = context;
  }
}

/**
 * Signs webhook bodies with a per-service secret derived from one deployment key:
 * `secret = hex(HMAC-SHA-256(key, "kyc-attest webhook secret v1\0" + clientId))`. No per-service secret
 * is stored anywhere; the operator hands the business its secret (`secretFor`), and a leaked service
 * secret reveals neither the key nor other services' secrets. Rotating the key rotates every secret.
 */
export class WebhookSigner {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length < MIN_SIGNING_KEY_BYTES) {
      throw new WebhookSigningKeyError(
        `the webhook signing key must be at least ${MIN_SIGNING_KEY_BYTES} bytes`,
        {
          length: key.length,
        },
      );
    }
    this.key = Buffer.from(key);
  }

  /** Reads the key from a secret string: `base64:<...>`, `hex:<...>`, or raw UTF-8 text. */
  static fromSecret(secret: string | undefined): WebhookSigner {
    if (secret === undefined || secret === "") {
      throw new WebhookSigningKeyError("no webhook signing key configured (WEBHOOK_SIGNING_KEY)");
    }
    return new WebhookSigner(secretBytes(secret));
  }

  /** The service's webhook secret (what the business verifies signatures with). */
  secretFor(clientId: string): string {
    return createHmac("sha256", this.key)
      .update(`kyc-attest webhook secret v1\u0000${clientId}`, "utf8")
      .digest("hex");
  }

  /** The `X-Hub-Signature` header value for a raw body: `sha256=<hex HMAC-SHA-256>`. */
  signatureFor(clientId: string, rawBody: string): string {
    return signWebhookBody(this.secretFor(clientId), rawBody);
  }
}

/** `sha256=<hex HMAC-SHA-256 of the raw body>` with the service's secret (GitHub/Blockpass style). */
export function signWebhookBody(secret: string, rawBody: string): string {
  return hubSignatureHeader(createHmac("sha256", secret).update(rawBody, "utf8").digest("hex"), "sha256=");
}
