import { remediationMessageFor } from "../bots/remediation.js";
import { ConflictError, ForbiddenTransitionError, ValidationError } from "../errors.js";
import type { Profile, ProfileStatus } from "../profile.js";
import { ProfileChangedError } from "./errors.js";

export const CUSTOMER_ACTIONS = ["approve", "reject", "block"] as const;
export type CustomerAction = (typeof CUSTOMER_ACTIONS)[number];

export const MAX_REASON_LENGTH = 500;
export const MAX_REMEDIATION_LENGTH = 1000;

/** Statuses a customer decides: what the bots left for review, opened or not. */
export const REVIEWABLE_STATUSES: readonly ProfileStatus[] = ["waiting", "inreview"];

const TARGET_STATUS: Readonly<Record<CustomerAction, ProfileStatus>> = {
  approve: "approved",
  reject: "rejected",
  block: "blocked",
};

/** Machine reason code of each action in the audit entry; the reviewer's text goes in its note. */
export const CUSTOMER_REASON_CODE: Readonly<Record<CustomerAction, string>> = {
  approve: "CUSTOMER_APPROVED",
  reject: "CUSTOMER_REJECTED",
  block: "CUSTOMER_BLOCKED",
};

export interface CustomerDecisionInput {
  action: CustomerAction;
  /** Why: the audit entry's note (never sent to the user). */
  reason: string;
  /** What the user is told; required for a rejection (what to fix), optional otherwise. */
  remediation?: string | undefined;
  /** The profile version the reviewer read; the decision applies only to that version. */
  version: number;
}

export interface PlannedCustomerDecision {
  to: ProfileStatus;
  reasonCode: string;
  note: string;
  userMessage: string;
}

/**
 * Checks a customer's decision against the profile as it is now. The version check comes first:
 * a reviewer who decided on an older read is told the profile changed (and what it is now), never
 * that its action does not fit a status it did not see.
 */
export function planCustomerDecision(
  profile: Profile,
  input: CustomerDecisionInput,
): PlannedCustomerDecision {
  const note = input.reason.trim();
  if (note.length === 0) throw new ValidationError("a decision needs a reason", "reason");
  if (note.length > MAX_REASON_LENGTH) {
    throw new ValidationError(`the reason is longer than ${MAX_REASON_LENGTH} characters`, "reason");
  }
  const remediation = input.remediation?.trim() ?? "";
  if (remediation.length > MAX_REMEDIATION_LENGTH) {
    throw new ValidationError(
      `the remediation is longer than ${MAX_REMEDIATION_LENGTH} characters`,
      "remediation",
    );
  }
  if (input.action === "reject" && remediation.length === 0) {
    throw new ValidationError("a rejection needs the remediation text the user receives", "remediation");
  }
  const context = { clientId: profile.clientId, refId: profile.refId, status: profile.status };
  if (profile.version !== input.version) throw profileChanged(profile, input.version);
  if (profile.isArchived) {
    throw new ConflictError("the profile is archived: its personal data is gone, so it cannot be decided", {
      context,
    });
  }
  if (!REVIEWABLE_STATUSES.includes(profile.status)) {
    throw new ForbiddenTransitionError(
      `only a profile waiting for review or in review can be decided (it is ${profile.status})`,
      { context },
    );
  }
  return {
    to: TARGET_STATUS[input.action],
    reasonCode: CUSTOMER_REASON_CODE[input.action],
    note,
    userMessage: remediation.length > 0 ? remediation : remediationMessageFor(input.action, [], "customer"),
  };
}

/** The 409 a reviewer gets when the profile is no longer the one it read. */
export function profileChanged(
  profile: Pick<Profile, "clientId" | "refId" | "status" | "version">,
  readVersion: number,
): ProfileChangedError {
  return new ProfileChangedError(
    `the profile changed since you read it (version ${readVersion}; it is now version ${profile.version}, ${profile.status}): read it again before deciding`,
    { context: { clientId: profile.clientId, refId: profile.refId, readVersion, version: profile.version } },
  );
}
