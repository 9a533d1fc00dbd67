import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** BatchGetItem's limit of keys per request. */
export const BATCH_GET_LIMIT = 100;

export interface BatchGetOptions {
  /** Only these attributes (no personal data read where the caller does not need it). */
  readonly projection?: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly consistentRead?: boolean;
}

/**
 * The items of `keys` that exist, in any order: requests of at most 100 keys, each repeated with its
 * unprocessed keys until DynamoDB has answered them all.
 */
export async function batchGetItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  options: BatchGetOptions = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    let pending: Record<string, unknown>[] = keys.slice(start, start + BATCH_GET_LIMIT);
    while (pending.length > 0) {
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ...(options.consistentRead === true ? { ConsistentRead: true } : {}),
              ...(options.projection === undefined ? {} : { ProjectionExpression: options.projection }),
              ...(options.names === undefined ? {} : { ExpressionAttributeNames: { ...options.names } }),
            },
          },
        }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return items;
}
