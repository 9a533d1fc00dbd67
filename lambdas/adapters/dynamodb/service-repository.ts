import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import type { Page, ServiceAuditTrail, ServiceRepository } from "../../domain/ports.js";
import type { ServiceAuditEntry } from "../../domain/service-audit.js";
import type { Service } from "../../domain/service.js";
import { decodeCursor, encodeCursor, isStringKey } from "./cursor.js";
import { serviceFromItem, serviceToItem } from "./items.js";
import { SERVICE_LIST_KEY, serviceKey } from "./keys.js";
import { SERVICE_AUDIT_PREFIX, serviceAuditFromItem, serviceAuditToItem } from "./service-audit-items.js";
import { queryPartition } from "./query-partition.js";
import { INDEX } from "./table-definitions.js";

/**
 * Services (businesses) by clientId, and listed in clientId order for scheduled jobs; with the audit trail
 * of operator actions on each service.
 */
export class DynamoDbServiceRepository implements ServiceRepository, ServiceAuditTrail {
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

  async put(service: Service, audit?: ServiceAuditEntry): Promise<void> {
    if (audit === undefined) {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: serviceToItem(service) }));
      return;
    }
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: serviceToItem(service) } },
          { Put: { TableName: this.tableName, Item: serviceAuditToItem(audit) } },
        ],
      }),
    );
  }

  async recordAudit(entry: ServiceAuditEntry): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: serviceAuditToItem(entry) }));
  }

  async listAudit(clientId: string): Promise<ServiceAuditEntry[]> {
    const items = await queryPartition(this.client, {
      tableName: this.tableName,
      pk: serviceKey(clientId).pk,
      skPrefix: SERVICE_AUDIT_PREFIX,
      consistentRead: true,
    });
    return items.map(serviceAuditFromItem);
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
