import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { QueueRow, ReviewQueueReader } from "../../domain/operator/review-queue.js";
import type { Page } from "../../domain/ports.js";
import type { ProfileStatus } from "../../domain/profile.js";
import { decodeCursor, encodeCursor, isStringKey } from "./cursor.js";
import { profileKey, statusKeyOf } from "./keys.js";
import { batchGetItems } from "./batch-get.js";
import { countVisibleByStatus } from "./status-count.js";
import { INDEX } from "./table-definitions.js";

/**
 * The operators' queues. The `byStatus` index gives the order (oldest status change first) and the
 * status fields; its projection has neither `version` nor `statusReasonCodes`, so each page's rows are
 * completed from their base items with one strongly consistent BatchGetItem that projects only those
 * non-personal attributes (no scan, no personal data read). Counts are `Select: COUNT` queries.
 */
export class DynamoDbReviewQueueReader implements ReviewQueueReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  countByStatus(clientId: string, status: ProfileStatus): Promise<number> {
    return countVisibleByStatus(this.client, this.tableName, clientId, status);
  }

  async listByStatus(
    clientId: string,
    status: ProfileStatus,
    cursor: string | null,
    limit: number,
  ): Promise<Page<QueueRow>> {
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
    const rows = result.Items ?? [];
    const current = await this.currentStates(
      clientId,
      rows.map((row) => row.refId as string),
    );
    const items: QueueRow[] = [];
    for (const row of rows) {
      const state = current.get(row.refId as string);
      // The index is eventually consistent: a profile that moved on since is not in this queue any more.
      if (state === undefined || state.status !== status) continue;
      items.push({
        refId: row.refId as string,
        recordId: row.recordId as string,
        status,
        version: state.version,
        waitingDate: (row.waitingDate as string | undefined) ?? null,
        inreviewDate: (row.inreviewDate as string | undefined) ?? null,
        approvedDate: (row.approvedDate as string | undefined) ?? null,
        rejectedDate: (row.rejectedDate as string | undefined) ?? null,
        blockedDate: (row.blockedDate as string | undefined) ?? null,
        lastStatusChangeAt: row.lastStatusChangeAt as string,
        statusReasonCodes: state.statusReasonCodes,
      });
    }
    return {
      items,
      cursor: result.LastEvaluatedKey === undefined ? null : encodeCursor(result.LastEvaluatedKey),
    };
  }

  /** Status, version and reason codes of the named profiles, read from their items (deleted ones absent). */
  private async currentStates(
    clientId: string,
    refIds: readonly string[],
  ): Promise<Map<string, { status: ProfileStatus; version: number; statusReasonCodes: string[] }>> {
    const states = new Map<string, { status: ProfileStatus; version: number; statusReasonCodes: string[] }>();
    const items = await batchGetItems(
      this.client,
      this.tableName,
      refIds.map((refId) => profileKey(clientId, refId)),
      {
        consistentRead: true,
        projection: "refId, #status, version, statusReasonCodes, deleted",
        names: { "#status": "status" },
      },
    );
    for (const item of items) {
      if (item.deleted === true) continue;
      states.set(item.refId as string, {
        status: item.status as ProfileStatus,
        version: item.version as number,
        statusReasonCodes: Array.isArray(item.statusReasonCodes) ? (item.statusReasonCodes as string[]) : [],
      });
    }
    return states;
  }
}
