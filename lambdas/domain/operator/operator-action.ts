import { ConflictError, ForbiddenTransitionError, ValidationError } from "../errors.js";
import type { Profile, ProfileStatus } from "../profile.js";
import { isAllowedTransition } from "../transitions.js";

export const OPERATOR_ACTIONS = ["approve", "reject", "block", "unblock", "request-resubmission"] as const;
export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];

export const MAX_REASON_LENGTH = 500;
export const MAX_REMEDIATION_LENGTH = 1000;

/** Actions whose remediation text (what the user is told to fix) may be given; required for the last. */
const REMEDIATION_ACTIONS: ReadonlySet<OperatorAction> = new Set(["reject", "request-resubmission"]);

const TARGET_STATUS: Readonly<Record<OperatorAction, ProfileStatus>> = {
  approve: "approved",
  reject: "rejected",
  block: "blocked",
  // The reference: operators reverse a block after confirming a false-positive AML result.
  unblock: "approved",
  // The user is asked to fix and resubmit: a rejection whose notification is the operator's remediation.
  "request-resubmission": "rejected",
};

/** Machine reason code of each action in the audit entry; the operator's text goes in its note. */
export const OPERATOR_REASON_CODE: Readonly<Record<OperatorAction, string>> = {
  approve: "OPERATOR_APPROVED",
  reject: "OPERATOR_REJECTED",
  block: "OPERATOR_BLOCKED",
  unblock: "OPERATOR_UNBLOCKED_FALSE_POSITIVE",
  "request-resubmission": "OPERATOR_REQUESTED_RESUBMISSION",
};

export function isOperatorAction(value: string): value is OperatorAction {
  return (OPERATOR_ACTIONS as readonly string[]).includes(value);
}

/** What an action does to a profile: move it to `to`, or nothing when it is already there (a retried command). */
export type ActionPlan =
  { kind: "transition"; to: ProfileStatus } | { kind: "unchanged"; status: ProfileStatus };

/** The status an action leads to. */
export function targetStatusOf(action: OperatorAction): ProfileStatus {
  return TARGET_STATUS[action];
}

/**
 * The text sent to the user with the decision (trimmed), or undefined when the action sends the
 * default message. Required for `request-resubmission` (the user must learn what to fix), optional
 * for `reject`, refused elsewhere (nothing would carry it to the user).
 */
export function remediationOf(action: OperatorAction, remediation: string | undefined): string | undefined {
  const text = remediation?.trim() ?? "";
  if (text.length > MAX_REMEDIATION_LENGTH) {
    throw new ValidationError(
      `the remediation is longer than ${MAX_REMEDIATION_LENGTH} characters`,
      "remediation",
    );
  }
  if (!REMEDIATION_ACTIONS.has(action)) {
    if (remediation !== undefined) {
      throw new ValidationError(
        `a remediation goes with reject or request-resubmission, not ${action}`,
        "remediation",
      );
    }
    return undefined;
  }
  if (action === "request-resubmission" && text.length === 0) {
    throw new ValidationError(
      "a resubmission request needs the remediation text the user receives",
      "remediation",
    );
  }
  return text.length === 0 ? undefined : text;
}

/**
 * Decides what an operator action means for a profile in its current state. `approve` is for
 * undecided profiles; a blocked profile is approved only through `unblock`, so every reversal of a
 * block is recorded as one. Archived profiles keep their last decision: their data is gone.
 */
export function planOperatorAction(profile: Profile, action: OperatorAction, reason: string): ActionPlan {
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw new ValidationError("an operator action needs a reason", "reason");
  if (trimmed.length > MAX_REASON_LENGTH) {
    throw new ValidationError(`the reason is longer than ${MAX_REASON_LENGTH} characters`, "reason");
  }
  const context = { clientId: profile.clientId, refId: profile.refId, status: profile.status, action };
  if (profile.isArchived) {
    throw new ConflictError(
      "the profile is archived: its personal data is gone, so it cannot be re-decided",
      {
        context,
      },
    );
  }
  if (action === "unblock" && profile.status !== "blocked") {
    if (profile.status === "approved") return { kind: "unchanged", status: profile.status };
    throw new ForbiddenTransitionError(`only a blocked profile can be unblocked (it is ${profile.status})`, {
      context,
    });
  }
  if (action === "approve" && profile.status === "blocked") {
    throw new ForbiddenTransitionError("a blocked profile is approved with the unblock action", { context });
  }
  const to = TARGET_STATUS[action];
  if (profile.status === to) return { kind: "unchanged", status: to };
  if (!isAllowedTransition(profile.status, to, "operator")) {
    throw new ForbiddenTransitionError(`an operator cannot ${action} a profile in status ${profile.status}`, {
      context,
    });
  }
  return { kind: "transition", to };
}
