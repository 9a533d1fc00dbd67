import { GetCommand, PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { SweepJobProgress, SweepJobStore } from "../../shared/dedup-sweep-job.js";
import { sweepJobKey } from "./keys.js";

/** Job progress is kept for a month (long enough to audit a run), then TTL removes it. */
const JOB_RETENTION_SECONDS = 30 * 24 * 3600;

/** Progress of scheduled dedup sweep jobs, one item per job (the schedule's event time). */
export class DynamoDbSweepJobStore implements SweepJobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(jobId: string): Promise<SweepJobProgress | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: sweepJobKey(jobId), ConsistentRead: true }),
    );
    if (item === undefined) return null;
    return {
      jobId: item.jobId as string,
      lastCompletedClientId: (item.lastCompletedClientId ?? null) as string | null,
      completed: item.completed === true,
      updatedAt: item.updatedAt as string,
    };
  }

  async save(progress: SweepJobProgress): Promise<void> {
    const jobTime = Date.parse(progress.jobId);
    const base = Number.isNaN(jobTime) ? Date.parse(progress.updatedAt) : jobTime;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...sweepJobKey(progress.jobId),
          entity: "sweep-job",
          ...progress,
          expiresAt: Math.floor(base / 1000) + JOB_RETENTION_SECONDS,
        },
      }),
    );
  }
}
