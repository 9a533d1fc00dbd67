import { CreateTableCommand, UpdateTimeToLiveCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  MAIN_TABLE,
  tableNameFor,
  toCreateTableInput,
} from "../../lambdas/adapters/dynamodb/table-definitions.js";

/** Creates the main table (same definition CDK deploys) with TTL enabled; returns its name. */
export async function createMainTable(client: DynamoDBClient, prefix: string): Promise<string> {
  const tableName = tableNameFor(prefix, MAIN_TABLE);
  await client.send(new CreateTableCommand(toCreateTableInput(MAIN_TABLE, tableName)));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: MAIN_TABLE.timeToLiveAttribute, Enabled: true },
    }),
  );
  return tableName;
}
