import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import type { PersonalDataCleanup } from "../../domain/retention/ports.js";
import { AUDIT_SK_PREFIX, identifierKey, outboxKey, profilePartition } from "./keys.js";
import { queryPartition } from "./query-partition.js";
import { RETENTION_ENTITY, retainedIdentifiersKey } from "./retention-keys.js";

const BATCH_WRITE_LIMIT = 25;
const MAX_UNPROCESSED_ROUNDS = 8;

/** The archival and erasure steps outside the profile transaction; each is idempotent. */
export class DynamoDbPersonalDataCleanup implements PersonalDataCleanup {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async deleteOutboxRecords(ids: readonly string[]): Promise<void> {
    await this.deleteKeys(ids.map(outboxKey));
  }

  async removeAuditNotes(clientId: string, refId: string): Promise<void> {
    const withNotes = await queryPartition(this.client, {
      tableName: this.tableName,
      pk: profilePartition(clientId, refId),
      skPrefix: AUDIT_SK_PREFIX,
      filter: "attribute_exists(note)",
      projection: "pk, sk",
      consistentRead: true,
    });
    for (const item of withNotes) {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk as string, sk: item.sk as string },
          UpdateExpression: "REMOVE note",
        }),
      );
    }
  }

  async expireIdentifierRows(
    clientId: string,
    refId: string,
    identifierHashes: readonly string[],
    expiresAt: number,
  ): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...retainedIdentifiersKey(clientId, refId),
          entity: RETENTION_ENTITY.retainedIdentifiers,
          clientId,
          refId,
          identifierHashes: [...identifierHashes],
          expiresAt,
        },
      }),
    );
    for (const hash of identifierHashes) {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: identifierKey(clientId, hash, refId),
            UpdateExpression: "SET expiresAt = :expiresAt",
            // Never recreate a row that is gone (as a bare item without index attributes).
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":expiresAt": expiresAt },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  async deleteRetainedIdentifierRows(clientId: string, refId: string): Promise<void> {
    const { Item: memo } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: retainedIdentifiersKey(clientId, refId),
        ConsistentRead: true,
      }),
    );
    if (memo === undefined) return;
    const hashes = Array.isArray(memo.identifierHashes) ? (memo.identifierHashes as string[]) : [];
    await this.deleteKeys(hashes.map((hash) => identifierKey(clientId, hash, refId)));
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: retainedIdentifiersKey(clientId, refId) }),
    );
  }

  private async deleteKeys(keys: readonly Record<string, string>[]): Promise<void> {
    for (let start = 0; start < keys.length; start += BATCH_WRITE_LIMIT) {
      let requests = keys
        .slice(start, start + BATCH_WRITE_LIMIT)
        .map((key) => ({ DeleteRequest: { Key: key } }));
      for (let round = 0; requests.length > 0; round += 1) {
        if (round === MAX_UNPROCESSED_ROUNDS) {
          throw new CleanupIncompleteError(requests.length);
        }
        const result = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }
}

/** DynamoDB kept refusing part of a batch delete; the caller's retry resumes (deletes are idempotent). */
export class CleanupIncompleteError extends Error {
  override readonly name = "CleanupIncompleteError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(remaining: number) {
    super(`${remaining} deletes stayed unprocessed`);
    this.context = { remaining };
  }
}
