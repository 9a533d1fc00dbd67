/**
 * Key layout of the main table. Every key is built here so the access patterns in
 * `.notes/table-design.md` have exactly one implementation. `#` separates key parts; clientIds and
 * refIds are validated at the boundary to never contain it.
 */

/** Identifier entries of a service are spread over 16 GSI partitions by the hash's first hex digit. */
export const IDENTIFIER_SHARDS = "0123456789abcdef".split("");

export const serviceKey = (clientId: string) => ({ pk: `SERVICE#${clientId}`, sk: "SERVICE" });
export const SERVICE_LIST_KEY = "SERVICE";

export const profilePartition = (clientId: string, refId: string) => `PROFILE#${clientId}#${refId}`;
export const profileKey = (clientId: string, refId: string) => ({
  pk: profilePartition(clientId, refId),
  sk: "PROFILE",
});

/** Audit entries live in the profile's partition, ordered by the profile version they recorded. */
export const AUDIT_SK_PREFIX = "AUDIT#";
export const auditKey = (clientId: string, refId: string, profileVersion: number) => ({
  pk: profilePartition(clientId, refId),
  sk: `${AUDIT_SK_PREFIX}${String(profileVersion).padStart(10, "0")}`,
});

export const recordKeyOf = (clientId: string, recordId: string) => `${clientId}#${recordId}`;
export const statusKeyOf = (clientId: string, status: string) => `${clientId}#${status}`;
export const statusSortKeyOf = (lastStatusChangeAt: string, refId: string) =>
  `${lastStatusChangeAt}#${refId}`;

export const outboxKey = (id: string) => ({ pk: `OUTBOX#${id}`, sk: "OUTBOX" });
/** The notifier's ledger entry for one outbox record (lambdas/adapters/dynamodb/notice-ledger.ts). */
export const noticeLedgerKey = (recordId: string) => ({ pk: `NOTICE#${recordId}`, sk: "NOTICE" });
export const outboxPendingSortKeyOf = (at: string, id: string) => `${at}#${id}`;

export const identifierKey = (clientId: string, identifierHash: string, refId: string) => ({
  pk: `IDENT#${clientId}#${identifierHash}`,
  sk: refId,
});
export const identifierPartition = (clientId: string, identifierHash: string) =>
  `IDENT#${clientId}#${identifierHash}`;

export function identifierShardOf(identifierHash: string): string {
  const first = identifierHash.charAt(0).toLowerCase();
  if (!IDENTIFIER_SHARDS.includes(first)) {
    throw new Error(`identifier hash must be lower-case hex, got one starting with '${first}'`);
  }
  return first;
}
export const identifierShardKeyOf = (clientId: string, shard: string) => `${clientId}#${shard}`;
export const identifierSortKeyOf = (identifierHash: string, refId: string) => `${identifierHash}#${refId}`;

export const sweepJobKey = (jobId: string) => ({ pk: "JOB#dedup-sweep", sk: jobId });
