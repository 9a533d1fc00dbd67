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
    "X-Blockpass-Event": input.event,
    "X-Blockpass-Delivery": deliveryId,
    "X-Hub-Signature": hubSignature(secrets.previous ?? secrets.current, rawBody, input.format),
    "webhook-id": deliveryId,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": signatures.join(" "),
  };
}
