import type { ServiceRepository } from "../../domain/ports.js";
import type { Service } from "../../domain/service.js";
import { isDelivered } from "../../domain/webhooks/delivery-policy.js";
import { webhookPayloadOf, weeklyReportPayloadOf } from "../../domain/webhooks/webhook-payload.js";
import {
  activeGenerations,
  LEGACY_SIGNATURE_FORMAT,
} from "../../domain/webhooks/webhook-secret-generations.js";
import type { WebhookResponse } from "./http-webhook-sender.js";
import { webhookHeaders, type SigningSecrets } from "./webhook-headers.js";
import type { WebhookQueueRecord } from "./webhook-message.js";

/** Derives a service's secret of one generation (WebhookSigner). */
export interface WebhookSecretSource {
  secretFor(clientId: string, generation?: number): string;
}

export interface WebhookDeliveryDeps {
  services: Pick<ServiceRepository, "get">;
  secrets: WebhookSecretSource;
  /** The deployment stage named in the body's `env`. */
  env: string;
  now(): Date;
  post(url: string, rawBody: string, headers: Record<string, string>): Promise<WebhookResponse>;
}

export type WebhookDeliveryOutcome =
  | { outcome: "delivered"; httpStatus: number }
  /** The service is gone or no longer has a webhook URL: nothing to deliver, ever. */
  | { outcome: "dropped"; reason: "unknown-service" | "no-webhook-url" }
  | { outcome: "refused"; httpStatus: number };

/** The secrets that sign a service's deliveries now (two during a rotation's overlap). */
export function signingSecretsOf(
  secrets: WebhookSecretSource,
  service: Pick<Service, "clientId" | "webhookSecret">,
  now: Date,
): SigningSecrets {
  const { current, previous } = activeGenerations(service.webhookSecret, now.toISOString());
  return {
    current: secrets.secretFor(service.clientId, current),
    previous: previous === null ? null : secrets.secretFor(service.clientId, previous),
  };
}

/**
 * Signs and POSTs one body to the service's webhook URL with Blockpass's and Standard Webhooks'
 * headers; the timestamp is the attempt's, the delivery id the body's `guid`.
 */
export async function postSignedBody(
  deps: Pick<WebhookDeliveryDeps, "secrets" | "now" | "post">,
  service: Service & { webhookUrl: string },
  body: { guid: string; event: string },
): Promise<WebhookResponse> {
  const rawBody = JSON.stringify(body);
  const now = deps.now();
  const headers = webhookHeaders({
    rawBody,
    deliveryId: body.guid,
    event: body.event,
    timestampSeconds: Math.floor(now.getTime() / 1000),
    secrets: signingSecretsOf(deps.secrets, service, now),
    format: service.webhookSignatureFormat ?? LEGACY_SIGNATURE_FORMAT,
  });
  return deps.post(service.webhookUrl, rawBody, headers);
}

/**
 * One delivery attempt: the payload (status fields only) is serialised once, signed over exactly
 * those bytes, and POSTed to the URL the service has now (a URL changed after the status change
 * gets the event). Network errors propagate; a non-2xx answer is `refused`.
 */
export async function deliverWebhook(
  deps: WebhookDeliveryDeps,
  record: WebhookQueueRecord,
): Promise<WebhookDeliveryOutcome> {
  const service = await deps.services.get(record.clientId);
  if (service === null) return { outcome: "dropped", reason: "unknown-service" };
  const webhookUrl = service.webhookUrl;
  if (webhookUrl === undefined) return { outcome: "dropped", reason: "no-webhook-url" };
  const body =
    record.kind === "report" ? weeklyReportPayloadOf(record, deps.env) : webhookPayloadOf(record, deps.env);
  const response = await postSignedBody(deps, { ...service, webhookUrl }, body);
  return isDelivered(response.status)
    ? { outcome: "delivered", httpStatus: response.status }
    : { outcome: "refused", httpStatus: response.status };
}
