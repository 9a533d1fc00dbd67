import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import type { OutboxRecord } from "../../domain/outbox.js";
import type { Page } from "../../domain/ports.js";
import { decodeCursor, encodeCursor, isStringKey } from "./cursor.js";
import { outboxFromItem } from "./items.js";
import { outboxKey } from "./keys.js";
import { INDEX } from "./table-definitions.js";

/** Published outbox records are kept this long for audits, then removed by TTL. */
const PUBLISHED_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * Reading side of the outbox (the chain attester and the notifier consume it). Unpublished
 * records sit in the sparse `pendingOutbox` index, oldest first; publishing removes them from it.
 */
export class DynamoDbOutboxStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listPending(
    kind: OutboxRecord["kind"],
    cursor: string | null,
    limit: number,
  ): Promise<Page<OutboxRecord>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.pendingOutbox,
        KeyConditionExpression: "outboxPendingKey = :kind",
        ExpressionAttributeValues: { ":kind": kind },
        Limit: limit,
        ExclusiveStartKey: cursor === null ? undefined : decodeCursor(cursor, isStringKey),
      }),
    );
    return {
      items: (result.Items ?? []).map(outboxFromItem),
      cursor: result.LastEvaluatedKey === undefined ? null : encodeCursor(result.LastEvaluatedKey),
    };
  }

  /** Marks a record published; false when it already was (a concurrent or repeated publish). */
  async markPublished(id: string, publishedAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: outboxKey(id),
          UpdateExpression:
            "SET publishedAt = :at, expiresAt = :expiresAt REMOVE outboxPendingKey, outboxPendingSortKey",
          ConditionExpression: "attribute_exists(outboxPendingKey)",
          ExpressionAttributeValues: {
            ":at": publishedAt,
            ":expiresAt": Math.floor(Date.parse(publishedAt) / 1000) + PUBLISHED_RETENTION_SECONDS,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
