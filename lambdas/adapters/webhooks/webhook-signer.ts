import { createHmac } from "node:crypto";
import {
  hubSignatureHeader,
  standardWebhooksSecret,
  standardWebhooksSignatureHeader,
  standardWebhooksSignedContent,
} from "@kyc-attest/sdk/webhooks";
import type { WebhookSignatureFormat } from "../../domain/webhooks/webhook-secret-generations.js";
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
 * `secret = hex(HMAC-SHA-256(key, "kyc-attest webhook secret v1\0" + clientId))` for generation 1, and
 * `... + "\0" + generation` after a service's own rotations. No secret is stored anywhere, only each
 * service's generation; the operator hands the business its secret (`secretFor`), and a leaked service
 * secret reveals neither the key nor other services' secrets. Rotating the key rotates every secret;
 * rotating one service's generation rotates only its own.
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

  /** The service's webhook secret of a generation (what the business verifies signatures with). */
  secretFor(clientId: string, generation = 1): string {
    if (!Number.isInteger(generation) || generation < 1) {
      throw new WebhookSigningKeyError("a webhook secret generation is a positive integer", { generation });
    }
    // Generation 1 keeps the original derivation, so secrets handed out before rotations existed stay valid.
    const suffix = generation === 1 ? "" : `\u0000${generation}`;
    return createHmac("sha256", this.key)
      .update(`kyc-attest webhook secret v1\u0000${clientId}${suffix}`, "utf8")
      .digest("hex");
  }
}

/** `sha256=<hex HMAC-SHA-256 of the raw body>` with the service's secret (GitHub style). */
export function signWebhookBody(secret: string, rawBody: string): string {
  return hubSignatureHeader(hexDigest(secret, rawBody), "sha256=");
}

/** The `X-Hub-Signature` value in the service's form: bare hex (Blockpass) or `sha256=<hex>`. */
export function hubSignature(secret: string, rawBody: string, format: WebhookSignatureFormat): string {
  return hubSignatureHeader(hexDigest(secret, rawBody), format);
}

/**
 * One Standard Webhooks signature entry: `v1,<base64 HMAC-SHA-256(key, "<id>.<timestamp>.<body>")>`.
 * The key is the UTF-8 bytes of the hex secret (its `whsec_` form is `whsecOf(secret)`).
 */
export function standardWebhookSignature(
  secret: string,
  webhookId: string,
  timestampSeconds: number,
  rawBody: string,
): string {
  const signed = standardWebhooksSignedContent(webhookId, timestampSeconds, rawBody);
  return standardWebhooksSignatureHeader([
    createHmac("sha256", secret).update(signed, "utf8").digest("base64"),
  ]);
}

/** The secret as Standard Webhooks libraries take it: `whsec_` + base64 of its UTF-8 bytes. */
export function whsecOf(secret: string): string {
  return standardWebhooksSecret(secret);
}

function hexDigest(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("hex");
}
