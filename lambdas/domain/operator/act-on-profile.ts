import type { AuditEntry } from "../audit.js";
import type { Profile } from "../profile.js";
import { decideProfile, type DecideProfileDeps } from "../use-cases/decide-profile.js";
import type { DedupGroupResult } from "../use-cases/dedup-group.js";
import { loadProfile, loadService } from "../use-cases/load.js";
import { requireOperatorAccess } from "./operator-access.js";
import { OPERATOR_REASON_CODE, planOperatorAction, type OperatorAction } from "./operator-action.js";

export interface ActOnProfileInput {
  clientId: string;
  refId: string;
  action: OperatorAction;
  /** Why: kept as the audit entry's note. */
  reason: string;
  /** Who: the IAM principal in AWS, `OPERATOR` locally. */
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
 * An operator's remediation of one profile (managed plans only): approve, reject, block, or unblock
 * after a false-positive audit. The write itself is the shared decideProfile (transition, audit,
 * outbox, optimistic version check, deduplication after an approval or rejection).
 */
export async function actOnProfile(
  deps: ActOnProfileDeps,
  input: ActOnProfileInput,
): Promise<ActOnProfileResult> {
  const service = await loadService(deps.services, input.clientId);
  requireOperatorAccess(service);
  const profile = await loadProfile(deps.profiles, input.clientId, input.refId);
  const plan = planOperatorAction(profile, input.action, input.reason);
  if (plan.kind === "unchanged") return { changed: false, profile, audit: null, dedup: null };

  const decided = await decideProfile(deps, service, profile, {
    to: plan.to,
    actor: { kind: "operator", id: input.operator },
    reasonCodes: [OPERATOR_REASON_CODE[input.action]],
    note: input.reason.trim(),
  });
  return { changed: true, ...decided };
}
