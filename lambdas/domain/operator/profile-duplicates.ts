import type { AuditEntry } from "../audit.js";
import { identifierKeysOf, type IdentifierKind } from "../dedup/identifiers.js";
import type { IdentifierHasher, IdentifierIndex } from "../ports.js";
import type { Profile, ProfileStatus } from "../profile.js";

/** Another profile of the same service sharing an identifier with this one (no personal data). */
export interface DuplicateProfile {
  refId: string;
  status: ProfileStatus;
  /** Which kinds of identifier they share (never the identifier itself). */
  matchedOn: IdentifierKind[];
}

export interface ProfileDuplicates {
  /** Profiles sharing a crypto address, passport or national ID number with this one, by refId. */
  sharing: DuplicateProfile[];
  /** When deduplication blocked this profile: the original it duplicates (latest DUPLICATE block). */
  originalRefId: string | null;
}

/**
 * The duplicates an operator sees on a profile's page: the identifier index rows under each of the
 * profile's identifier hashes (direct neighbours, not the transitive group), and the original named by
 * its latest DUPLICATE block. An archived or erased profile has no documents left, so only its
 * wallet (if kept) still finds neighbours; the audit's original remains.
 */
export async function duplicatesOf(
  deps: { index: Pick<IdentifierIndex, "findByHash">; hasher: IdentifierHasher },
  profile: Pick<Profile, "clientId" | "refId" | "wallet" | "documents">,
  audit: readonly AuditEntry[],
): Promise<ProfileDuplicates> {
  const found = new Map<string, DuplicateProfile>();
  for (const key of identifierKeysOf(profile)) {
    const kind = key.slice(0, key.indexOf(":")) as IdentifierKind;
    for (const entry of await deps.index.findByHash(profile.clientId, deps.hasher.hash(key))) {
      if (entry.refId === profile.refId) continue;
      const known = found.get(entry.refId) ?? { refId: entry.refId, status: entry.status, matchedOn: [] };
      if (!known.matchedOn.includes(kind)) known.matchedOn.push(kind);
      found.set(entry.refId, known);
    }
  }
  const block = audit.findLast(
    (entry) => entry.reasonCodes.includes("DUPLICATE") && entry.originalRefId !== undefined,
  );
  return {
    sharing: [...found.values()].sort((a, b) => a.refId.localeCompare(b.refId)),
    originalRefId: block?.originalRefId ?? null,
  };
}
