import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { chainQueueFromEnv, outboxStoreFromEnv, signerFromEnv } from "../adapters/chain/chain-from-env.js";
import { powertoolsChainObserver } from "../adapters/chain/powertools-chain-observer.js";
import { relayChainOutbox, type RelayResult } from "../adapters/chain/outbox-relay.js";
import { positiveIntegerEnv } from "../shared/environment.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";

/**
 * Publishes the status-change outbox's chain records to the chain queue. Scheduled (every minute), it
 * keeps polling the pending-outbox index until shortly before its timeout, so a decision reaches the
 * queue within OUTBOX_POLL_INTERVAL_MS (250) instead of a minute; invoked directly, it drains once
 * (within its remaining time).
 */
const logger = createLogger("outbox-publisher");
const metrics = createMetrics("outbox-publisher");
const observer = powertoolsChainObserver(logger, metrics);
const deps = lazy(async () => ({
  outbox: outboxStoreFromEnv(),
  queue: await chainQueueFromEnv(signerFromEnv()),
}));

/** Stop polling this long before the Lambda timeout. */
const SAFETY_MARGIN_MS = 10_000;

export type OutboxPublisherEvent = { source?: string; "detail-type"?: string } | { action?: "drain" } | null;

function isScheduled(event: OutboxPublisherEvent): boolean {
  return (
    event !== null && "source" in event && (event.source === "aws.events" || event.source === "aws.scheduler")
  );
}

async function publish(event: OutboxPublisherEvent, context: Context): Promise<RelayResult> {
  const { outbox, queue } = await deps();
  const now = () => new Date().toISOString();
  const total: RelayResult = { published: 0, messages: 0 };
  const add = (result: RelayResult) => {
    total.published += result.published;
    total.messages += result.messages;
    if (result.published > 0) observer.count("OutboxRecordsPublished", result.published);
  };
  const remaining = context.getRemainingTimeInMillis();
  const deadline = Date.now() + remaining - Math.min(SAFETY_MARGIN_MS, remaining / 4);
  if (!isScheduled(event)) {
    // Drains what is pending, or as much as fits in the invocation: the rest waits for the next run.
    add(
      await relayChainOutbox(outbox, queue, now, { maxPages: Number.MAX_SAFE_INTEGER, deadlineMs: deadline }),
    );
  } else {
    const pollIntervalMs = positiveIntegerEnv("OUTBOX_POLL_INTERVAL_MS", 250);
    // Asked every round, not once: locally, a stopping stack answers 0 so the run ends at once.
    const margin = Math.min(SAFETY_MARGIN_MS, remaining / 4);
    while (context.getRemainingTimeInMillis() > margin) {
      const result = await relayChainOutbox(outbox, queue, now);
      add(result);
      if (result.published === 0) await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }
  logger.info("outbox relayed", { ...total });
  return total;
}

export const handler = middy<OutboxPublisherEvent, RelayResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(publish);
