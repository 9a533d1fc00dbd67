import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { AuditEntry } from "../../domain/audit.js";
import { PROFILE_STATUSES } from "../../domain/profile.js";
import type { OnchainFlagChange } from "../../domain/reports/weekly-report.js";
import type { DynamoDbChainRecordStore } from "./chain-record-store.js";
import { statusKeyOf } from "./keys.js";
import type { DynamoDbProfileRepository } from "./profile-repository.js";
import { INDEX } from "./table-definitions.js";

export interface ServiceWeekActivity {
  audit: AuditEntry[];
  onchain: OnchainFlagChange[];
}

/** Profiles read in parallel (each is one audit query and one chain-record read). */
const PARALLEL_PROFILES = 8;

/**
 * What the weekly report reads for one service: every profile whose last status change is at or
 * after `since` (a `byStatus` range query per status: the sort key starts with that time), with its
 * complete audit trail and on-chain record. No scan: the cost follows the profiles that changed.
 * Gas is the whole transaction's, recorded on each profile's chain record (null on records written
 * before it was; the report counts those transactions apart).
 */
export class DynamoDbReportActivityReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly profiles: Pick<DynamoDbProfileRepository, "listAudit">,
    private readonly chainRecords: Pick<DynamoDbChainRecordStore, "getProfileRecord">,
  ) {}

  async changedSince(clientId: string, since: string): Promise<ServiceWeekActivity> {
    const refIds = await this.refIdsChangedSince(clientId, since);
    const audit: AuditEntry[] = [];
    const onchain: OnchainFlagChange[] = [];
    for (let start = 0; start < refIds.length; start += PARALLEL_PROFILES) {
      const chunk = refIds.slice(start, start + PARALLEL_PROFILES);
      const results = await Promise.all(
        chunk.map(async (refId) => ({
          trail: await this.profiles.listAudit(clientId, refId),
          record: await this.chainRecords.getProfileRecord(clientId, refId),
        })),
      );
      for (const { trail, record } of results) {
        audit.push(...trail);
        if (record !== null) {
          onchain.push({
            refId: record.refId,
            verifiedUntil: record.verifiedUntil,
            txHash: record.txHash,
            confirmedAt: record.confirmedAt,
            gasUsed: record.txGasUsed,
          });
        }
      }
    }
    return { audit, onchain };
  }

  private async refIdsChangedSince(clientId: string, since: string): Promise<string[]> {
    const refIds = new Set<string>();
    for (const status of PROFILE_STATUSES) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: INDEX.byStatus,
            KeyConditionExpression: "statusKey = :statusKey AND statusSortKey >= :since",
            ExpressionAttributeValues: { ":statusKey": statusKeyOf(clientId, status), ":since": since },
            ProjectionExpression: "refId",
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          if (typeof item.refId === "string") refIds.add(item.refId);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
    }
    return [...refIds].sort();
  }
}
