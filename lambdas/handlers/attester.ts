import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { attesterDepsFromEnv, chainSqsClient } from "../adapters/chain/chain-from-env.js";
import { NonceGapError, RegistryPausedError } from "../adapters/chain/chain-errors.js";
import { SqsChainQueue } from "../adapters/chain/chain-queue.js";
import { decodeChainMessage } from "../adapters/chain/chain-work-message.js";
import { describe } from "../adapters/chain/nonce-safe-sender.js";
import { powertoolsChainObserver } from "../adapters/chain/powertools-chain-observer.js";
import { runAttester, type AttesterDeps } from "../adapters/chain/attester-run.js";
import { queueSettleTickIfPending } from "../adapters/chain/settle-tick.js";
import { PAUSED_BACKOFF, TRANSIENT_BACKOFF, retryDelaySeconds } from "../domain/chain/failure-policy.js";
import type { ChainIntent } from "../domain/chain/intent.js";
import { requiredEnv } from "../shared/environment.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";

/**
 * The attester on the chain FIFO queue (one message group per signer, reserved concurrency 1: one
 * writer per signer). It never waits for blocks: a run looks once at the signer's pending transactions,
 * sends the new work with the next nonces and is done once those transactions are persisted. While
 * transactions are pending, one settle tick stays queued behind the work to bring it back. New work that
 * cannot be sent stays queued and comes back after a backoff set on the messages' visibility (long while
 * the registry is paused or the chain has a nonce gap, so neither exhausts the receive count and
 * dead-letters the work).
 */
const logger = createLogger("attester");
const metrics = createMetrics("attester");
const observer = powertoolsChainObserver(logger, metrics);
const deps = lazy(() => attesterDepsFromEnv(observer));
const sqs = lazy(chainSqsClient);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function attest(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const intents: ChainIntent[] = [];
  let ticks = 0;
  for (const record of event.Records) {
    try {
      const message = decodeChainMessage(record.body);
      if (message.kind === "settle-tick") ticks += 1;
      else intents.push(...message.intents);
    } catch (error) {
      // Malformed work can never succeed; keeping it would block the signer's FIFO group. The reconcile
      // job repairs whatever it would have changed.
      logger.error("rejected a malformed chain message", {
        messageId: record.messageId,
        error: describe(error),
      });
      observer.count("ChainMessageRejected");
    }
  }
  const attester = await deps();
  const signer = await attester.sender.address();
  if (ticks > 0) await attester.txStore.releaseSettleTick(signer);
  if (intents.length === 0 && ticks > 0) {
    // Only ticks: pace the looks at pending transactions instead of spinning on the queue.
    await sleep(
      Math.min(attester.config.settlePollMs, Math.max(0, context.getRemainingTimeInMillis() - 1_000)),
    );
  }
  try {
    const report = await runAttester(attester, intents);
    logger.info("attester run finished", {
      ...report,
      gasUsed: report.gasUsed.toString(),
      messages: event.Records.length,
      ticks,
    });
    await queueTick(attester, signer, report.pending);
    return { batchItemFailures: [] };
  } catch (error) {
    const receiveCount = Math.max(
      1,
      ...event.Records.map((record) => Number(record.attributes.ApproximateReceiveCount) || 1),
    );
    // A pause and a nonce gap both wait for an operator: long backoff, so the receive count lasts a day.
    const waitsForOperator = error instanceof RegistryPausedError || error instanceof NonceGapError;
    const delaySeconds = retryDelaySeconds(
      receiveCount,
      waitsForOperator ? PAUSED_BACKOFF : TRANSIENT_BACKOFF,
    );
    // The gap is logged (throttled) and alarmed where it is found; one more line per run would be noise.
    const log = error instanceof NonceGapError ? logger.info.bind(logger) : logger.warn.bind(logger);
    log("attester run did not finish; the messages stay queued", {
      error: describe(error),
      context: (error as { context?: unknown }).context,
      receiveCount,
      delaySeconds,
    });
    observer.count("ChainRetryScheduled");
    try {
      const queue = new SqsChainQueue(sqs(), requiredEnv("CHAIN_QUEUE_URL"), "");
      await queue.delay(
        event.Records.map((record) => record.receiptHandle),
        delaySeconds,
      );
    } catch (delayError) {
      logger.warn("could not set the retry backoff", { error: describe(delayError) });
    }
    // FIFO: every message of the batch is reported, so none is deleted out of order.
    return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
  }
}

/** A lost tick is re-issued by the next run after SETTLE_TICK_STALE_MS, so a failure here only delays. */
async function queueTick(attester: AttesterDeps, signer: string, pending: number): Promise<void> {
  try {
    await queueSettleTickIfPending(attester.txStore, attester.queue, signer, pending, Date.now());
  } catch (error) {
    logger.warn("could not queue the settle tick", { error: describe(error) });
  }
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(attest);
