import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { relayNoticeOutbox } from "../adapters/notifications/notice-relay.js";
import { noticeOutboxFromEnv, noticeQueueFromEnv } from "../adapters/notifications/notifications-from-env.js";
import { positiveIntegerEnv } from "../shared/environment.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";

/**
 * Publishes the outbox's user and support notification records to the notification queue, as
 * references (ids only). Scheduled (every minute), it keeps polling the pending-outbox index until
 * shortly before its timeout; invoked directly, it drains once.
 */
const logger = createLogger("notification-publisher");
const metrics = createMetrics("notification-publisher");
const deps = lazy(() => ({ outbox: noticeOutboxFromEnv(), queue: noticeQueueFromEnv() }));

/** Stop polling this long before the Lambda timeout. */
const SAFETY_MARGIN_MS = 10_000;

export type NotificationPublisherEvent = { source?: string } | { action?: "drain" } | null;

function isScheduled(event: NotificationPublisherEvent): boolean {
  return (
    event !== null && "source" in event && (event.source === "aws.events" || event.source === "aws.scheduler")
  );
}

async function publish(event: NotificationPublisherEvent, context: Context): Promise<{ published: number }> {
  const { outbox, queue } = deps();
  const now = () => new Date().toISOString();
  let published = 0;
  if (!isScheduled(event)) {
    published += (await relayNoticeOutbox(outbox, queue, now, { maxPages: Number.MAX_SAFE_INTEGER }))
      .published;
  } else {
    const pollIntervalMs = positiveIntegerEnv("OUTBOX_POLL_INTERVAL_MS", 250);
    // Asked every round, not once: locally, a stopping stack answers 0 so the run ends at once.
    while (context.getRemainingTimeInMillis() > SAFETY_MARGIN_MS) {
      const result = await relayNoticeOutbox(outbox, queue, now);
      published += result.published;
      if (result.published === 0) await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }
  if (published > 0) metrics.addMetric("NoticesPublished", MetricUnit.Count, published);
  logger.info("notification outbox relayed", { published });
  return { published };
}

export const handler = middy<NotificationPublisherEvent, { published: number }>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(publish);
