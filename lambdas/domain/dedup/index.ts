export {
  identifierKeysOf,
  indexEntriesFor,
  normalizeCountry,
  normalizeDocumentNumber,
  normalizeWallet,
} from "./identifiers.js";
export type { IdentifierIndexEntry, IdentifierKind } from "./identifiers.js";
export { resolveGroup, approvedEarlier } from "./resolve-group.js";
export type { DedupMember, GroupResolution } from "./resolve-group.js";
export { DedupSweepEngine, UnsortedIndexError } from "./sweep-engine.js";
export type { SweepGroupResult } from "./sweep-engine.js";
