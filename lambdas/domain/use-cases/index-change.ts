import { indexEntriesFor } from "../dedup/identifiers.js";
import type { IdentifierHasher, IndexChange } from "../ports.js";
import type { Profile } from "../profile.js";

/** The index rows to write with `after`, and those of `before` that no longer apply. */
export function indexChangeFor(
  before: Profile | null,
  after: Profile,
  hasher: IdentifierHasher,
): IndexChange {
  const hash = (key: string): string => hasher.hash(key);
  const put = indexEntriesFor(after, hash);
  const kept = new Set(put.map((e) => e.identifierHash));
  const removeHashes =
    before === null
      ? []
      : indexEntriesFor(before, hash)
          .map((e) => e.identifierHash)
          .filter((h) => !kept.has(h));
  return { put, removeHashes };
}
