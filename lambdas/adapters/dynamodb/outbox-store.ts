import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type { OutboxRecord } from "../../domain/outbox.js";
import type { Page } from "../../domain/ports.js";
import { decodeCursor, encodeCursor, isStringKey } from "./cursor.js";
import { outboxFromItem } from "./items.js";
import { outboxKey } from "./keys.js";
import { INDEX } from "./table-definitions.js";

/** Published outbox records are kept this long for audits, then removed by TTL. */
const PUBLISHED_RETENTION_SECONDS = 30 * 24 * 3600;
/** Items per TransactWriteItems request (DynamoDB's limit). */
const TRANSACTION_LIMIT = 100;

/**
 * Reading side of the outbox (the chain attester and the notifier consume it). Unpublished
 * records sit in the sparse `pendingOutbox` index, oldest first; publishing removes them from it.
 */
export class DynamoDbOutboxStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One record, published or not; null once erasure or the retention TTL removed it. */
  async get(id: string): Promise<OutboxRecord | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: outboxKey(id), ConsistentRead: true }),
    );
    return result.Item === undefined ? null : outboxFromItem(result.Item);
  }

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
      await this.client.send(new UpdateCommand(this.publishUpdate(id, publishedAt)));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Marks many records published, up to 100 per DynamoDB transaction (a request per record would cap
   * the relay's rate). The same conditional update as `markPublished`, so a record deleted meanwhile
   * (erasure) is never written back; a transaction refused because one record was already published
   * falls back to one update per record. Returns how many this call marked.
   */
  async markPublishedMany(ids: readonly string[], publishedAt: string): Promise<number> {
    let marked = 0;
    for (let start = 0; start < ids.length; start += TRANSACTION_LIMIT) {
      const chunk = ids.slice(start, start + TRANSACTION_LIMIT);
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: chunk.map((id) => ({ Update: this.publishUpdate(id, publishedAt) })),
          }),
        );
        marked += chunk.length;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        for (const id of chunk) if (await this.markPublished(id, publishedAt)) marked += 1;
      }
    }
    return marked;
  }

  private publishUpdate(id: string, publishedAt: string) {
    return {
      TableName: this.tableName,
      Key: outboxKey(id),
      UpdateExpression:
        "SET publishedAt = :at, expiresAt = :expiresAt REMOVE outboxPendingKey, outboxPendingSortKey",
      ConditionExpression: "attribute_exists(outboxPendingKey)",
      ExpressionAttributeValues: {
        ":at": publishedAt,
        ":expiresAt": Math.floor(Date.parse(publishedAt) / 1000) + PUBLISHED_RETENTION_SECONDS,
      },
    };
  }
}
