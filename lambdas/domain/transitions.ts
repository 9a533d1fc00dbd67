import type { Actor, ActorKind, AuditEntry } from "./audit.js";
import { ForbiddenTransitionError } from "./errors.js";
import { deterministicId } from "./ids.js";
import type { OutboxRecord } from "./outbox.js";
import type { Profile, ProfileStatus } from "./profile.js";
import { STATUS_DATE_FIELD } from "./profile.js";
import { webhookEventFor } from "./webhooks/webhook-events.js";
import { webhookRecordFor } from "./webhooks/webhook-record.js";

export type { Actor, ActorKind, AuditEntry } from "./audit.js";
export type { OutboxRecord } from "./outbox.js";

type TransitionTable = Readonly<Record<ProfileStatus, Partial<Record<ProfileStatus, readonly ActorKind[]>>>>;

/**
 * Every allowed status change and who may make it. Anything absent is forbidden.
 * - `system` completes intake; `customer` resubmits after a rejection;
 * - `bot` is the KYC Bot / Advanced KYC Bot (including deduplication, which it runs);
 * - `operator` opens, decides, and reverses blocks (false-positive AML, fixable profiles);
 * - `customer` (a business's review key, payg and self-managed plans only) also opens and decides
 *   the profiles the bots leave for review; reversing a block stays with operators.
 */
export const ALLOWED_TRANSITIONS: TransitionTable = {
  incomplete: {
    waiting: ["system"],
    blocked: ["bot", "operator"],
  },
  waiting: {
    inreview: ["operator", "customer"],
    approved: ["bot", "operator", "customer"],
    rejected: ["bot", "operator", "customer"],
    blocked: ["bot", "operator", "customer"],
  },
  inreview: {
    waiting: ["operator"],
    approved: ["operator", "customer"],
    rejected: ["operator", "customer"],
    blocked: ["bot", "operator", "customer"],
  },
  approved: {
    rejected: ["operator"],
    blocked: ["bot", "operator"],
  },
  rejected: {
    incomplete: ["customer"],
    blocked: ["bot", "operator"],
  },
  blocked: {
    approved: ["operator"],
    rejected: ["operator"],
  },
};

export function isAllowedTransition(from: ProfileStatus, to: ProfileStatus, actor: ActorKind): boolean {
  return ALLOWED_TRANSITIONS[from][to]?.includes(actor) ?? false;
}

export interface TransitionOptions {
  actor: Actor;
  reasonCodes: string[];
  ruleVersion: string;
  at: string;
  note?: string;
  /** For DUPLICATE blocks: the original's refId (kept in the audit entry only). */
  originalRefId?: string;
  /** What AML screening found, kept in the audit entry (bot decisions). */
  amlEvidence?: AuditEntry["amlEvidence"];
  /**
   * Message for the user. Bot decisions always notify the user (a generic message per status when
   * absent); other actors notify only when they give one (a customer's decision with its remediation).
   */
  userMessage?: string;
  /** The service has a webhook URL: also emit the business's webhook event for this change. */
  webhooks?: boolean;
}

export interface TransitionResult {
  profile: Profile;
  audit: AuditEntry;
  outbox: OutboxRecord[];
}

const DEFAULT_USER_MESSAGE: Readonly<Record<ProfileStatus, string>> = {
  incomplete: "Your profile is incomplete. Please finish your submission.",
  waiting: "Your profile is waiting for review.",
  inreview: "Your profile is being reviewed.",
  approved: "Your identity verification is approved.",
  rejected: "Your identity verification needs changes. Please update your profile and resubmit.",
  blocked: "Your identity verification cannot be approved. Please contact support.",
};

/** The decisions of a person (operator or customer reviewer) the user is told about; opening a review is not one. */
const USER_NOTIFIED_PERSON_DECISIONS: ReadonlySet<ProfileStatus> = new Set([
  "approved",
  "rejected",
  "blocked",
]);

/**
 * Applies one status change: checks the table, bumps the version, sets the status date, and
 * produces the audit entry and outbox records to write in the same transaction.
 * Pure: the caller persists the result with an optimistic check on `profile.version`.
 */
export function applyTransition(
  profile: Profile,
  to: ProfileStatus,
  options: TransitionOptions,
): TransitionResult {
  const from = profile.status;
  if (!isAllowedTransition(from, to, options.actor.kind)) {
    throw new ForbiddenTransitionError(
      `transition ${from} -> ${to} by ${options.actor.kind} is not allowed`,
      {
        context: { clientId: profile.clientId, refId: profile.refId, from, to, actor: options.actor.kind },
      },
    );
  }
  if (profile.deleted) {
    throw new ForbiddenTransitionError("a deleted profile cannot change status", {
      context: { clientId: profile.clientId, refId: profile.refId, from, to },
    });
  }
  const version = profile.version + 1;
  const next: Profile = {
    ...profile,
    status: to,
    version,
    updatedAt: options.at,
    lastStatusChangeAt: options.at,
    rejectionCount: to === "rejected" ? profile.rejectionCount + 1 : profile.rejectionCount,
    statusReasonCodes: [...options.reasonCodes],
  };
  const dateField = STATUS_DATE_FIELD[to];
  if (dateField) next[dateField] = options.at;

  const audit: AuditEntry = {
    id: deterministicId(profile.clientId, profile.refId, version, "audit"),
    clientId: profile.clientId,
    refId: profile.refId,
    recordId: profile.recordId,
    from,
    to,
    actor: options.actor,
    reasonCodes: [...options.reasonCodes],
    ruleVersion: options.ruleVersion,
    at: options.at,
    profileVersion: version,
  };
  if (options.note !== undefined) audit.note = options.note;
  if (options.originalRefId !== undefined) audit.originalRefId = options.originalRefId;
  if (options.amlEvidence !== undefined && options.amlEvidence.length > 0) {
    audit.amlEvidence = options.amlEvidence;
  }

  const outbox: OutboxRecord[] = [];
  if ((to === "approved") !== (from === "approved")) {
    outbox.push({
      id: deterministicId(profile.clientId, profile.refId, version, "chain"),
      kind: "chain",
      intent: to === "approved" ? "attest" : "revoke",
      clientId: profile.clientId,
      refId: profile.refId,
      wallet: profile.wallet,
      at: options.at,
      profileVersion: version,
    });
  }
  const decidedBy = options.actor.kind;
  // A person's decision (an operator's, or a customer reviewer's) is told like a bot's; a person who
  // only opens a profile is not, unless they wrote the user a message.
  const personDecided =
    (decidedBy === "operator" || decidedBy === "customer") && USER_NOTIFIED_PERSON_DECISIONS.has(to);
  if (decidedBy === "bot" || personDecided || options.userMessage !== undefined) {
    outbox.push({
      id: deterministicId(profile.clientId, profile.refId, version, "user-notification"),
      kind: "user-notification",
      clientId: profile.clientId,
      refId: profile.refId,
      status: to,
      reasonCodes: [...options.reasonCodes],
      message: options.userMessage ?? DEFAULT_USER_MESSAGE[to],
      at: options.at,
      profileVersion: version,
      ...(decidedBy === "system" ? {} : { decidedBy }),
    });
  }
  const event = options.webhooks === true ? webhookEventFor(from, to) : null;
  if (event !== null) outbox.push(webhookRecordFor(next, event, options.at));
  return { profile: next, audit, outbox };
}
