import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The DynamoDB table design as plain data. CDK builds the production table from it and the tests
 * create the same table on DynamoDB Local with `toCreateTableInput`, so the two cannot drift.
 * Items, indexes and access patterns are documented in `docs/table-design.md`.
 */
export type KeyAttributeType = "S" | "N" | "B";

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyAttributeType;
}

export type Projection =
  | { readonly type: "ALL" }
  | { readonly type: "KEYS_ONLY" }
  | { readonly type: "INCLUDE"; readonly nonKeyAttributes: readonly string[] };

export interface GlobalSecondaryIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly projection: Projection;
}

export interface TableDefinition {
  /** Logical id (CDK construct id). */
  readonly id: string;
  /** Appended to the deployment prefix: `<prefix>-<nameSuffix>`. */
  readonly nameSuffix: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexDefinition[];
  /** Epoch-seconds attribute DynamoDB TTL deletes by. */
  readonly timeToLiveAttribute: string;
  readonly billingMode: "PAY_PER_REQUEST";
  /** Point-in-time recovery (production). */
  readonly pointInTimeRecovery: boolean;
}

/** Index names, referenced by the adapters' queries. */
export const INDEX = {
  byRecordId: "byRecordId",
  byStatus: "byStatus",
  pendingOutbox: "pendingOutbox",
  identifiersByService: "identifiersByService",
  servicesList: "servicesList",
  ticketsAwaitingResponse: "ticketsAwaitingResponse",
} as const;

/** Non-PII attributes the business-facing status listing needs without reading the base item. */
const STATUS_LISTING_ATTRIBUTES = [
  "clientId",
  "refId",
  "recordId",
  "status",
  "submitCount",
  "waitingDate",
  "inreviewDate",
  "approvedDate",
  "rejectedDate",
  "blockedDate",
  "isArchived",
  "deleted",
  "createdAt",
  "updatedAt",
  "lastStatusChangeAt",
] as const;

/** Everything the dedup sweep reads from an identifier entry (no personal data exists on it). */
const IDENTIFIER_ENTRY_ATTRIBUTES = [
  "clientId",
  "refId",
  "identifierHash",
  "status",
  "approvedDate",
  "createdAt",
] as const;

/** The single table holding services, profiles, audit entries, outbox records and the identifier index. */
export const MAIN_TABLE: TableDefinition = {
  id: "MainTable",
  nameSuffix: "main",
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  globalSecondaryIndexes: [
    {
      indexName: INDEX.byRecordId,
      partitionKey: { name: "recordKey", type: "S" },
      projection: { type: "INCLUDE", nonKeyAttributes: ["clientId", "refId"] },
    },
    {
      indexName: INDEX.byStatus,
      partitionKey: { name: "statusKey", type: "S" },
      sortKey: { name: "statusSortKey", type: "S" },
      projection: { type: "INCLUDE", nonKeyAttributes: STATUS_LISTING_ATTRIBUTES },
    },
    {
      indexName: INDEX.pendingOutbox,
      partitionKey: { name: "outboxPendingKey", type: "S" },
      sortKey: { name: "outboxPendingSortKey", type: "S" },
      projection: { type: "ALL" },
    },
    {
      indexName: INDEX.identifiersByService,
      partitionKey: { name: "identifierShardKey", type: "S" },
      sortKey: { name: "identifierSortKey", type: "S" },
      projection: { type: "INCLUDE", nonKeyAttributes: IDENTIFIER_ENTRY_ATTRIBUTES },
    },
    {
      indexName: INDEX.servicesList,
      partitionKey: { name: "serviceListKey", type: "S" },
      sortKey: { name: "serviceListSortKey", type: "S" },
      // Service items hold configuration only (no personal data) and are small.
      projection: { type: "ALL" },
    },
    {
      // Sparse: support tickets whose response clock runs, by due time (the SLA check's only read).
      indexName: INDEX.ticketsAwaitingResponse,
      partitionKey: { name: "slaKey", type: "S" },
      sortKey: { name: "slaDueKey", type: "S" },
      projection: {
        type: "INCLUDE",
        nonKeyAttributes: [
          "clientId",
          "ticketId",
          "category",
          "tier",
          "clockStartedAt",
          "responseDueAt",
          "breachedAt",
          "version",
        ],
      },
    },
  ],
  timeToLiveAttribute: "expiresAt",
  billingMode: "PAY_PER_REQUEST",
  pointInTimeRecovery: true,
};

export const TABLE_DEFINITIONS: readonly TableDefinition[] = [MAIN_TABLE];

/** Physical table name for a deployment prefix (e.g. `kyc-attest-prod-main`). */
export function tableNameFor(prefix: string, definition: TableDefinition): string {
  return `${prefix}-${definition.nameSuffix}`;
}

/** The CreateTable request for a definition (used on DynamoDB Local; CDK maps the same data). */
export function toCreateTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const keySchema = (partitionKey: KeyAttribute, sortKey?: KeyAttribute) => [
    { AttributeName: partitionKey.name, KeyType: "HASH" as const },
    ...(sortKey === undefined ? [] : [{ AttributeName: sortKey.name, KeyType: "RANGE" as const }]),
  ];
  const attributes = new Map<string, KeyAttributeType>();
  const collect = (attribute: KeyAttribute | undefined) => {
    if (attribute !== undefined) attributes.set(attribute.name, attribute.type);
  };
  collect(definition.partitionKey);
  collect(definition.sortKey);
  for (const index of definition.globalSecondaryIndexes) {
    collect(index.partitionKey);
    collect(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: definition.billingMode,
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection:
        index.projection.type === "INCLUDE"
          ? { ProjectionType: "INCLUDE", NonKeyAttributes: [...index.projection.nonKeyAttributes] }
          : { ProjectionType: index.projection.type },
    })),
  };
}
