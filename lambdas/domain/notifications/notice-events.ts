import type { SupportNotificationOutboxRecord, UserNotificationOutboxRecord } from "../outbox.js";

/** What a user is e-mailed about: decisions on their profile and their support tickets. */
export const NOTICE_EVENTS = [
  "approved",
  "rejected",
  "resubmission-requested",
  "blocked",
  "ticket-opened",
  "ticket-answered",
  "ticket-closed",
  "edd-invitation",
] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

/** Languages with a template for every event; the first is the fallback. */
export const NOTICE_LANGUAGES = ["en"] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];
export const DEFAULT_NOTICE_LANGUAGE: NoticeLanguage = "en";

/** The outbox records the notifier consumes. */
export type NoticeRecord = UserNotificationOutboxRecord | SupportNotificationOutboxRecord;
export const NOTICE_RECORD_KINDS = ["user-notification", "support-notification"] as const;

/**
 * The event a record is e-mailed as, or null when users are not told about it (a profile waiting or
 * under review). A rejection decided by a person (operator or customer reviewer) after a review asks the
 * user to resubmit; one decided
 * by the bots is a rejection with the plan's remediation text.
 */
export function noticeEventOf(record: NoticeRecord): NoticeEvent | null {
  if (record.kind === "support-notification") return record.event;
  switch (record.status) {
    case "approved":
      return "approved";
    case "blocked":
      return "blocked";
    case "rejected":
      return record.decidedBy === "operator" || record.decidedBy === "customer"
        ? "resubmission-requested"
        : "rejected";
    default:
      return null;
  }
}
