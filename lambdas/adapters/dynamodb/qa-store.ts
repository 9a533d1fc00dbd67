import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { QaProfiles, QaProfileState, QaStore, QaWeekRecord } from "../../domain/quality/ports.js";
import type { QaOutcome } from "../../domain/quality/qa-outcome.js";
import type { QaCandidate, QaSample, QaStatus } from "../../domain/quality/qa-sample.js";
import type { ProfileStatus } from "../../domain/profile.js";
import { batchGetItems } from "./batch-get.js";
import { serviceKey, profileKey, statusKeyOf } from "./keys.js";
import { queryPartition } from "./query-partition.js";
import { qaOutcomeKey, qaSampleKey, qaWeekPrefix } from "./qa-keys.js";
import { INDEX } from "./table-definitions.js";

type Item = Record<string, unknown>;

/** Samples and outcomes: refIds, statuses, times, notes and operators only (no personal data). */
export class DynamoDbQaStore implements QaStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async weekOf(clientId: string, week: string): Promise<QaWeekRecord | null> {
    const items = await queryPartition(this.client, {
      tableName: this.tableName,
      pk: serviceKey(clientId).pk,
      skPrefix: qaWeekPrefix(week),
      consistentRead: true,
    });
    const sample = items.find((item) => item.entity === "qa-sample");
    if (sample === undefined) return null;
    return {
      sample: sampleFromItem(sample),
      outcomes: items.filter((item) => item.entity === "qa-outcome").map(outcomeFromItem),
    };
  }

  async saveSampleIfAbsent(sample: QaSample): Promise<boolean> {
    return this.putIfAbsent({ ...qaSampleKey(sample.clientId, sample.week), entity: "qa-sample", ...sample });
  }

  async saveOutcomeIfAbsent(clientId: string, week: string, outcome: QaOutcome): Promise<boolean> {
    return this.putIfAbsent({
      ...qaOutcomeKey(clientId, week, outcome.refId),
      entity: "qa-outcome",
      clientId,
      week,
      ...outcome,
    });
  }

  private async putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function sampleFromItem(item: Item): QaSample {
  return {
    clientId: item.clientId as string,
    week: item.week as string,
    weekStart: item.weekStart as string,
    weekEnd: item.weekEnd as string,
    drawnAt: item.drawnAt as string,
    drawnBy: item.drawnBy as string,
    population: item.population as QaSample["population"],
    items: item.items as QaCandidate[],
  };
}

function outcomeFromItem(item: Item): QaOutcome {
  return {
    refId: item.refId as string,
    outcome: item.outcome as QaOutcome["outcome"],
    note: item.note as string,
    operator: item.operator as string,
    at: item.at as string,
  };
}

/**
 * The profiles QA draws from and shows, read through the `byStatus` index and projected reads: the
 * profile's personal data is never read.
 */
export class DynamoDbQaProfiles implements QaProfiles {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async decidedBetween(
    clientId: string,
    status: QaStatus,
    start: string,
    end: string,
  ): Promise<QaCandidate[]> {
    const candidates: QaCandidate[] = [];
    let startKey: Item | undefined;
    do {
      // The sort key is `<lastStatusChangeAt>#<refId>`: keys of changes at `end` or later sort after `end`.
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX.byStatus,
          KeyConditionExpression: "statusKey = :statusKey AND statusSortKey BETWEEN :start AND :end",
          ExpressionAttributeValues: {
            ":statusKey": statusKeyOf(clientId, status),
            ":start": start,
            ":end": end,
          },
          ProjectionExpression: "refId, approvedDate, blockedDate",
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const decidedAt = status === "approved" ? item.approvedDate : item.blockedDate;
        if (typeof item.refId === "string" && typeof decidedAt === "string") {
          candidates.push({ refId: item.refId, status, decidedAt });
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return candidates;
  }

  async statesOf(clientId: string, refIds: readonly string[]): Promise<Map<string, QaProfileState>> {
    const states = new Map<string, QaProfileState>();
    const items = await batchGetItems(
      this.client,
      this.tableName,
      refIds.map((refId) => profileKey(clientId, refId)),
      {
        consistentRead: true,
        projection: "refId, #status, isArchived, deleted",
        names: { "#status": "status" },
      },
    );
    for (const item of items) {
      states.set(item.refId as string, {
        status: item.status as ProfileStatus,
        isArchived: item.isArchived === true,
        deleted: item.deleted === true,
      });
    }
    return states;
  }
}
