import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetItems } from "../adapters/dynamodb/batch-get.js";
import { profileChainKey } from "../adapters/dynamodb/chain-keys.js";
import { profileRecordOf, type ProfileOnchainRecord } from "../adapters/dynamodb/chain-record-store.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { profileFromItem } from "../adapters/dynamodb/items.js";
import { profileKey, statusKeyOf } from "../adapters/dynamodb/keys.js";
import { DynamoDbProfileRepository } from "../adapters/dynamodb/profile-repository.js";
import { countVisibleByStatus } from "../adapters/dynamodb/status-count.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import { INDEX } from "../adapters/dynamodb/table-definitions.js";
import type { ListApplicantsDeps } from "../domain/business-api/list-applicants.js";
import type { ApplicantIndex, ProfileWithOnchain, StatusReader } from "../domain/business-api/ports.js";
import type { OnchainView, StatusFields } from "../domain/business-api/status-view.js";
import type { ProfileStatus } from "../domain/profile.js";
import { requiredEnv } from "../shared/environment.js";
import { cachedFor } from "../shared/ttl-cache.js";

/**
 * DynamoDB side of the business status API (shared by the status-* handlers). Listings query the
 * `byStatus` index partition `<clientId>#<status>` only: never a scan, never another service's
 * partition. Erased (`deleted`) profiles are filtered out of counts and pages alike.
 */
const VISIBLE = {
  FilterExpression: "attribute_not_exists(deleted) OR deleted = :notDeleted",
  ExpressionAttributeValues: { ":notDeleted": false },
} as const;

const LISTING_ATTRIBUTES = [
  "refId",
  "recordId",
  "#status",
  "submitCount",
  "isArchived",
  "waitingDate",
  "inreviewDate",
  "approvedDate",
  "rejectedDate",
  "blockedDate",
  "lastStatusChangeAt",
].join(", ");

export class DynamoDbApplicantIndex implements ApplicantIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  count(clientId: string, status: ProfileStatus): Promise<number> {
    return countVisibleByStatus(this.client, this.tableName, clientId, status);
  }

  async read(clientId: string, status: ProfileStatus, skip: number, take: number): Promise<StatusFields[]> {
    const rows: StatusFields[] = [];
    let skipped = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX.byStatus,
          KeyConditionExpression: "statusKey = :statusKey",
          FilterExpression: VISIBLE.FilterExpression,
          ProjectionExpression: LISTING_ATTRIBUTES,
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":statusKey": statusKeyOf(clientId, status),
            ...VISIBLE.ExpressionAttributeValues,
          },
          // Rows evaluated before the filter: never more than the page still needs.
          Limit: skip - skipped + take - rows.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (skipped < skip) skipped += 1;
        else if (rows.length < take) rows.push(statusFieldsOf(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && rows.length < take);
    return rows;
  }

  async onchainOf(clientId: string, refIds: readonly string[]): Promise<Map<string, OnchainView>> {
    const records = new Map<string, OnchainView>();
    const items = await this.batchGet([...new Set(refIds)].map((refId) => profileChainKey(clientId, refId)));
    for (const item of items) {
      const record = profileRecordOf(item);
      if (record !== null && record.clientId === clientId) records.set(record.refId, onchainViewOf(record));
    }
    return records;
  }

  /** Only the reason codes are read from the profile items (no personal attribute leaves DynamoDB). */
  async reasonCodesOf(clientId: string, refIds: readonly string[]): Promise<Map<string, string[]>> {
    const reasons = new Map<string, string[]>();
    const items = await this.batchGet(
      [...new Set(refIds)].map((refId) => profileKey(clientId, refId)),
      "clientId, refId, statusReasonCodes",
    );
    for (const item of items) {
      if (item.clientId === clientId && Array.isArray(item.statusReasonCodes)) {
        reasons.set(item.refId as string, item.statusReasonCodes as string[]);
      }
    }
    return reasons;
  }

  private batchGet(keys: readonly Record<string, unknown>[], projection?: string) {
    return batchGetItems(this.client, this.tableName, keys, projection === undefined ? {} : { projection });
  }
}

function statusFieldsOf(item: Record<string, unknown>): StatusFields {
  return {
    refId: item.refId as string,
    recordId: item.recordId as string,
    status: item.status as ProfileStatus,
    submitCount: item.submitCount as number,
    isArchived: (item.isArchived ?? false) as boolean,
    waitingDate: (item.waitingDate ?? null) as string | null,
    inreviewDate: (item.inreviewDate ?? null) as string | null,
    approvedDate: (item.approvedDate ?? null) as string | null,
    rejectedDate: (item.rejectedDate ?? null) as string | null,
    blockedDate: (item.blockedDate ?? null) as string | null,
    lastStatusChangeAt: item.lastStatusChangeAt as string,
    deleted: (item.deleted ?? false) as boolean,
  };
}

function onchainViewOf(record: ProfileOnchainRecord): OnchainView {
  const { chainId, registry, serviceId, wallet, verifiedUntil, txHash } = record;
  return { chainId, registry, serviceId, wallet, verifiedUntil, txHash };
}

/**
 * How long a warm environment keeps a service's settings (plan, retention): a change reaches the status
 * API within this time. The authorizer's cached decision (60 s) bounds key changes the same way.
 */
export const SERVICE_CACHE_TTL_MS = 10_000;
/** Services one environment keeps (each key belongs to one service, so few are hot at once). */
const SERVICE_CACHE_ENTRIES = 1_000;

/**
 * The status API's reads, from TABLE_NAME: the profile and its on-chain record in one BatchGetItem (both
 * live in the profile's partition), services cached for SERVICE_CACHE_TTL_MS.
 */
export function statusDepsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  client: DynamoDBDocumentClient = createDocumentClient(),
  now: () => number = Date.now,
): StatusReader & ListApplicantsDeps {
  const tableName = requiredEnv("TABLE_NAME", env);
  const services = new DynamoDbServiceRepository(client, tableName);
  const profiles = new DynamoDbProfileRepository(client, tableName);
  return {
    index: new DynamoDbApplicantIndex(client, tableName),
    getService: cachedFor((clientId: string) => services.get(clientId), {
      ttlMs: SERVICE_CACHE_TTL_MS,
      maxEntries: SERVICE_CACHE_ENTRIES,
      now,
    }),
    getProfileWithOnchain: (clientId, refId) => readProfileWithOnchain(client, tableName, clientId, refId),
    refIdOfRecord: (clientId, recordId) => profiles.refIdOfRecord(clientId, recordId),
  };
}

/** Strongly consistent, like the profile repository's reads: a status just written is the one answered. */
async function readProfileWithOnchain(
  client: DynamoDBDocumentClient,
  tableName: string,
  clientId: string,
  refId: string,
): Promise<ProfileWithOnchain> {
  const found: ProfileWithOnchain = { profile: null, onchain: null };
  const profileSk = profileKey(clientId, refId).sk;
  const chainSk = profileChainKey(clientId, refId).sk;
  const items = await batchGetItems(
    client,
    tableName,
    [profileKey(clientId, refId), profileChainKey(clientId, refId)],
    { consistentRead: true },
  );
  for (const item of items) {
    if (item.sk === profileSk) found.profile = profileFromItem(item);
    else if (item.sk === chainSk) {
      const record = profileRecordOf(item);
      found.onchain = record === null ? null : onchainViewOf(record);
    }
  }
  return found;
}
