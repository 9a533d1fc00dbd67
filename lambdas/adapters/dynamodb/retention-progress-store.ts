import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ProfileStatus } from "../../domain/profile.js";
import type { ArchivalProgressStore } from "../../domain/retention/ports.js";
import { RETENTION_ENTITY, archivalProgressKey } from "./retention-keys.js";

/** The archival job's high-water marks, one small item per (service, status). */
export class DynamoDbArchivalProgressStore implements ArchivalProgressStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(clientId: string, status: ProfileStatus): Promise<string | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: archivalProgressKey(clientId, status),
        ConsistentRead: true,
      }),
    );
    return typeof item?.position === "string" ? item.position : null;
  }

  /** Moves the mark forward only: a slower concurrent run cannot move it back. */
  async save(clientId: string, status: ProfileStatus, position: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...archivalProgressKey(clientId, status),
            entity: RETENTION_ENTITY.archivalProgress,
            clientId,
            status,
            position,
          },
          ConditionExpression: "attribute_not_exists(pk) OR #position < :position",
          ExpressionAttributeNames: { "#position": "position" },
          ExpressionAttributeValues: { ":position": position },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
