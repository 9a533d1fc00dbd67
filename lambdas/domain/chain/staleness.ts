import type { ChainIntent } from "./intent.js";

/** What the pipeline last recorded as applied on-chain for a profile. */
export interface AppliedVersion {
  profileVersion: number;
  /** Whether that applied state left the profile's wallet flagged (still valid); absent: unknown. */
  flagged?: boolean;
}

/**
 * Whether an intent still has work to do given what was already applied for its profile. A status
 * change applies only when it is newer than the applied version (redeliveries and duplicates are
 * skipped); a repair also when it is the same version (the chain drifted from the recorded state),
 * but never when the profile has moved on since the repair was decided. A plan change's intent carries
 * the version already applied (its profile did not change, its plan did): it applies when the applied
 * state differs from what it asks (an attestation where no flag stands, a revocation where one does),
 * so a page queued twice is applied once.
 */
export function isApplicable(intent: ChainIntent, applied: AppliedVersion | null): boolean {
  if (applied === null) return true;
  if (intent.source === "plan-change") {
    if (intent.profileVersion !== applied.profileVersion)
      return intent.profileVersion > applied.profileVersion;
    return applied.flagged === undefined || applied.flagged !== (intent.intent === "attest");
  }
  return intent.source === "repair"
    ? intent.profileVersion >= applied.profileVersion
    : intent.profileVersion > applied.profileVersion;
}
