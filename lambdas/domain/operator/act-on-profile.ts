import type { AuditEntry } from "../audit.js";
import type { Profile } from "../profile.js";
import { RULE_VERSION } from "../rule-version.js";
import { entitlementsOf, webhooksEnabled } from "../service.js";
import { applyTransition } from "../transitions.js";
import { dedupGroupOf, type DedupGroupResult } from "../use-cases/dedup-group.js";
import type { DomainDeps } from "../use-cases/deps.js";
import { indexChangeFor } from "../use-cases/index-change.js";
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

export type ActOnProfileDeps = Pick<DomainDeps, "services" | "profiles" | "index" | "hasher" | "clock">;

/**
 * An operator's remediation of one profile (managed plans only): approve, reject, block, or unblock
 * after a false-positive audit. The status change, its audit entry (operator, reason) and the chain
 * intent it implies are one write with the optimistic version check. An approval or a rejection is a
 * KYC decision, so real-time deduplication runs after it as after a bot's.
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

  const change = applyTransition(profile, plan.to, {
    actor: { kind: "operator", id: input.operator },
    reasonCodes: [OPERATOR_REASON_CODE[input.action]],
    ruleVersion: RULE_VERSION,
    at: deps.clock.now(),
    note: input.reason.trim(),
    webhooks: webhooksEnabled(service),
  });
  await deps.profiles.save({
    profile: change.profile,
    expectedVersion: profile.version,
    audit: change.audit,
    outbox: change.outbox,
    index: indexChangeFor(profile, change.profile, deps.hasher),
  });
  // A decision (approval or rejection) is what deduplication waits for; blocks need none.
  const decided = plan.to === "approved" || plan.to === "rejected";
  const deduplicate = decided && entitlementsOf(service).deduplication;
  const dedup = deduplicate ? await dedupGroupOf(deps, input.clientId, input.refId) : null;
  // The approved profile may itself be a later duplicate of an earlier approval, and blocked again.
  const final =
    dedup !== null && dedup.blocked.includes(input.refId)
      ? await loadProfile(deps.profiles, input.clientId, input.refId)
      : change.profile;
  return { changed: true, profile: final, audit: change.audit, dedup };
}
