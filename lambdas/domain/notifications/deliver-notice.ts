import { DomainError } from "../errors.js";
import type { Profile } from "../profile.js";
import type { ProfileRepository, ServiceRepository } from "../ports.js";
import {
  DEFAULT_NOTICE_LANGUAGE,
  NOTICE_RECORD_KINDS,
  noticeEventOf,
  type NoticeRecord,
} from "./notice-events.js";
import { noticeViewOf } from "./notice-view.js";
import type {
  MailSender,
  NoticeLedger,
  NoticeLedgerEntry,
  NoticeRecordSource,
  NoticeRenderer,
  NoticeSkipReason,
} from "./ports.js";

/**
 * Attempts per notice, the notification queue's `maxReceiveCount`: with the doubling retry delay
 * (30 s first) about two hours of retries, then the dead-letter queue.
 */
export const MAX_NOTICE_ATTEMPTS = 8;

/** Longer than the notifier's timeout: a crashed attempt's claim ends before SQS retries. */
export const NOTICE_LEASE_SECONDS = 120;

export interface DeliverNoticeDeps {
  records: NoticeRecordSource;
  ledger: NoticeLedger;
  profiles: Pick<ProfileRepository, "get">;
  services: Pick<ServiceRepository, "get">;
  renderer: NoticeRenderer;
  mail: MailSender;
  helpCentreUrl: string;
  now(): string;
}

/** What the queue message names: identifiers only, never the address or the text. */
export interface NoticeReference {
  id: string;
  kind: NoticeRecord["kind"];
  clientId: string;
  refId: string;
}

export type DeliverNoticeOutcome =
  | { outcome: "sent"; event: string; messageId: string }
  | { outcome: "skipped"; reason: NoticeSkipReason | "record-gone" }
  | { outcome: "duplicate" };

/** Another delivery of the same record is under way (a concurrent redelivery); retry later. */
export class NoticeInProgressError extends DomainError {
  override readonly name: string = "NoticeInProgressError";
}

/** The queue message names a record that is not the notice it claims to be: never deliverable. */
export class NoticeMismatchError extends DomainError {
  override readonly name: string = "NoticeMismatchError";
}

function isNoticeRecord(record: { kind: string }): record is NoticeRecord {
  return (NOTICE_RECORD_KINDS as readonly string[]).includes(record.kind);
}

/**
 * E-mails the user about one outbox record, at most once per record id. The address and given name
 * are read from the profile now: a profile archived or erased since, or without an address, gets
 * nothing (recorded as skipped), as does a decision a later status change superseded.
 */
export async function deliverNotice(
  deps: DeliverNoticeDeps,
  ref: NoticeReference,
): Promise<DeliverNoticeOutcome> {
  const record = await deps.records.get(ref.id);
  // Erasure deletes a profile's outbox records: nothing is left to say, nor anyone to say it to.
  if (record === null) return { outcome: "skipped", reason: "record-gone" };
  if (
    !isNoticeRecord(record) ||
    record.kind !== ref.kind ||
    record.clientId !== ref.clientId ||
    record.refId !== ref.refId
  ) {
    throw new NoticeMismatchError("the queued notice does not match its outbox record", {
      context: { id: ref.id, kind: ref.kind, recordKind: record.kind },
    });
  }
  const claim = await deps.ledger.claim(record.id, deps.now(), NOTICE_LEASE_SECONDS);
  if (claim === "done") return { outcome: "duplicate" };
  if (claim === "busy") {
    throw new NoticeInProgressError("another delivery holds this notice", { context: { id: record.id } });
  }
  try {
    const entry = await compose(deps, record);
    await deps.ledger.finish(record.id, entry, deps.now());
    return entry.state === "sent"
      ? { outcome: "sent", event: entry.event, messageId: entry.messageId }
      : { outcome: "skipped", reason: entry.reason };
  } catch (error) {
    await deps.ledger.release(record.id).catch(() => undefined);
    throw error;
  }
}

async function compose(deps: DeliverNoticeDeps, record: NoticeRecord): Promise<NoticeLedgerEntry> {
  const skip = (reason: NoticeSkipReason): NoticeLedgerEntry => ({ state: "skipped", reason });
  const event = noticeEventOf(record);
  if (event === null) return skip("not-notified");
  const service = await deps.services.get(record.clientId);
  if (service === null) return skip("unknown-service");
  const profile = await deps.profiles.get(record.clientId, record.refId);
  if (profile === null || profile.deleted || profile.isArchived || profile.identity === null) {
    return skip("profile-gone");
  }
  const email = profile.identity.email;
  if (email === undefined || email === "") return skip("no-email");
  if (record.kind === "user-notification" && superseded(profile, record.status)) return skip("superseded");
  const view = noticeViewOf(event, record, service, profile.identity.givenName, deps.helpCentreUrl);
  const rendered = await deps.renderer.render(event, DEFAULT_NOTICE_LANGUAGE, view);
  const { messageId } = await deps.mail.send({
    ...rendered,
    to: email,
    tags: { event, clientId: record.clientId },
  });
  return { state: "sent", event, messageId };
}

/** A later status change made the decision stale (e.g. approved, then blocked as a duplicate). */
function superseded(profile: Profile, status: Profile["status"]): boolean {
  return profile.status !== status;
}
