import type { OutboxRecord } from "../outbox.js";
import type { NoticeEvent, NoticeLanguage } from "./notice-events.js";
import type { NoticeView } from "./notice-view.js";

/** Reads an outbox record by id (the queue carries only ids; the record stays in the table). */
export interface NoticeRecordSource {
  get(id: string): Promise<OutboxRecord | null>;
}

/** A rendered message, ready to send. */
export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

export interface NoticeRenderer {
  render(event: NoticeEvent, language: NoticeLanguage, view: NoticeView): Promise<RenderedNotice>;
}

export interface OutgoingMail extends RenderedNotice {
  to: string;
  /** Non-personal tags for the provider's events (bounces, complaints): the event and the service. */
  tags: { event: NoticeEvent; clientId: string };
}

/** SES in AWS, SMTP locally. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

export type NoticeClaim =
  /** This delivery holds the record until it finishes or the lease ends. */
  | "claimed"
  /** An earlier delivery sent or skipped it: nothing to do. */
  | "done"
  /** Another delivery holds it now: try again later. */
  | "busy";

export type NoticeSkipReason =
  "not-notified" | "unknown-service" | "profile-gone" | "no-email" | "superseded";

export type NoticeLedgerEntry =
  { state: "sent"; event: NoticeEvent; messageId: string } | { state: "skipped"; reason: NoticeSkipReason };

/**
 * One entry per outbox record id: makes a redelivered record send at most one message. Holds no
 * personal data (no address, no text), only the outcome.
 */
export interface NoticeLedger {
  claim(recordId: string, at: string, leaseSeconds: number): Promise<NoticeClaim>;
  finish(recordId: string, entry: NoticeLedgerEntry, at: string): Promise<void>;
  /** Gives a claimed record back after a failed attempt, so the retry can claim it at once. */
  release(recordId: string): Promise<void>;
}
