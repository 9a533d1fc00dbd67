import type { AuditEntry } from "../audit.js";
import type { Profile } from "../profile.js";
import { decideProfile, type DecideProfileDeps } from "../use-cases/decide-profile.js";
import type { DedupGroupResult } from "../use-cases/dedup-group.js";
import { loadProfile, loadService } from "../use-cases/load.js";
import { requireOperatorAccess } from "./operator-access.js";
import {
  OPERATOR_REASON_CODE,
  planOperatorAction,
  remediationOf,
  targetStatusOf,
  type OperatorAction,
} from "./operator-action.js";
import { profileChangedByOther } from "./profile-changed.js";

export interface ActOnProfileInput {
  clientId: string;
  refId: string;
  action: OperatorAction;
  /** Why: kept as the audit entry's note. */
  reason: string;
  /** What the user is told to fix (reject: optional, request-resubmission: required). */
  remediation?: string | undefined;
  /**
   * The profile version the operator read (the console sends it): the action applies only to that
   * version, else a 409 naming who changed it. Absent (the CLI): the version read here.
   */
  version?: number | undefined;
  /** Who: the IAM principal in AWS, `OPERATOR` locally, the console user's id. */
  operator: string;
}

export interface ActOnProfileResult {
  /** False when the profile already had the action's status (a retried command): nothing written. */
  changed: boolean;
  profile: Profile;
  audit: AuditEntry | null;
  /** Real-time deduplication after an approval or rejection (null when not run). */
  dedup: DedupGroupResult | null;
}

export type ActOnProfileDeps = DecideProfileDeps;

/**
 * An operator's remediation of one profile (managed plans only): approve, reject, block, unblock
 * after a false-positive audit, or request a resubmission. The write itself is the shared
 * decideProfile (transition, audit, outbox, optimistic version check, deduplication after an
 * approval or rejection). Of two operators acting on the same version, one wins; the other gets
 * ProfileChangedByOtherError naming the winner.
 */
export async function actOnProfile(
  deps: ActOnProfileDeps,
  input: ActOnProfileInput,
): Promise<ActOnProfileResult> {
  const service = await loadService(deps.services, input.clientId);
  requireOperatorAccess(service);
  const userMessage = remediationOf(input.action, input.remediation);
  const profile = await loadProfile(deps.profiles, input.clientId, input.refId);
  if (input.version !== undefined && profile.version !== input.version) {
    const latest = (await deps.profiles.listAudit(input.clientId, input.refId)).at(-1);
    // The operator's own command, retried after it was written: nothing more to do.
    if (isOwnRetry(latest, { ...input, version: input.version }))
      return { changed: false, profile, audit: null, dedup: null };
    throw profileChangedByOther(profile, latest, input.version);
  }
  const plan = planOperatorAction(profile, input.action, input.reason);
  if (plan.kind === "unchanged") return { changed: false, profile, audit: null, dedup: null };

  const decided = await decideProfile(
    deps,
    service,
    profile,
    {
      to: plan.to,
      actor: { kind: "operator", id: input.operator },
      reasonCodes: [OPERATOR_REASON_CODE[input.action]],
      note: input.reason.trim(),
      ...(userMessage === undefined ? {} : { userMessage }),
    },
    {
      // Written by someone else between the read and the write: say who, and what it is now.
      onVersionConflict: async () => {
        const now = await loadProfile(deps.profiles, input.clientId, input.refId);
        const latest = (await deps.profiles.listAudit(input.clientId, input.refId)).at(-1);
        return profileChangedByOther(now, latest, profile.version);
      },
    },
  );
  return { changed: true, ...decided };
}

/** The latest change is this operator's own action on the version they read: a retried command. */
function isOwnRetry(latest: AuditEntry | undefined, input: ActOnProfileInput & { version: number }): boolean {
  return (
    latest !== undefined &&
    latest.profileVersion === input.version + 1 &&
    latest.actor.kind === "operator" &&
    latest.actor.id === input.operator &&
    latest.to === targetStatusOf(input.action) &&
    latest.reasonCodes.includes(OPERATOR_REASON_CODE[input.action])
  );
}
