import type { WebhookEvent, WebhookOutboxRecord } from "../outbox.js";
import type { ProfileStatus } from "../profile.js";

/** What the business's webhook URL receives (Blockpass fields); never personal data. */
export interface WebhookPayload {
  event: WebhookEvent;
  clientId: string;
  refId: string;
  recordId: string;
  status: ProfileStatus;
  submitCount: number;
  isArchived: boolean;
  /** Unique per delivery intent; the same on every retry so receivers can drop duplicates. */
  guid: string;
}

/** Picks the payload fields explicitly, so nothing added to the record can leak into a request. */
export function webhookPayloadOf(record: WebhookOutboxRecord): WebhookPayload {
  return {
    event: record.event,
    clientId: record.clientId,
    refId: record.refId,
    recordId: record.recordId,
    status: record.status,
    submitCount: record.submitCount,
    isArchived: record.isArchived,
    guid: record.id,
  };
}
