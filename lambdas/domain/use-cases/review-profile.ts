import type { Decision } from "../bots/decision.js";
import { STATUS_FOR_ACTION } from "../bots/decision.js";
import type { DecisionContext } from "../bots/decide.js";
import { decide } from "../bots/decide.js";
import type { Profile } from "../profile.js";
import { entitlementsOf, webhooksEnabled } from "../service.js";
import { applyTransition } from "../transitions.js";
import type { DedupGroupResult } from "./dedup-group.js";
import { dedupGroupOf } from "./dedup-group.js";
import type { DomainDeps } from "./deps.js";
import { loadProfile, loadService } from "./load.js";
import { saveTransition } from "./save-transition.js";

export interface ReviewProfileInput {
  clientId: string;
  refId: string;
}

export interface ReviewProfileResult {
  /** `decided`: the bot moved the profile; `review`: left waiting for a person; `skipped`: not waiting. */
  outcome: "decided" | "review" | "skipped";
  profile: Profile;
  decision: Decision | null;
  /** Real-time deduplication after the decision (null when the plan has no deduplication). */
  dedup: DedupGroupResult | null;
}

const DECIDED = new Set(["approved", "rejected", "blocked"]);

/**
 * The bots' turn on a `waiting` profile (one SQS message). Re-running it on a profile that is no
 * longer waiting changes nothing except re-running deduplication, which is idempotent; so a
 * message redelivered after a crash between decision and dedup still completes the dedup.
 */
export async function reviewProfile(
  deps: Pick<DomainDeps, "services" | "profiles" | "index" | "hasher" | "clock">,
  input: ReviewProfileInput,
  ctx: DecisionContext = {},
): Promise<ReviewProfileResult> {
  const service = await loadService(deps.services, input.clientId);
  const profile = await loadProfile(deps.profiles, input.clientId, input.refId);
  const deduplicate = entitlementsOf(service).deduplication;

  if (profile.status !== "waiting") {
    const dedup =
      deduplicate && DECIDED.has(profile.status)
        ? await dedupGroupOf(deps, input.clientId, input.refId)
        : null;
    return { outcome: "skipped", profile, decision: null, dedup };
  }

  const decision = decide(service, profile, ctx);
  if (decision.action === "review") return { outcome: "review", profile, decision, dedup: null };

  const change = applyTransition(profile, STATUS_FOR_ACTION[decision.action], {
    actor: { kind: "bot", id: decision.bot },
    reasonCodes: decision.reasonCodes,
    ruleVersion: decision.ruleVersion,
    at: deps.clock.now(),
    userMessage: decision.remediationMessage,
    webhooks: webhooksEnabled(service),
    ...(decision.amlEvidence === undefined ? {} : { amlEvidence: decision.amlEvidence }),
  });
  await saveTransition(deps, profile, change);
  const dedup = deduplicate ? await dedupGroupOf(deps, input.clientId, input.refId) : null;
  // The decided profile itself may have been blocked as a duplicate of an earlier approval.
  const final =
    dedup !== null && dedup.blocked.includes(input.refId)
      ? await loadProfile(deps.profiles, input.clientId, input.refId)
      : change.profile;
  return { outcome: "decided", profile: final, decision, dedup };
}
