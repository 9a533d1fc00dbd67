import type { ChainIntent } from "./intent.js";

/** What the pipeline last recorded as applied on-chain for a profile. */
export interface AppliedVersion {
  profileVersion: number;
}

/**
 * Whether an intent still has work to do given what was already applied for its profile. A status
 * change applies only when it is newer than the applied version (redeliveries and duplicates are
 * skipped); a repair also when it is the same version (the chain drifted from the recorded state),
 * but never when the profile has moved on since the repair was decided.
 */
export function isApplicable(intent: ChainIntent, applied: AppliedVersion | null): boolean {
  if (applied === null) return true;
  return intent.source === "repair"
    ? intent.profileVersion >= applied.profileVersion
    : intent.profileVersion > applied.profileVersion;
}
