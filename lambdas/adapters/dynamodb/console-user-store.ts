import { GetCommand, PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ConsoleUser, ConsoleUserStore } from "../../domain/console/ports.js";

/** `CONSOLE#USER#<username>` / `USER`: a local operator account with its password hash. */
export const consoleUserKey = (username: string) => ({ pk: `CONSOLE#USER#${username}`, sk: "USER" });

export class DynamoDbConsoleUserStore implements ConsoleUserStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(username: string): Promise<ConsoleUser | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: consoleUserKey(username) }),
    );
    if (item === undefined) return null;
    return {
      username: String(item.username),
      passwordHash: String(item.passwordHash),
      createdAt: String(item.createdAt),
    };
  }

  async put(user: ConsoleUser): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...consoleUserKey(user.username), ...user } }),
    );
  }
}
