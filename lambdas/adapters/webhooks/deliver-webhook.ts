import type { WebhookOutboxRecord } from "../../domain/outbox.js";
import type { ServiceRepository } from "../../domain/ports.js";
import { isDelivered } from "../../domain/webhooks/delivery-policy.js";
import { webhookPayloadOf } from "../../domain/webhooks/webhook-payload.js";
import type { WebhookResponse } from "./http-webhook-sender.js";

export interface WebhookDeliveryDeps {
  services: Pick<ServiceRepository, "get">;
  signatureFor(clientId: string, rawBody: string): string;
  post(url: string, rawBody: string, signature: string): Promise<WebhookResponse>;
}

export type WebhookDeliveryOutcome =
  | { outcome: "delivered"; httpStatus: number }
  /** The service is gone or no longer has a webhook URL: nothing to deliver, ever. */
  | { outcome: "dropped"; reason: "unknown-service" | "no-webhook-url" }
  | { outcome: "refused"; httpStatus: number };

/**
 * One delivery attempt: the payload (status fields only) is serialised once, signed over exactly
 * those bytes, and POSTed to the URL the service has now (a URL changed after the status change
 * gets the event). Network errors propagate; a non-2xx answer is `refused`.
 */
export async function deliverWebhook(
  deps: WebhookDeliveryDeps,
  record: WebhookOutboxRecord,
): Promise<WebhookDeliveryOutcome> {
  const service = await deps.services.get(record.clientId);
  if (service === null) return { outcome: "dropped", reason: "unknown-service" };
  if (service.webhookUrl === undefined) return { outcome: "dropped", reason: "no-webhook-url" };
  const rawBody = JSON.stringify(webhookPayloadOf(record));
  const response = await deps.post(service.webhookUrl, rawBody, deps.signatureFor(record.clientId, rawBody));
  return isDelivered(response.status)
    ? { outcome: "delivered", httpStatus: response.status }
    : { outcome: "refused", httpStatus: response.status };
}
