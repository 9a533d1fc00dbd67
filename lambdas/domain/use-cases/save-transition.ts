import type { IdentifierHasher, ProfileRepository } from "../ports.js";
import type { Profile } from "../profile.js";
import type { TransitionResult } from "../transitions.js";
import { indexChangeFor } from "./index-change.js";

/**
 * Writes one status change of a profile read at `before.version`: the profile, its audit entry, its
 * outbox records and the identifier index rows that mirror its status, in one conditional write
 * (VersionConflictError when someone else wrote first; nothing written).
 */
export function saveTransition(
  deps: { profiles: Pick<ProfileRepository, "save">; hasher: IdentifierHasher },
  before: Profile,
  change: TransitionResult,
): Promise<void> {
  return deps.profiles.save({
    profile: change.profile,
    expectedVersion: before.version,
    audit: change.audit,
    outbox: change.outbox,
    index: indexChangeFor(before, change.profile, deps.hasher),
  });
}
