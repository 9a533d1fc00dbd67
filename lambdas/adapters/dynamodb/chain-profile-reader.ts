import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ProfileStatus } from "../../domain/profile.js";
import { profileKey } from "./keys.js";

/** The fields of a profile the reconcile job needs (no personal data). */
export interface ProfileChainView {
  clientId: string;
  refId: string;
  wallet: string;
  status: ProfileStatus;
  approvedDate: string | null;
  deleted: boolean;
  version: number;
}

const BATCH_GET_LIMIT = 100;

/** Reads many profiles' chain-relevant fields at once (BatchGetItem with a projection). */
export class DynamoDbChainProfileReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(clientId: string, refIds: readonly string[]): Promise<Map<string, ProfileChainView>> {
    const views = new Map<string, ProfileChainView>();
    const unique = [...new Set(refIds)];
    for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
      let keys: Record<string, unknown>[] = unique
        .slice(start, start + BATCH_GET_LIMIT)
        .map((refId) => profileKey(clientId, refId));
      while (keys.length > 0) {
        const result = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ConsistentRead: true,
                ProjectionExpression: "clientId, refId, wallet, #status, approvedDate, deleted, version",
                ExpressionAttributeNames: { "#status": "status" },
              },
            },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          views.set(item.refId as string, {
            clientId: item.clientId as string,
            refId: item.refId as string,
            wallet: item.wallet as string,
            status: item.status as ProfileStatus,
            approvedDate: (item.approvedDate ?? null) as string | null,
            deleted: (item.deleted ?? false) as boolean,
            version: item.version as number,
          });
        }
        keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return views;
  }
}
