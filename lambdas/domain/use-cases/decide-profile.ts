import type { Actor, AuditEntry } from "../audit.js";
import { VersionConflictError } from "../errors.js";
import type { Profile, ProfileStatus } from "../profile.js";
import { RULE_VERSION } from "../rule-version.js";
import { entitlementsOf, webhooksEnabled, type Service } from "../service.js";
import { applyTransition } from "../transitions.js";
import { dedupGroupOf, type DedupGroupResult } from "./dedup-group.js";
import type { DomainDeps } from "./deps.js";
import { loadProfile } from "./load.js";
import { saveTransition } from "./save-transition.js";

/** A person's decision on one profile: an operator's, or a customer's through its review key. */
export interface ProfileDecision {
  to: ProfileStatus;
  actor: Actor;
  /** Machine reason codes (e.g. OPERATOR_REJECTED, CUSTOMER_APPROVED). */
  reasonCodes: string[];
  /** The person's reason, kept as the audit entry's note. */
  note: string;
  /** Sent to the user (a user-notification outbox record); absent: the user is not notified. */
  userMessage?: string;
}

export interface DecideProfileOptions {
  /**
   * What to throw instead when the write loses the version check (nothing was written), e.g. an
   * error that says what the profile is now. Errors of the deduplication after it are not mapped.
   */
  onVersionConflict?: (error: VersionConflictError) => Promise<Error>;
}

export interface DecideProfileResult {
  profile: Profile;
  audit: AuditEntry;
  /** Real-time deduplication after an approval or rejection (null when not run). */
  dedup: DedupGroupResult | null;
}

export type DecideProfileDeps = Pick<DomainDeps, "services" | "profiles" | "index" | "hasher" | "clock">;

/**
 * Writes a person's decision on a profile read at `profile.version`: the status change, its audit
 * entry, the chain intent, the webhook and the user's notification are one write with the
 * optimistic version check (a concurrent writer makes it throw VersionConflictError, nothing
 * written). An approval or a rejection is a KYC decision, so real-time deduplication runs after it
 * as after a bot's, on plans that have deduplication.
 */
export async function decideProfile(
  deps: DecideProfileDeps,
  service: Service,
  profile: Profile,
  decision: ProfileDecision,
  options: DecideProfileOptions = {},
): Promise<DecideProfileResult> {
  const change = applyTransition(profile, decision.to, {
    actor: decision.actor,
    reasonCodes: decision.reasonCodes,
    ruleVersion: RULE_VERSION,
    at: deps.clock.now(),
    note: decision.note,
    ...(decision.userMessage === undefined ? {} : { userMessage: decision.userMessage }),
    webhooks: webhooksEnabled(service),
  });
  try {
    await saveTransition(deps, profile, change);
  } catch (error) {
    if (error instanceof VersionConflictError && options.onVersionConflict !== undefined) {
      throw await options.onVersionConflict(error);
    }
    throw error;
  }
  // A decision (approval or rejection) is what deduplication waits for; blocks need none.
  const decided = decision.to === "approved" || decision.to === "rejected";
  const deduplicate = decided && entitlementsOf(service).deduplication;
  const dedup = deduplicate ? await dedupGroupOf(deps, profile.clientId, profile.refId) : null;
  // The decided profile may itself be a later duplicate of an earlier approval, and blocked.
  const final =
    dedup !== null && dedup.blocked.includes(profile.refId)
      ? await loadProfile(deps.profiles, profile.clientId, profile.refId)
      : change.profile;
  return { profile: final, audit: change.audit, dedup };
}
