import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { summarizeBatch, type BatchSummary, type PlannedBatch } from "../../domain/chain/batch-plan.js";
import type { Inclusion } from "../../domain/chain/inclusion.js";
import type { NonceGap } from "../../domain/chain/nonce-gap.js";
import {
  CHAIN_ENTITY,
  TX_SK_PREFIX,
  nonceKey,
  signerAuditKey,
  txKey,
  txPartition,
  voidedTxKey,
} from "./chain-keys.js";

/** `void`: the chain forgot the nonce (node restarted empty, reset) and `chain resync` voided the record. */
export type ChainTxStatus = "pending" | "confirmed" | "reverted" | "failed" | "superseded" | "void";
export type FinalTxStatus = Exclude<ChainTxStatus, "pending">;

/** One signed version of a transaction; every attempt of a nonce may still be the one that lands. */
export interface TxAttempt {
  hash: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  /** When it was signed and persisted, just before its broadcast. */
  broadcastAt: string;
}

/** The registry call a transaction makes, with everything needed to record its effect later. */
export interface StoredBatch {
  batchId: string;
  registry: string;
  serviceId: string;
  plan: PlannedBatch;
}

/** What a final transaction keeps of its batch: the plan's summary, without wallets or refIds. */
export interface FinalBatch {
  batchId: string;
  registry: string;
  serviceId: string;
  summary: BatchSummary;
}

interface TxRecordFields {
  signer: string;
  chainId: number;
  nonce: number;
  gasLimit: string;
  /** Every signed version (hashes and fees); the chain itself holds their calldata. */
  attempts: TxAttempt[];
  /** Where the transaction was last seen mined (for reorg detection). */
  inclusion: Inclusion | null;
  gasUsed: string | null;
  outcome: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A transaction that may still be re-broadcast, replaced, re-queued or recorded: it keeps its whole batch. */
export interface PendingTxRecord extends TxRecordFields {
  status: "pending";
  batch: StoredBatch;
  /** The raw bytes of the latest attempt (re-broadcast as they are). */
  rawTx: string;
}

/**
 * A final transaction (confirmed, reverted, failed, superseded) after its effects were recorded or its
 * work re-queued or parked: its plan is pruned to a summary and its raw bytes dropped, because both
 * name wallets (and refIds) that must not outlive an erasure in the pipeline's own records.
 */
export interface FinalTxRecord extends TxRecordFields {
  status: FinalTxStatus;
  batch: FinalBatch;
}

export type ChainTxRecord = PendingTxRecord | FinalTxRecord;

/** The batch as a final transaction keeps it (records written before pruning are summarized when read). */
export function finalBatchOf(batch: StoredBatch | FinalBatch): FinalBatch {
  if ("summary" in batch) return batch;
  return {
    batchId: batch.batchId,
    registry: batch.registry,
    serviceId: batch.serviceId,
    summary: summarizeBatch(batch.plan),
  };
}

/** The gap the attester last saw (on the nonce item until the chain catches up or `chain resync`). */
export interface RecordedNonceGap extends NonceGap {
  detectedAt: string;
  /** When the attester last logged it (the log is throttled, the alarm metric is not). */
  warnedAt: string;
}

/** The operator's `chain resync`, written with the nonce reset (in the signer's partition). */
export interface ChainResyncAudit {
  action: "CHAIN_RESYNC";
  signer: string;
  chainId: number;
  operator: string;
  at: string;
  fromNonce: number;
  toNonce: number;
  voidedTransactions: number;
  requeuedIntents: number;
}

/** Another writer allocated the nonce first: at most one attester per signer may run. */
export class NonceConflictError extends Error {
  override readonly name = "NonceConflictError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(signer: string, nonce: number, options?: { cause?: unknown }) {
    super(`nonce ${nonce} of ${signer} was taken by another writer`, options);
    this.context = { signer, nonce };
  }
}

/**
 * Nonces and transactions of the attester's signer. A nonce is allocated and the signed transaction
 * persisted in ONE DynamoDB transaction (nonce advanced by a conditional update), before any broadcast:
 * a nonce is never used without a record of what was signed for it, and never allocated twice.
 */
