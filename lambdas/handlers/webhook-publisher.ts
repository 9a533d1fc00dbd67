import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { relayWebhookOutbox, type WebhookRelayResult } from "../adapters/webhooks/webhook-relay.js";
import { webhookOutboxFromEnv, webhookQueueFromEnv } from "../adapters/webhooks/webhooks-from-env.js";
import { positiveIntegerEnv } from "../shared/environment.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";

/**
 * Publishes the status-change outbox's webhook records to the webhook queue. Scheduled (every minute),
 * it keeps polling the pending-outbox index until shortly before its timeout, so a status change reaches
 * the business within about OUTBOX_POLL_INTERVAL_MS; invoked directly, it drains once.
 */
const logger = createLogger("webhook-publisher");
const metrics = createMetrics("webhook-publisher");
const deps = lazy(() => ({ outbox: webhookOutboxFromEnv(), queue: webhookQueueFromEnv() }));

/** Stop polling this long before the Lambda timeout. */
const SAFETY_MARGIN_MS = 10_000;

export type WebhookPublisherEvent = { source?: string } | { action?: "drain" } | null;

function isScheduled(event: WebhookPublisherEvent): boolean {
  return (
    event !== null && "source" in event && (event.source === "aws.events" || event.source === "aws.scheduler")
  );
}

async function publish(event: WebhookPublisherEvent, context: Context): Promise<WebhookRelayResult> {
  const { outbox, queue } = deps();
  const now = () => new Date().toISOString();
  let published = 0;
  if (!isScheduled(event)) {
    published += (await relayWebhookOutbox(outbox, queue, now, { maxPages: Number.MAX_SAFE_INTEGER }))
      .published;
  } else {
    const pollIntervalMs = positiveIntegerEnv("OUTBOX_POLL_INTERVAL_MS", 250);
    // Asked every round, not once: locally, a stopping stack answers 0 so the run ends at once.
    while (context.getRemainingTimeInMillis() > SAFETY_MARGIN_MS) {
      const result = await relayWebhookOutbox(outbox, queue, now);
      published += result.published;
      if (result.published === 0) await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }
  if (published > 0) metrics.addMetric("WebhooksPublished", MetricUnit.Count, published);
  logger.info("webhook outbox relayed", { published });
  return { published };
}

export const handler = middy<WebhookPublisherEvent, WebhookRelayResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(publish);
