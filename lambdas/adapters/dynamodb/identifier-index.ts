import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import type { IdentifierIndexEntry } from "../../domain/dedup/identifiers.js";
import type { IdentifierIndex, Page } from "../../domain/ports.js";
import { decodeCursor, encodeCursor, isStringKey } from "./cursor.js";
import { identifierFromItem } from "./items.js";
import { IDENTIFIER_SHARDS, identifierPartition, identifierShardKeyOf } from "./keys.js";
import { INDEX } from "./table-definitions.js";

/** Where a sweep stopped: the shard being read and DynamoDB's key inside it. */
interface ScanPosition {
  shard: number;
  lastKey: Record<string, string> | null;
}

function isScanPosition(value: unknown): value is ScanPosition {
  if (typeof value !== "object" || value === null) return false;
  const { shard, lastKey } = value as Partial<ScanPosition>;
  return (
    Number.isInteger(shard) &&
    (shard as number) >= 0 &&
    (shard as number) < IDENTIFIER_SHARDS.length &&
    (lastKey === null || isStringKey(lastKey))
  );
}

/**
 * The identifier index. Lookups by hash read the base table (strongly consistent); the sweep
 * reads the `identifiersByService` GSI shard by shard. Shards are the hash's first hex digit, so
 * reading shards 0..f in order yields rows in (identifierHash, refId) order.
 */
export class DynamoDbIdentifierIndex implements IdentifierIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findByHash(clientId: string, identifierHash: string): Promise<IdentifierIndexEntry[]> {
    const entries: IdentifierIndexEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": identifierPartition(clientId, identifierHash) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      entries.push(...(page.Items ?? []).map(identifierFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return entries;
  }

  async scan(clientId: string, cursor: string | null, limit: number): Promise<Page<IdentifierIndexEntry>> {
    let position: ScanPosition | null =
      cursor === null ? { shard: 0, lastKey: null } : decodeCursor(cursor, isScanPosition);
    const items: IdentifierIndexEntry[] = [];
    while (position !== null && items.length < limit) {
      const shard = IDENTIFIER_SHARDS[position.shard] as string;
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX.identifiersByService,
          KeyConditionExpression: "identifierShardKey = :shardKey",
          ExpressionAttributeValues: { ":shardKey": identifierShardKeyOf(clientId, shard) },
          Limit: limit - items.length,
          ExclusiveStartKey: position.lastKey ?? undefined,
        }),
      );
      items.push(...(page.Items ?? []).map(identifierFromItem));
      if (page.LastEvaluatedKey !== undefined) {
        position = { shard: position.shard, lastKey: page.LastEvaluatedKey as Record<string, string> };
      } else if (position.shard + 1 < IDENTIFIER_SHARDS.length) {
        position = { shard: position.shard + 1, lastKey: null };
      } else {
        position = null;
      }
    }
    return { items, cursor: position === null ? null : encodeCursor(position) };
  }
}
