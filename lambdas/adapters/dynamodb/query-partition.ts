import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

type Item = Record<string, unknown>;

export interface PartitionQuery {
  tableName: string;
  pk: string;
  /** Only items whose sort key starts with this; absent: the whole partition. */
  skPrefix?: string;
  consistentRead?: boolean;
  projection?: string;
  filter?: string;
}

/**
 * Every item of one partition (under a sort-key prefix), page after page (a partition's audit trail,
 * a service's key listing, the holiday calendar, parked batches). For small, bounded partitions: it
 * reads them whole.
 */
export async function queryPartition(client: DynamoDBDocumentClient, query: PartitionQuery): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: query.tableName,
        ...(query.skPrefix === undefined
          ? { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": query.pk } }
          : {
              KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
              ExpressionAttributeValues: { ":pk": query.pk, ":prefix": query.skPrefix },
            }),
        ConsistentRead: query.consistentRead,
        ProjectionExpression: query.projection,
        FilterExpression: query.filter,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}
