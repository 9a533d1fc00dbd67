import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { z } from "zod";
import { reconcileDepsFromEnv } from "../adapters/chain/chain-from-env.js";
import { describe } from "../adapters/chain/nonce-safe-sender.js";
import { NoNonceGapError, resyncSignerNonce, type ResyncReport } from "../adapters/chain/nonce-resync.js";
import { queueSettleTickIfPending } from "../adapters/chain/settle-tick.js";
import { powertoolsChainObserver } from "../adapters/chain/powertools-chain-observer.js";
import {
  requeueFailedBatches,
  runReconcile,
  type ReconcileReport,
  type RequeueReport,
} from "../adapters/chain/reconcile-run.js";
import { lazy } from "../shared/lazy.js";
import { parseOpsRequest, type OpsErrorAnswer, type ParsedOpsRequest } from "../shared/ops-response.js";
import { createLogger, createMetrics } from "../shared/observability.js";

/**
 * The reconcile job: scheduled hourly it compares every on-chain service's approved set with the
 * registry and queues repairs; the operator CLI invokes it for one service, as a dry run, to re-queue
 * failed batches after fixing their cause (e.g. granting the attester role again), or for the
 * pipeline's status (pending transactions, parked batches, pause).
 */
const logger = createLogger("chain-reconcile");
const metrics = createMetrics("chain-reconcile");
const observer = powertoolsChainObserver(logger, metrics);
const deps = lazy(() => reconcileDepsFromEnv(observer));

/**
 * The safety net for a lost settle tick when no new work brings the attester back: pending transactions
 * and no recent tick claimed → queue one.
 */
async function reissueLostSettleTick(): Promise<void> {
  try {
    const { txStore, queue, signerAddress: signer } = await deps();
    const pending = (await txStore.listPending(signer)).length;
    if (await queueSettleTickIfPending(txStore, queue, signer, pending, Date.now())) {
      logger.warn("re-issued a lost settle tick", { pending });
    }
  } catch (error) {
    logger.warn("could not check the signer's pending transactions", { error: describe(error) });
  }
}

export const chainReconcileRequest = z.union([
  z.strictObject({
    action: z.literal("reconcile"),
    clientId: z.string().min(1).max(64).optional(),
    dryRun: z.boolean().optional(),
  }),
  z.strictObject({ action: z.literal("retry-failed"), batchId: z.string().min(1).max(128).optional() }),
  z.strictObject({ action: z.literal("status") }),
  /** After a nonce gap (the chain forgot transactions): void them, re-queue their work, reconcile. */
  z.strictObject({ action: z.literal("resync"), operator: z.string().trim().min(1).max(256) }),
]);
export type ChainReconcileRequest = z.infer<typeof chainReconcileRequest>;

export type ChainReconcileResult =
  | ({ action: "reconcile" } & ReconcileReport)
  | ({ action: "retry-failed" } & RequeueReport)
  | ({ action: "status" } & PipelineStatus)
  | ({ action: "resync" } & ResyncReport);

/** What an operator looks at first (no wallets: counts and identifiers only). */
export interface PipelineStatus {
  signer: string;
  nextNonce: number | null;
  registryPaused: boolean;
  /** The chain's count of the signer's transactions. */
  chainNonce: number;
  /** Set while the attester sees the chain behind its nonces (alarm `ChainNonceGap`): run `chain resync`. */
  nonceGap: { chainNonce: number; expectedNonce: number; detectedAt: string } | null;
  /** The latest `chain resync` runs (operator, nonces, counts). */
  resyncs: Omit<ResyncReport, "voided" | "reconcile">[];
  pending: {
    nonce: number;
    clientId: string;
    kind: string;
    wallets: number;
    attempts: number;
    firstBroadcastAt: string;
    lastBroadcastAt: string;
    minedInBlock: number | null;
  }[];
  failedBatches: { batchId: string; clientId: string; kind: string; reason: string; failedAt: string }[];
}

async function pipelineStatus(): Promise<PipelineStatus> {
  const { txStore, signerAddress: signer, registry, failedBatches } = await deps();
  const { pending, nonceGap } = await txStore.pendingState(signer);
  return {
    signer,
    nextNonce: await txStore.nextNonce(signer),
    registryPaused: await registry.isPaused(),
    chainNonce: await registry.nonceAt(signer, "latest"),
    nonceGap:
      nonceGap === null
        ? null
        : {
            chainNonce: nonceGap.chainNonce,
            expectedNonce: nonceGap.expectedNonce,
            detectedAt: nonceGap.detectedAt,
          },
    resyncs: (await txStore.listAudit(signer, 5)).map(({ action: _action, ...entry }) => entry),
    pending: pending.map((tx) => ({
      nonce: tx.nonce,
      clientId: tx.batch.plan.clientId,
      kind: tx.batch.plan.kind,
      wallets: tx.batch.plan.actions.length,
      attempts: tx.attempts.length,
      firstBroadcastAt: tx.attempts[0]?.broadcastAt ?? tx.createdAt,
      lastBroadcastAt: tx.attempts.at(-1)?.broadcastAt ?? tx.createdAt,
      minedInBlock: tx.inclusion?.blockNumber ?? null,
    })),
    failedBatches: (await failedBatches.list("failed")).map((batch) => ({
      batchId: batch.batchId,
      clientId: batch.clientId,
      kind: batch.kind,
      reason: batch.reason,
      failedAt: batch.failedAt,
    })),
  };
}

/** A scheduler event (it has `source`) means a full reconcile; anything else must be a request. */
function requestOf(event: unknown): ParsedOpsRequest<typeof chainReconcileRequest> {
  if (typeof event === "object" && event !== null && "source" in event) {
    return { success: true, request: { action: "reconcile" } };
  }
  return parseOpsRequest(chainReconcileRequest, event);
}

async function reconcile(event: unknown): Promise<ChainReconcileResult | OpsErrorAnswer> {
  const parsed = requestOf(event);
  if (!parsed.success) {
    logger.warn("invoke payload refused", { code: parsed.answer.code, message: parsed.answer.message });
    return parsed.answer;
  }
  const request = parsed.request;
  if (request.action === "status") return { action: "status", ...(await pipelineStatus()) };
  if (request.action === "resync") {
    try {
      const report = await resyncSignerNonce(await deps(), request.operator);
      logger.info("chain resync by operator", {
        operator: request.operator,
        fromNonce: report.fromNonce,
        toNonce: report.toNonce,
        voidedTransactions: report.voidedTransactions,
        requeuedIntents: report.requeuedIntents,
        repairsQueued: report.reconcile.repairsQueued,
      });
      return { action: "resync", ...report };
    } catch (error) {
      if (!(error instanceof NoNonceGapError)) throw error;
      logger.info("chain resync refused", { operator: request.operator, ...error.context });
      return { status: "error", code: 409, message: error.message };
    }
  }
  if (request.action === "retry-failed") {
    const report = await requeueFailedBatches(await deps(), { batchId: request.batchId });
    logger.info("failed batches re-queued", { count: report.requeued.length });
    return { action: "retry-failed", ...report };
  }
  if (request.dryRun !== true) await reissueLostSettleTick();
  const report = await runReconcile(await deps(), { clientId: request.clientId, dryRun: request.dryRun });
  logger.info("reconcile finished", {
    services: report.services.length,
    repairsQueued: report.repairsQueued,
    dryRun: report.dryRun,
  });
  return { action: "reconcile", ...report };
}

export const handler = middy<unknown, ChainReconcileResult | OpsErrorAnswer>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(reconcile);
