import { z } from "zod";
import { WEBHOOK_EVENTS, type WebhookOutboxRecord } from "../../domain/outbox.js";
import { PROFILE_STATUSES } from "../../domain/profile.js";
import { WEEKLY_REPORT_EVENT, type WeeklyReportWebhookRecord } from "../../domain/reports/report-delivery.js";

/** The webhook queue's message body: the outbox record as published. */
export const webhookMessageSchema = z.object({
  id: z.string().min(1),
  kind: z.literal("webhook"),
  event: z.enum(WEBHOOK_EVENTS),
  clientId: z.string().min(1),
  refId: z.string().min(1),
  recordId: z.string().min(1),
  status: z.enum(PROFILE_STATUSES),
  submitCount: z.number().int().nonnegative(),
  isArchived: z.boolean(),
  at: z.string(),
  profileVersion: z.number().int().positive(),
  waitingDate: z.string().nullable().optional(),
  inreviewDate: z.string().nullable().optional(),
  approvedDate: z.string().nullable().optional(),
  rejectedDate: z.string().nullable().optional(),
  blockedDate: z.string().nullable().optional(),
}) satisfies z.ZodType<WebhookOutboxRecord>;

/** A weekly report's delivery (`report-delivery.ts`). */
export const reportWebhookMessageSchema = z.object({
  id: z.string().min(1),
  kind: z.literal("report"),
  event: z.literal(WEEKLY_REPORT_EVENT),
  clientId: z.string().min(1),
  weekId: z.string().min(1),
  weekStart: z.string(),
  weekEnd: z.string(),
  jsonUrl: z.url(),
  htmlUrl: z.url(),
  linksExpireAt: z.string(),
  at: z.string(),
}) satisfies z.ZodType<WeeklyReportWebhookRecord>;

/** What the webhook queue carries: a profile's status change or a weekly report. */
export type WebhookQueueRecord = WebhookOutboxRecord | WeeklyReportWebhookRecord;

const webhookQueueMessageSchema = z.discriminatedUnion("kind", [
  webhookMessageSchema,
  reportWebhookMessageSchema,
]);

export class InvalidWebhookMessageError extends Error {
  override readonly name = "InvalidWebhookMessageError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(messageId: string, cause: unknown) {
    super(`webhook queue message ${messageId} is not a webhook record`, { cause });
    this.context = { messageId };
  }
}

export function encodeWebhookMessage(record: WebhookQueueRecord): string {
  return JSON.stringify(record);
}

export function decodeWebhookMessage(messageId: string, body: string): WebhookQueueRecord {
  try {
    return webhookQueueMessageSchema.parse(JSON.parse(body));
  } catch (error) {
    throw new InvalidWebhookMessageError(messageId, error);
  }
}
