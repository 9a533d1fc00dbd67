import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { NoticeClaim, NoticeLedger, NoticeLedgerEntry } from "../../domain/notifications/ports.js";
import { ENTITY } from "./items.js";
import { noticeLedgerKey } from "./keys.js";

/** Finished entries outlive any SQS redelivery (14 days' retention) and are then removed by TTL. */
const FINISHED_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * The notifier's idempotency ledger in the main table: `claim` is a conditional put that succeeds on
 * a new record or an expired claim (a crashed attempt); `finish` turns the claim into the outcome.
 */
export class DynamoDbNoticeLedger implements NoticeLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(recordId: string, at: string, leaseSeconds: number): Promise<NoticeClaim> {
    const nowSeconds = Math.floor(Date.parse(at) / 1000);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...noticeLedgerKey(recordId),
            entity: ENTITY.notice,
            state: "claimed",
            claimedAt: at,
            leaseUntil: nowSeconds + leaseSeconds,
            expiresAt: nowSeconds + FINISHED_RETENTION_SECONDS,
          },
          ConditionExpression: "attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":claimed": "claimed", ":now": nowSeconds },
        }),
      );
      return "claimed";
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const current = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: noticeLedgerKey(recordId), ConsistentRead: true }),
    );
    return current.Item?.state === "claimed" ? "busy" : "done";
  }

  async finish(recordId: string, entry: NoticeLedgerEntry, at: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...noticeLedgerKey(recordId),
          entity: ENTITY.notice,
          ...entry,
          finishedAt: at,
          expiresAt: Math.floor(Date.parse(at) / 1000) + FINISHED_RETENTION_SECONDS,
        },
      }),
    );
  }

  async release(recordId: string): Promise<void> {
    await this.client
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: noticeLedgerKey(recordId),
          ConditionExpression: "#state = :claimed",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":claimed": "claimed" },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  /** The entry for a record (tests and operators). */
  async get(recordId: string): Promise<Record<string, unknown> | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: noticeLedgerKey(recordId), ConsistentRead: true }),
    );
    return result.Item ?? null;
  }
}
