import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import type { AuditEntry } from "../../domain/audit.js";
import type { Page } from "../../domain/ports.js";
import type { CreateResult, ProfileCreate, ProfileRepository, ProfileWrite } from "../../domain/ports.js";
import type { Profile, ProfileStatus } from "../../domain/profile.js";
import { INDEX } from "./table-definitions.js";
import { decodeCursor, encodeCursor, isStringKey } from "./cursor.js";
import {
  auditFromItem,
  auditToItem,
  identifierToItem,
  outboxToItem,
  profileFromItem,
  profileToItem,
  type Item,
} from "./items.js";
import {
  AUDIT_SK_PREFIX,
  identifierKey,
  profileKey,
  profilePartition,
  recordKeyOf,
  statusKeyOf,
} from "./keys.js";
import { toDomainWriteError, type TransactionItemRole } from "./write-errors.js";

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]
>[number];

/** Status listing row: what the business API may show (no personal data). */
export type ProfileStatusRow = Pick<
  Profile,
  | "clientId"
  | "refId"
  | "recordId"
  | "status"
  | "submitCount"
  | "waitingDate"
  | "inreviewDate"
  | "approvedDate"
  | "rejectedDate"
  | "blockedDate"
  | "isArchived"
  | "createdAt"
  | "updatedAt"
  | "lastStatusChangeAt"
>;

/**
 * Profiles, their audit trail, outbox records and identifier index rows, written together in one
 * `TransactWriteItems` with an optimistic check on the profile's `version`.
 */
export class DynamoDbProfileRepository implements ProfileRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(clientId: string, refId: string): Promise<Profile | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: profileKey(clientId, refId), ConsistentRead: true }),
    );
    return item === undefined ? null : profileFromItem(item);
  }

  async getByRecordId(clientId: string, recordId: string): Promise<Profile | null> {
    const refId = await this.refIdOfRecord(clientId, recordId);
    return refId === null ? null : this.get(clientId, refId);
  }

  /** The refId behind a service's record id, from the `byRecordId` index (null: none). */
  async refIdOfRecord(clientId: string, recordId: string): Promise<string | null> {
    const { Items: items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byRecordId,
        KeyConditionExpression: "recordKey = :recordKey",
        ExpressionAttributeValues: { ":recordKey": recordKeyOf(clientId, recordId) },
        Limit: 1,
      }),
    );
    const refId = items[0]?.refId;
    return typeof refId === "string" ? refId : null;
  }

  /** Profiles of a service in one status, oldest status change first. */
  async listByStatus(
    clientId: string,
    status: ProfileStatus,
    cursor: string | null,
    limit: number,
  ): Promise<Page<ProfileStatusRow>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byStatus,
        KeyConditionExpression: "statusKey = :statusKey",
        ExpressionAttributeValues: { ":statusKey": statusKeyOf(clientId, status) },
        Limit: limit,
        ExclusiveStartKey: cursor === null ? undefined : decodeCursor(cursor, isStringKey),
      }),
    );
    return {
      items: (result.Items ?? []).map(statusRowFromItem),
      cursor: result.LastEvaluatedKey === undefined ? null : encodeCursor(result.LastEvaluatedKey),
    };
  }

  async createIfAbsent(create: ProfileCreate): Promise<CreateResult> {
    const { profile } = create;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: profileToItem(profile),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      this.putIfAbsent(auditToItem(create.audit)),
      ...create.index.map((entry) => ({ Put: { TableName: this.tableName, Item: identifierToItem(entry) } })),
      ...(create.outbox ?? []).map((record) => this.putIfAbsent(outboxToItem(record))),
    ];
    const roles: TransactionItemRole[] = [
      "profile",
      "audit",
      ...create.index.map(() => "identifier" as const),
      ...(create.outbox ?? []).map(() => "outbox" as const),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return { created: true, profile };
    } catch (error) {
      const mapped = toDomainWriteError(error, roles, { clientId: profile.clientId, refId: profile.refId });
      const existing = await this.get(profile.clientId, profile.refId);
      if (existing !== null) return { created: false, existing };
      throw mapped;
    }
  }

  async save(write: ProfileWrite): Promise<void> {
    const { profile, expectedVersion } = write;
    const putHashes = new Set(write.index.put.map((entry) => entry.identifierHash));
    const staleHashes = [...new Set(write.index.removeHashes)].filter((hash) => !putHashes.has(hash));

    const items: TransactItem[] = [];
    const roles: TransactionItemRole[] = [];
    items.push({
      Put: {
        TableName: this.tableName,
        Item: profileToItem(profile),
        ConditionExpression: "version = :expectedVersion",
        ExpressionAttributeValues: { ":expectedVersion": expectedVersion },
      },
    });
    roles.push("profile");
    if (write.audit !== null) {
      items.push(this.putIfAbsent(auditToItem(write.audit)));
      roles.push("audit");
    }
    for (const record of write.outbox) {
      items.push(this.putIfAbsent(outboxToItem(record)));
      roles.push("outbox");
    }
    for (const entry of write.index.put) {
      items.push({ Put: { TableName: this.tableName, Item: identifierToItem(entry) } });
      roles.push("identifier");
    }
    for (const hash of staleHashes) {
      items.push({
        Delete: { TableName: this.tableName, Key: identifierKey(profile.clientId, hash, profile.refId) },
      });
      roles.push("identifier");
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      throw toDomainWriteError(error, roles, {
        clientId: profile.clientId,
        refId: profile.refId,
        expectedVersion,
      });
    }
  }

  async listAudit(clientId: string, refId: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": profilePartition(clientId, refId), ":prefix": AUDIT_SK_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      entries.push(...(page.Items ?? []).map(auditFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return entries;
  }

  private putIfAbsent(item: Item): TransactItem {
    return {
      Put: { TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" },
    };
  }
}

function statusRowFromItem(item: Item): ProfileStatusRow {
  const profile = item as Partial<Profile>;
  return {
    clientId: profile.clientId as string,
    refId: profile.refId as string,
    recordId: profile.recordId as string,
    status: profile.status as ProfileStatus,
    submitCount: profile.submitCount as number,
    waitingDate: profile.waitingDate ?? null,
    inreviewDate: profile.inreviewDate ?? null,
    approvedDate: profile.approvedDate ?? null,
    rejectedDate: profile.rejectedDate ?? null,
    blockedDate: profile.blockedDate ?? null,
    isArchived: profile.isArchived ?? false,
    createdAt: profile.createdAt as string,
    updatedAt: profile.updatedAt as string,
    lastStatusChangeAt: profile.lastStatusChangeAt as string,
  };
}
