import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ProfileStatus } from "../../domain/profile.js";
import { batchGetItems } from "./batch-get.js";
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

/** Reads many profiles' chain-relevant fields at once (BatchGetItem with a projection). */
export class DynamoDbChainProfileReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(clientId: string, refIds: readonly string[]): Promise<Map<string, ProfileChainView>> {
    const views = new Map<string, ProfileChainView>();
    const items = await batchGetItems(
      this.client,
      this.tableName,
      [...new Set(refIds)].map((refId) => profileKey(clientId, refId)),
      {
        consistentRead: true,
        projection: "clientId, refId, wallet, #status, approvedDate, deleted, version",
        names: { "#status": "status" },
      },
    );
    for (const item of items) {
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
    return views;
  }
}
