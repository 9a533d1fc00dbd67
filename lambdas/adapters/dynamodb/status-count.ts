import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ProfileStatus } from "../../domain/profile.js";
import { statusKeyOf } from "./keys.js";
import { INDEX } from "./table-definitions.js";

/**
 * How many profiles of a service are in a status: `Select: COUNT` over its `byStatus` partition, page
 * by page. Erased profiles keep their index row but count for nobody: they are filtered out.
 */
export async function countVisibleByStatus(
  client: DynamoDBDocumentClient,
  tableName: string,
  clientId: string,
  status: ProfileStatus,
): Promise<number> {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEX.byStatus,
        KeyConditionExpression: "statusKey = :statusKey",
        FilterExpression: "attribute_not_exists(deleted) OR deleted = :notDeleted",
        ExpressionAttributeValues: { ":statusKey": statusKeyOf(clientId, status), ":notDeleted": false },
        Select: "COUNT",
        ExclusiveStartKey: startKey,
      }),
    );
    total += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return total;
}
