import type { ChainIntent } from "./intent.js";

/** What the pipeline last recorded as applied on-chain for a profile. */
export interface AppliedVersion {
  profileVersion: number;
  /** When that application was confirmed (ISO-8601); absent for records that do not say. */
  confirmedAt?: string;
  /** Whether that applied state left the profile's wallet flagged (still valid); absent: unknown. */
  flagged?: boolean;
}

/**
 * Whether an intent still has work to do given what was already applied for its profile. A status
 * change applies only when it is newer than the applied version (redeliveries and duplicates are
 * skipped); a repair also when it is the same version (the chain drifted from the recorded state),
 * but never when the profile has moved on since the repair was decided, nor when that version was
 * confirmed after the repair was decided (the drift it saw is already repaired: re-applying would
 * attest the wallet twice). A plan change's intent carries the version already applied (its profile
 * did not change, its plan did): it applies when the applied state differs from what it asks (an
 * attestation where no flag stands, a revocation where one does), so a page queued twice is applied once.
 */
export function isApplicable(intent: ChainIntent, applied: AppliedVersion | null): boolean {
  if (applied === null) return true;
  if (intent.source === "plan-change") {
    if (intent.profileVersion !== applied.profileVersion)
      return intent.profileVersion > applied.profileVersion;
    return applied.flagged === undefined || applied.flagged !== (intent.intent === "attest");
  }
  if (intent.source !== "repair") return intent.profileVersion > applied.profileVersion;
  if (intent.profileVersion > applied.profileVersion) return true;
  if (intent.profileVersion < applied.profileVersion) return false;
  return (
    applied.confirmedAt === undefined ||
    intent.decidedAt === undefined ||
    Date.parse(applied.confirmedAt) < Date.parse(intent.decidedAt)
  );
}

/**
 * An intent whose profile version a pending transaction already carries is on its way, repairs included:
 * that transaction applies it, or re-queues it if it does not.
 */
export function isCarried(intent: ChainIntent, carriedVersion: number | undefined): boolean {
  return carriedVersion !== undefined && intent.profileVersion <= carriedVersion;
}
