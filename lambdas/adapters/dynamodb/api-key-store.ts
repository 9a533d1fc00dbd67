import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import type { ApiKey, ApiKeySummary } from "../../domain/api-keys/api-key.js";
import type { ApiKeyStore } from "../../domain/api-keys/ports.js";
import { ConflictError } from "../../domain/errors.js";
import type { ServiceAuditEntry } from "../../domain/service-audit.js";
import { apiKeyFromItem, apiKeyListingToItem, apiKeyToItem, summaryFromItem } from "./api-key-items.js";
import {
  API_KEY_LISTING_PREFIX,
  apiKeyKey,
  apiKeyListingKey,
  apiKeyListingPartition,
} from "./api-key-keys.js";
import type { Item } from "./items.js";
import { queryPartition } from "./query-partition.js";
import { serviceAuditToItem } from "./service-audit-items.js";

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]
>[number];

/** BatchGetItem takes at most 100 keys. */
const BATCH_GET_LIMIT = 100;
const BATCH_GET_ATTEMPTS = 5;

/**
 * API keys in the main table: a key record plus a listing row, always written together, with the operator's
 * audit entry in the service's partition.
 */
export class DynamoDbApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(keyId: string): Promise<ApiKey | null> {
    // Strongly consistent: a revocation is seen by the next uncached authorization.
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: apiKeyKey(keyId), ConsistentRead: true }),
    );
    return item === undefined ? null : apiKeyFromItem(item);
  }

  async create(key: ApiKey, audit: ServiceAuditEntry): Promise<void> {
    await this.transact([...this.creation(key), this.auditPut(audit)], () => ({
      collision: "keyId",
      keyId: key.keyId,
    }));
  }

  async listByService(clientId: string): Promise<ApiKeySummary[]> {
    const rows = await queryPartition(this.client, {
      tableName: this.tableName,
      pk: apiKeyListingPartition(clientId),
      skPrefix: API_KEY_LISTING_PREFIX,
    });
    const lastUse = await this.lastUseOf(rows.map((row) => row.keyId as string));
    return rows
      .map((row) => summaryFromItem(row, lastUse.get(row.keyId as string) ?? null))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
  }

  async revoke(change: {
    keyId: string;
    clientId: string;
    at: string;
    by: string;
    audit: ServiceAuditEntry;
  }): Promise<void> {
    const update = (key: Record<string, string>, condition: string): TransactItem => ({
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: "SET #status = :revoked, revokedAt = :at, revokedBy = :by",
        ConditionExpression: condition,
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":revoked": "revoked",
          ":at": change.at,
          ":by": change.by,
          ":active": "active",
          ":clientId": change.clientId,
        },
      },
    });
    const condition = "clientId = :clientId AND #status = :active";
    await this.transact(
      [
        update(apiKeyKey(change.keyId), condition),
        update(apiKeyListingKey(change.clientId, change.keyId), condition),
        this.auditPut(change.audit),
      ],
      () => ({ keyId: change.keyId, clientId: change.clientId, notActive: true }),
    );
  }

  async rotate(change: {
    keyId: string;
    clientId: string;
    expiresAt: number;
    replacement: ApiKey;
    audit: ServiceAuditEntry;
  }): Promise<void> {
    const end = (key: Record<string, string>): TransactItem => ({
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: "SET expiresAt = :expiresAt, replacedBy = :replacement",
        ConditionExpression: "clientId = :clientId AND #status = :active",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":expiresAt": change.expiresAt,
          ":replacement": change.replacement.keyId,
          ":clientId": change.clientId,
          ":active": "active",
        },
      },
    });
    await this.transact(
      [
        ...this.creation(change.replacement),
        end(apiKeyKey(change.keyId)),
        end(apiKeyListingKey(change.clientId, change.keyId)),
        this.auditPut(change.audit),
      ],
      (failedIndex) =>
        failedIndex < 2
          ? { collision: "keyId", keyId: change.replacement.keyId }
          : { keyId: change.keyId, clientId: change.clientId, notActive: true },
    );
  }

  async recordUse(keyId: string, at: string, unlessSince: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: apiKeyKey(keyId),
          UpdateExpression: "SET lastUsedAt = :at",
          ConditionExpression:
            "attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :since)",
          ExpressionAttributeValues: { ":at": at, ":since": unlessSince },
        }),
      );
    } catch (error) {
      // Another request recorded a use within the resolution already: nothing to do.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private creation(key: ApiKey): TransactItem[] {
    const put = (item: Item): TransactItem => ({
      Put: { TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" },
    });
    return [put(apiKeyToItem(key)), put(apiKeyListingToItem(key))];
  }

  /** The operator's audit entry, unconditional: it is new (its key holds the time and the key id). */
  private auditPut(entry: ServiceAuditEntry): TransactItem {
    return { Put: { TableName: this.tableName, Item: serviceAuditToItem(entry) } };
  }

  /** Runs a transaction; a failed condition becomes a ConflictError with `context(index of the failed item)`. */
  private async transact(items: TransactItem[], context: (failedIndex: number) => Record<string, unknown>) {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const failedIndex = (error.CancellationReasons ?? []).findIndex(
        (reason) => reason.Code === "ConditionalCheckFailed",
      );
      if (failedIndex < 0) throw error;
      const details = context(failedIndex);
      const message =
        details.collision === "keyId" ? "the key id is already taken" : "the key is not active any more";
      throw new ConflictError(message, { cause: error, context: details });
    }
  }

  /** `lastUsedAt` of each key, read from the key records in batches. */
  private async lastUseOf(keyIds: readonly string[]): Promise<Map<string, string | null>> {
    const lastUse = new Map<string, string | null>();
    for (let offset = 0; offset < keyIds.length; offset += BATCH_GET_LIMIT) {
      let keys: Record<string, unknown>[] = keyIds.slice(offset, offset + BATCH_GET_LIMIT).map(apiKeyKey);
      for (let attempt = 1; keys.length > 0; attempt += 1) {
        if (attempt > BATCH_GET_ATTEMPTS) throw new Error("DynamoDB left API keys unprocessed after retries");
        const result = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ProjectionExpression: "keyId, lastUsedAt",
              },
            },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          lastUse.set(item.keyId as string, (item.lastUsedAt ?? null) as string | null);
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return lastUse;
  }
}
