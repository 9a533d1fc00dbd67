import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import type { KeyAttribute, TableDefinition } from "../../lambdas/adapters/dynamodb/table-definitions.js";
import type { ResourceNames } from "../naming.js";
import type { TableId, TableSpec } from "../topology/types.js";

const ATTRIBUTE_TYPE: Record<KeyAttribute["type"], dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

const attribute = (key: KeyAttribute): dynamodb.Attribute => ({
  name: key.name,
  type: ATTRIBUTE_TYPE[key.type],
});

/** DynamoDB tables built from the same definitions DynamoDB Local gets, so the two cannot drift. */
export class DataTables extends Construct {
  readonly byId: ReadonlyMap<TableId, dynamodb.Table>;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly tables: readonly TableSpec[];
      readonly names: ResourceNames;
      readonly dataKey: kms.IKey;
    },
  ) {
    super(scope, id);
    this.byId = new Map(
      props.tables.map((spec) => [spec.id, this.createTable(spec.definition, props.names, props.dataKey)]),
    );
  }

  private createTable(definition: TableDefinition, names: ResourceNames, dataKey: kms.IKey): dynamodb.Table {
    const table = new dynamodb.Table(this, definition.id, {
      tableName: names.table(definition),
      partitionKey: attribute(definition.partitionKey),
      sortKey: definition.sortKey === undefined ? undefined : attribute(definition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: definition.pointInTimeRecovery },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: dataKey,
      timeToLiveAttribute: definition.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey === undefined ? undefined : attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projection.type],
        nonKeyAttributes:
          index.projection.type === "INCLUDE" ? [...index.projection.nonKeyAttributes] : undefined,
      });
    }
    return table;
  }
}
