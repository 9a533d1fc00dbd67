import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Page, ServiceRepository } from "../../domain/ports.js";
import type { Service } from "../../domain/service.js";
import { decodeCursor, encodeCursor, isStringKey } from "./cursor.js";
import { serviceFromItem, serviceToItem } from "./items.js";
import { SERVICE_LIST_KEY, serviceKey } from "./keys.js";
import { INDEX } from "./table-definitions.js";

/** Services (businesses) by clientId, and listed in clientId order for scheduled jobs. */
export class DynamoDbServiceRepository implements ServiceRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(clientId: string): Promise<Service | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: serviceKey(clientId) }),
    );
    return item === undefined ? null : serviceFromItem(item);
  }

  async put(service: Service): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: serviceToItem(service) }));
  }

  async list(cursor: string | null, limit: number): Promise<Page<Service>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.servicesList,
        KeyConditionExpression: "serviceListKey = :key",
        ExpressionAttributeValues: { ":key": SERVICE_LIST_KEY },
        Limit: limit,
        ExclusiveStartKey: cursor === null ? undefined : decodeCursor(cursor, isStringKey),
      }),
    );
    return {
      items: (result.Items ?? []).map(serviceFromItem),
      cursor: result.LastEvaluatedKey === undefined ? null : encodeCursor(result.LastEvaluatedKey),
    };
  }
}
