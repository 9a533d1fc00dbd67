import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { FailureSubject, FailureWindow } from "../../domain/api-keys/failure-limiter.js";
import type { AuthFailureCounter } from "../../domain/api-keys/ports.js";
import { authFailureKey } from "./api-key-keys.js";

/**
 * Failed-authentication counters: one item per subject and window, incremented with an atomic
 * `ADD`, and left to the table's TTL (`expiresAt`) once the window is over.
 */
export class DynamoDbAuthFailureCounter implements AuthFailureCounter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async counts(subjects: readonly FailureSubject[], window: FailureWindow): Promise<number[]> {
    return Promise.all(
      subjects.map(async (subject) => {
        const { Item: item } = await this.client.send(
          new GetCommand({
            TableName: this.tableName,
            Key: authFailureKey(subject, window.start),
            ProjectionExpression: "failures",
          }),
        );
        return typeof item?.failures === "number" ? item.failures : 0;
      }),
    );
  }

  async record(subjects: readonly FailureSubject[], window: FailureWindow): Promise<void> {
    await Promise.all(
      subjects.map((subject) =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: authFailureKey(subject, window.start),
            UpdateExpression: "ADD failures :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)",
            ExpressionAttributeValues: { ":one": 1, ":expiresAt": window.end },
          }),
        ),
      ),
    );
  }
}
