import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ChainIntent } from "../../domain/chain/intent.js";
import { CHAIN_ENTITY, FAILED_BATCH_PARTITION, failedBatchKey } from "./chain-keys.js";
import { queryPartition } from "./query-partition.js";

/**
 * A batch the registry refused (attester role removed, unknown service, ...): visible to operators,
 * with the intents it carried, until an operator re-queues it after fixing the cause. Once re-queued the
 * queue owns the intents and the record keeps only their count: they name wallets (an erasure's too).
 * An erased profile's intents are removed from parked batches once its revocation is confirmed
 * (`scrubErased`), and every record expires `FAILED_BATCH_RETENTION_DAYS` after it was parked: the
 * hourly reconcile re-derives any work a forgotten batch carried from the profiles themselves.
 */
export const FAILED_BATCH_RETENTION_DAYS = 30;

/** A profile whose user erased it: its intents leave every parked batch. */
export interface ErasedRef {
  clientId: string;
  refId: string;
}

export interface FailedBatch {
  batchId: string;
  status: "failed" | "requeued";
  clientId: string;
  serviceId: string;
  kind: "attest" | "revoke";
  /** The registry's custom error, or why the batch could not be sent. */
  reason: string;
  /** Set when a mined transaction reverted (its nonce is used; the work is not). */
  txHash: string | null;
  /** Empty once re-queued (see `intentCount`). */
  intents: ChainIntent[];
  intentCount: number;
  failedAt: string;
  requeuedAt: string | null;
}

export class DynamoDbFailedBatchStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Records a failed batch; recording it again while it is parked keeps the first record, and recording
   * it after an operator re-queued it parks it again (the retry failed too: it must stay visible).
   */
  async put(batch: Omit<FailedBatch, "intentCount">): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...failedBatchKey(batch.batchId),
            entity: CHAIN_ENTITY.failedBatch,
            ...batch,
            intentCount: batch.intents.length,
            expiresAt: expiryOf(batch.failedAt),
          },
          ConditionExpression: "attribute_not_exists(pk) OR #status = :requeued",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":requeued": "requeued" },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Failed batches, oldest first (batch ids start with their failure time). */
  async list(status: FailedBatch["status"] | null = "failed"): Promise<FailedBatch[]> {
    const items = await queryPartition(this.client, {
      tableName: this.tableName,
      pk: FAILED_BATCH_PARTITION,
      consistentRead: true,
    });
    const batches = items.map(failedBatchFromItem);
    return status === null ? batches : batches.filter((batch) => batch.status === status);
  }

  /**
   * Marks a failed batch re-queued (call after its intents are on the queue) and drops its intents;
   * false when it was not (or no longer) in the failed state.
   */
  async markRequeued(batchId: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: failedBatchKey(batchId),
          UpdateExpression: "SET #status = :requeued, requeuedAt = :at, intents = :none",
          ConditionExpression: "#status = :failed",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":requeued": "requeued", ":failed": "failed", ":at": at, ":none": [] },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Removes an erased profile's intents (they name its wallet and refId) from every parked batch, so a
   * later retry cannot re-attest an erased wallet and nothing of it outlives the confirmed revocation.
   * Conditional on the batch still holding what was read: a concurrent re-queue or scrub wins and the
   * batch is read again. Returns how many intents were removed.
   */
  async scrubErased(erased: readonly ErasedRef[]): Promise<number> {
    if (erased.length === 0) return 0;
    const isErased = (intent: ChainIntent) =>
      erased.some((ref) => ref.clientId === intent.clientId && ref.refId === intent.refId);
    let removed = 0;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      let conflicted = false;
      for (const batch of await this.list("failed")) {
        const kept = batch.intents.filter((intent) => !isErased(intent));
        if (kept.length === batch.intents.length) continue;
        try {
          await this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: failedBatchKey(batch.batchId),
              UpdateExpression: "SET intents = :kept, intentCount = :count",
              ConditionExpression: "#status = :failed AND intentCount = :read",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: {
                ":kept": kept,
                ":count": kept.length,
                ":failed": "failed",
                ":read": batch.intentCount,
              },
            }),
          );
          removed += batch.intents.length - kept.length;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          conflicted = true;
        }
      }
      if (!conflicted) return removed;
    }
    return removed;
  }
}

/** Epoch seconds when a parked record expires (the table's TTL attribute). */
function expiryOf(failedAt: string): number {
  return Math.floor(Date.parse(failedAt) / 1000) + FAILED_BATCH_RETENTION_DAYS * 86_400;
}

function failedBatchFromItem(item: Record<string, unknown>): FailedBatch {
  return {
    batchId: item.batchId as string,
    status: item.status as FailedBatch["status"],
    clientId: item.clientId as string,
    serviceId: item.serviceId as string,
    kind: item.kind as FailedBatch["kind"],
    reason: item.reason as string,
    txHash: (item.txHash ?? null) as string | null,
    intents: (item.intents ?? []) as ChainIntent[],
    intentCount: (item.intentCount ?? (item.intents as unknown[] | undefined)?.length ?? 0) as number,
    failedAt: item.failedAt as string,
    requeuedAt: (item.requeuedAt ?? null) as string | null,
  };
}