export class DynamoDbChainTxStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async nextNonce(signer: string): Promise<number | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: nonceKey(signer), ConsistentRead: true }),
    );
    return item === undefined ? null : (item.next as number);
  }

  /** Starts the signer's nonce at `next` (its on-chain count) unless it already has one. */
  async initNonce(signer: string, chainId: number, next: number, at: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...nonceKey(signer), entity: CHAIN_ENTITY.nonce, signer, chainId, next, updatedAt: at },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Moves the next nonce forward to the chain's count (the key was used outside the pipeline). */
  async advanceNonce(signer: string, from: number, to: number, at: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: nonceKey(signer),
          UpdateExpression: "SET #next = :to, updatedAt = :at",
          ConditionExpression: "#next = :from",
          ExpressionAttributeNames: { "#next": "next" },
          ExpressionAttributeValues: { ":from": from, ":to": to, ":at": at },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new NonceConflictError(signer, from, { cause: error });
      throw error;
    }
  }

  /**
   * Claims the signer's settle tick (the one queued message that brings the attester back to look at
   * pending transactions): true when no tick is outstanding, or the outstanding one is older than
   * `staleBefore` (its publish was lost). Keeps at most one tick in the queue.
   */
  async claimSettleTick(signer: string, at: string, staleBefore: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: nonceKey(signer),
          UpdateExpression: "SET settleTickAt = :at",
          ConditionExpression:
            "attribute_exists(pk) AND (attribute_not_exists(settleTickAt) OR settleTickAt < :stale)",
          ExpressionAttributeValues: { ":at": at, ":stale": staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The settle tick was received: the next run that leaves work pending queues a new one. */
  async releaseSettleTick(signer: string): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: nonceKey(signer),
          UpdateExpression: "REMOVE settleTickAt",
          ConditionExpression: "attribute_exists(pk)",
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  /** Allocates `record.nonce` (which must be the current next nonce) and stores the signed transaction. */
  async createTx(record: PendingTxRecord): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: nonceKey(record.signer),
                UpdateExpression: "SET #next = :following, updatedAt = :at ADD pendingNonces :pending",
                ConditionExpression: "#next = :nonce",
                ExpressionAttributeNames: { "#next": "next" },
                ExpressionAttributeValues: {
                  ":nonce": record.nonce,
                  ":following": record.nonce + 1,
                  ":at": record.createdAt,
                  ":pending": new Set([record.nonce]),
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...txKey(record.signer, record.nonce), entity: CHAIN_ENTITY.tx, ...record },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new NonceConflictError(record.signer, record.nonce, { cause: error });
      }
      throw error;
    }
  }

  /** Stores a replacement attempt (same nonce, higher fees) before it is broadcast. */
  async addAttempt(record: PendingTxRecord, attempt: TxAttempt, rawTx: string): Promise<PendingTxRecord> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: txKey(record.signer, record.nonce),
        UpdateExpression: "SET attempts = list_append(attempts, :attempt), rawTx = :rawTx, updatedAt = :at",
        ConditionExpression: "size(attempts) = :count AND #status = :pending",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":attempt": [attempt],
          ":rawTx": rawTx,
          ":at": attempt.broadcastAt,
          ":count": record.attempts.length,
          ":pending": "pending",
        },
      }),
    );
    return { ...record, attempts: [...record.attempts, attempt], rawTx, updatedAt: attempt.broadcastAt };
  }

  async recordInclusion(
    record: PendingTxRecord,
    inclusion: Inclusion | null,
    at: string,
  ): Promise<PendingTxRecord> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: txKey(record.signer, record.nonce),
        UpdateExpression: "SET inclusion = :inclusion, updatedAt = :at",
        ExpressionAttributeValues: { ":inclusion": inclusion, ":at": at },
      }),
    );
    return { ...record, inclusion, updatedAt: at };
  }

  /**
   * Final state of a transaction (confirmed, reverted, failed, superseded), written once its effects
   * are recorded or its work re-queued or parked. The same write prunes the batch plan to its summary
   * and drops the raw bytes: nothing needs them any more, and they name wallets.
   */
  async finish(
    record: PendingTxRecord,
    status: FinalTxStatus,
    details: { outcome: string; gasUsed: string | null; at: string },
  ): Promise<FinalTxRecord> {
    const batch = finalBatchOf(record.batch);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: txKey(record.signer, record.nonce),
        UpdateExpression:
          "SET #status = :status, outcome = :outcome, gasUsed = :gasUsed, updatedAt = :at, #batch = :batch " +
          "REMOVE rawTx",
        ExpressionAttributeNames: { "#status": "status", "#batch": "batch" },
        ExpressionAttributeValues: {
          ":status": status,
          ":outcome": details.outcome,
          ":gasUsed": details.gasUsed,
          ":at": details.at,
          ":batch": batch,
        },
      }),
    );
    await this.forgetPending(record.signer, record.nonce);
    const { rawTx: _dropped, ...fields } = record;
    return {
      ...fields,
      status,
      batch,
      outcome: details.outcome,
      gasUsed: details.gasUsed,
      updatedAt: details.at,
    };
  }

  /**
   * The signer's pending transactions, oldest nonce first. The nonce item lists them (added in the
   * transaction that allocates the nonce, removed once final), so none can be overlooked.
   */
  async listPending(signer: string): Promise<PendingTxRecord[]> {
    return (await this.pendingState(signer)).pending;
  }

  /** The pending transactions and the nonce gap recorded on the nonce item (one read of it). */
  async pendingState(
    signer: string,
  ): Promise<{ pending: PendingTxRecord[]; nonceGap: RecordedNonceGap | null }> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: nonceKey(signer), ConsistentRead: true }),
    );
    const nonceGap = (item?.nonceGap ?? null) as RecordedNonceGap | null;
    const nonces = [...((item?.pendingNonces as Set<number> | undefined) ?? [])].sort((a, b) => a - b);
    const pending: PendingTxRecord[] = [];
    for (const nonce of nonces) {
      const tx = await this.get(signer, nonce);
      if (tx !== null && tx.status === "pending") pending.push(tx);
      // A final transaction still listed: its status was written but the run stopped before unlisting it.
      else await this.forgetPending(signer, nonce);
    }
    return { pending, nonceGap };
  }

  /** Records the gap the attester sees (keeping when it was first detected). */
  async recordNonceGap(signer: string, gap: RecordedNonceGap): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: nonceKey(signer),
        UpdateExpression: "SET nonceGap = :gap",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":gap": gap },
      }),
    );
  }

  /** The chain caught up by itself (a lagging node): the gap is gone. */
  async clearNonceGap(signer: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: nonceKey(signer),
        UpdateExpression: "REMOVE nonceGap",
      }),
    );
  }

  /** The signer's transaction records with nonces in [from, to), oldest first. */
  async listRange(signer: string, from: number, to: number): Promise<ChainTxRecord[]> {
    if (to <= from) return [];
    const records: ChainTxRecord[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: {
            ":pk": txPartition(signer),
            ":from": txKey(signer, from).sk,
            ":to": txKey(signer, to - 1).sk,
          },
          ConsistentRead: true,
          ExclusiveStartKey: cursor,
        }),
      );
      records.push(...(page.Items ?? []).map(txFromItem));
      cursor = page.LastEvaluatedKey;
    } while (cursor !== undefined);
    return records;
  }

  /**
   * Moves a transaction record the chain forgot out of `TX#` (so its nonce can be allocated again) to
   * `VOIDTX#<resyncAt>#<nonce>`, as `void` with its batch pruned to the summary and no raw bytes. One
   * DynamoDB transaction: a crash leaves it either moved or not.
   */
  async voidTx(record: ChainTxRecord, resyncAt: string, outcome: string): Promise<void> {
    const { rawTx: _dropped, ...fields } = record as PendingTxRecord;
    const voided = {
      ...fields,
      previousStatus: record.status,
      status: "void",
      outcome,
      batch: finalBatchOf(record.batch),
      updatedAt: resyncAt,
    };
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...voidedTxKey(record.signer, resyncAt, record.nonce),
                entity: CHAIN_ENTITY.voidedTx,
                ...voided,
              },
            },
          },
          {
            Delete: {
              TableName: this.tableName,
              Key: txKey(record.signer, record.nonce),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
        ],
      }),
    );
  }

  /**
   * Restarts the signer's nonce at the chain's count, with the operator's audit entry, in one DynamoDB
   * transaction; the nonce must still be `from` (no attester allocated one meanwhile).
   */
  async resetNonce(signer: string, from: number, audit: ChainResyncAudit): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: nonceKey(signer),
                UpdateExpression: "SET #next = :to, updatedAt = :at REMOVE nonceGap, pendingNonces",
                ConditionExpression: "#next = :from",
                ExpressionAttributeNames: { "#next": "next" },
                ExpressionAttributeValues: { ":from": from, ":to": audit.toNonce, ":at": audit.at },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...signerAuditKey(signer, audit.at, audit.action),
                  entity: CHAIN_ENTITY.signerAudit,
                  ...audit,
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new NonceConflictError(signer, from, { cause: error });
      }
      throw error;
    }
  }

  /** The signer's operator audit entries, newest first. */
  async listAudit(signer: string, limit: number): Promise<ChainResyncAudit[]> {
    const { Items: items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": txPartition(signer), ":prefix": "AUDIT#" },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return items.map(({ pk: _pk, sk: _sk, entity: _entity, ...audit }) => audit as ChainResyncAudit);
  }

  private async forgetPending(signer: string, nonce: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: nonceKey(signer),
        UpdateExpression: "DELETE pendingNonces :nonce",
        ExpressionAttributeValues: { ":nonce": new Set([nonce]) },
      }),
    );
  }

  async get(signer: string, nonce: number): Promise<ChainTxRecord | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: txKey(signer, nonce), ConsistentRead: true }),
    );
    return item === undefined ? null : txFromItem(item);
  }

  /** The signer's newest transactions, newest first (operators, tests). */
  async listRecent(signer: string, limit: number): Promise<ChainTxRecord[]> {
    const { Items: items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": txPartition(signer), ":prefix": TX_SK_PREFIX },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return items.map(txFromItem);
  }
}

function txFromItem(item: Record<string, unknown>): ChainTxRecord {
  const fields: TxRecordFields = {
    signer: item.signer as string,
    chainId: item.chainId as number,
    nonce: item.nonce as number,
    gasLimit: item.gasLimit as string,
    attempts: item.attempts as TxAttempt[],
    inclusion: (item.inclusion ?? null) as Inclusion | null,
    gasUsed: (item.gasUsed ?? null) as string | null,
    outcome: (item.outcome ?? null) as string | null,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
  const status = item.status as ChainTxStatus;
  if (status === "pending") {
    return { ...fields, status, batch: item.batch as StoredBatch, rawTx: item.rawTx as string };
  }
  return { ...fields, status, batch: finalBatchOf(item.batch as StoredBatch | FinalBatch) };
}
