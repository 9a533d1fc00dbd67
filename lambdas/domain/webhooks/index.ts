export {
  isDelivered,
  MAX_WEBHOOK_ATTEMPTS,
  retryDelaySeconds,
  visibilityAfterFailure,
} from "./delivery-policy.js";
export { WEBHOOK_EVENTS, webhookEventFor, type WebhookEvent } from "./webhook-events.js";
export { webhookPayloadOf, type WebhookPayload } from "./webhook-payload.js";
export { webhookRecordFor } from "./webhook-record.js";
export { validateWebhookUrl } from "./webhook-url.js";
