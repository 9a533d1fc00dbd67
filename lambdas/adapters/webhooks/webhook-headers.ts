import { WEBHOOK_HEADERS } from "@kyc-attest/sdk/webhooks";
import type { WebhookSignatureFormat } from "../../domain/webhooks/webhook-secret-generations.js";
import { hubSignature, standardWebhookSignature } from "./webhook-signer.js";

/** The secrets signing a delivery: the current one, and the previous one during a rotation's overlap. */
export interface SigningSecrets {
  current: string;
  previous: string | null;
}

export interface WebhookHeaderInput {
  rawBody: string;
  /** The body's `guid`: the same on every retry of one delivery. */
  deliveryId: string;
  event: string;
  timestampSeconds: number;
  secrets: SigningSecrets;
  format: WebhookSignatureFormat;
}

/**
 * The headers of one delivery (docs/blockpass-compatibility.md): Blockpass's `X-Blockpass-Event`,
 * `X-Blockpass-Delivery` and `X-Hub-Signature`, and Standard Webhooks' `webhook-id`,
 * `webhook-timestamp`, `webhook-signature`. `webhook-signature` carries the current secret's entry
 * and, during an overlap, the previous one's. `X-Hub-Signature` holds one value: during an overlap it
 * stays on the previous secret, so a Blockpass-style receiver keeps working unchanged until the
 * overlap ends and switches secrets by then.
 */
export function webhookHeaders(input: WebhookHeaderInput): Record<string, string> {
  const { rawBody, deliveryId, timestampSeconds, secrets } = input;
  const signatures = [secrets.current, ...(secrets.previous === null ? [] : [secrets.previous])].map(
    (secret) => standardWebhookSignature(secret, deliveryId, timestampSeconds, rawBody),
  );
  return {
    [WEBHOOK_HEADERS.blockpassEvent]: input.event,
    [WEBHOOK_HEADERS.blockpassDelivery]: deliveryId,
    [WEBHOOK_HEADERS.hubSignature]: hubSignature(secrets.previous ?? secrets.current, rawBody, input.format),
    [WEBHOOK_HEADERS.id]: deliveryId,
    [WEBHOOK_HEADERS.timestamp]: String(timestampSeconds),
    [WEBHOOK_HEADERS.signature]: signatures.join(" "),
  };
}
