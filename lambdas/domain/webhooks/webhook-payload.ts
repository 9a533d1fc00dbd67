import type { WebhookEvent, WebhookOutboxRecord } from "../outbox.js";
import type { WeeklyReportWebhookRecord } from "../reports/report-delivery.js";
import type { ProfileStatus } from "../profile.js";

/** The event name of a test delivery (`isPing: true`), sent on an operator's request. */
export const PING_EVENT = "ping";

/**
 * What the business's webhook URL receives: Blockpass's body fields plus `profileVersion` and
 * `changedAt`; never personal data. Deliveries may arrive out of order and more than once: a
 * receiver keeps, per `refId`, the body with the highest `profileVersion` and drops a repeated `guid`.
 */
export interface WebhookPayload {
  /** Unique per delivery intent; the same on every retry so receivers can drop duplicates. */
  guid: string;
  status: ProfileStatus;
  clientId: string;
  event: WebhookEvent;
  recordId: string;
  refId: string;
  submitCount: number;
  /** Blockpass's cross-service user id; this service has none. */
  blockPassID: null;
  isArchived: boolean;
  waitingDate: string | null;
  inreviewDate: string | null;
  approvedDate: string | null;
  rejectedDate: string | null;
  blockedDate: string | null;
  isPing: false;
  /** The deployment stage that sent it (Blockpass: `prod` or `staging`). */
  env: string;
  /** Blockpass's id of the webhook configuration; a service here has one webhook, so null. */
  webhookId: null;
  /** The profile's version after this change: higher is newer. */
  profileVersion: number;
  /** When the change happened (ISO 8601). */
  changedAt: string;
}

/** The test delivery's body: Blockpass's fields with `isPing: true` and no profile. */
export interface WebhookPingPayload {
  guid: string;
  status: null;
  clientId: string;
  event: typeof PING_EVENT;
  recordId: null;
  refId: null;
  blockPassID: null;
  isPing: true;
  env: string;
  webhookId: null;
  profileVersion: 0;
  changedAt: string;
}

/** Picks the payload fields explicitly, so nothing added to the record can leak into a request. */
export function webhookPayloadOf(record: WebhookOutboxRecord, env: string): WebhookPayload {
  return {
    guid: record.id,
    status: record.status,
    clientId: record.clientId,
    event: record.event,
    recordId: record.recordId,
    refId: record.refId,
    submitCount: record.submitCount,
    blockPassID: null,
    isArchived: record.isArchived,
    waitingDate: record.waitingDate ?? null,
    inreviewDate: record.inreviewDate ?? null,
    approvedDate: record.approvedDate ?? null,
    rejectedDate: record.rejectedDate ?? null,
    blockedDate: record.blockedDate ?? null,
    isPing: false,
    env,
    webhookId: null,
    profileVersion: record.profileVersion,
    changedAt: record.at,
  };
}

export function webhookPingOf(input: {
  guid: string;
  clientId: string;
  at: string;
  env: string;
}): WebhookPingPayload {
  return {
    guid: input.guid,
    status: null,
    clientId: input.clientId,
    event: PING_EVENT,
    recordId: null,
    refId: null,
    blockPassID: null,
    isPing: true,
    env: input.env,
    webhookId: null,
    profileVersion: 0,
    changedAt: input.at,
  };
}

/**
 * The weekly report's body (managed-dedicated customers): Blockpass's envelope fields with no profile,
 * and `report` holding the week and signed links to the stored report (counts only, no personal data).
 */
export interface WeeklyReportPayload {
  guid: string;
  status: null;
  clientId: string;
  event: WeeklyReportWebhookRecord["event"];
  recordId: null;
  refId: null;
  blockPassID: null;
  isPing: false;
  env: string;
  webhookId: null;
  profileVersion: 0;
  changedAt: string;
  report: { week: string; start: string; end: string; jsonUrl: string; htmlUrl: string; expiresAt: string };
}

export function weeklyReportPayloadOf(record: WeeklyReportWebhookRecord, env: string): WeeklyReportPayload {
  return {
    guid: record.id,
    status: null,
    clientId: record.clientId,
    event: record.event,
    recordId: null,
    refId: null,
    blockPassID: null,
    isPing: false,
    env,
    webhookId: null,
    profileVersion: 0,
    changedAt: record.at,
    report: {
      week: record.weekId,
      start: record.weekStart,
      end: record.weekEnd,
      jsonUrl: record.jsonUrl,
      htmlUrl: record.htmlUrl,
      expiresAt: record.linksExpireAt,
    },
  };
}
