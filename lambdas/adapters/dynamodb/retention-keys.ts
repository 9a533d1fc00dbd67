/**
 * Keys of the retention items in the main table (beside those of keys.ts):
 * - `JOB#archival` / `<clientId>#<status>`: the archival job's high-water mark in that status listing;
 * - `PROFILE#<clientId>#<refId>` / `RETAINED_IDENTIFIERS`: which identifier index rows an archival
 *   kept for deduplication (keyed hashes only), expiring with them.
 */
import { profilePartition } from "./keys.js";

export const RETENTION_ENTITY = {
  archivalProgress: "archival-progress",
  retainedIdentifiers: "retained-identifiers",
} as const;

export const archivalProgressKey = (clientId: string, status: string) => ({
  pk: "JOB#archival",
  sk: `${clientId}#${status}`,
});

export const retainedIdentifiersKey = (clientId: string, refId: string) => ({
  pk: profilePartition(clientId, refId),
  sk: "RETAINED_IDENTIFIERS",
});
