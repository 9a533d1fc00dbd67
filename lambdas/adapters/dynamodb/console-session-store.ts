import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ConsolePrincipal } from "../../domain/console/console-principal.js";
import type { ConsoleSession } from "../../domain/console/console-session.js";
import type { ConsoleSessionStore } from "../../domain/console/ports.js";

/** `CONSOLE#SESSION#<sha256 of the cookie>` / `SESSION`; the table's TTL (`expiresAt`) removes it after expiry. */
export const consoleSessionKey = (tokenHash: string) => ({
  pk: `CONSOLE#SESSION#${tokenHash}`,
  sk: "SESSION",
});

export class DynamoDbConsoleSessionStore implements ConsoleSessionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(session: ConsoleSession): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...consoleSessionKey(session.tokenHash),
          principal: session.principal,
          createdAt: session.createdAt,
          sessionExpiresAt: session.expiresAt,
          expiresAt: Math.ceil(Date.parse(session.expiresAt) / 1000),
        },
        // A fresh random token never collides; refuse rather than overwrite if it ever did.
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async get(tokenHash: string): Promise<ConsoleSession | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: consoleSessionKey(tokenHash), ConsistentRead: true }),
    );
    if (item === undefined) return null;
    return {
      tokenHash,
      principal: item.principal as ConsolePrincipal,
      createdAt: String(item.createdAt),
      expiresAt: String(item.sessionExpiresAt),
    };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: consoleSessionKey(tokenHash) }),
    );
  }
}
