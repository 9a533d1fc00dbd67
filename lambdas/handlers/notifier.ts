import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { decodeNoticeMessage } from "../adapters/notifications/notice-message.js";
import { notifierSettingsFromEnv } from "../adapters/notifications/notifications-from-env.js";
import { deliverNotice, type DeliverNoticeOutcome } from "../domain/notifications/deliver-notice.js";
import { lazy } from "../shared/lazy.js";
import { withoutEmailAddresses } from "../shared/pii-redaction.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { retryLater } from "../shared/retry-later.js";

/**
 * E-mails users about decisions on their profile and their support tickets (SQS consumer, partial
 * batch responses): SES in AWS, SMTP locally. A failed attempt keeps its message, hidden for a delay
 * that doubles per attempt; after NOTICE_MAX_ATTEMPTS (the queue's maxReceiveCount) it is made visible
 * at once and SQS moves it to the notification DLQ, whose alarm tells the operators. Logs carry ids
 * and outcomes, never the address or the text.
 */
const logger = createLogger("notifier");
const metrics = createMetrics("notifier");
const settings = lazy(() => notifierSettingsFromEnv());

/** Mail servers echo the recipient in their errors: addresses are removed before logging. */
function describe(error: unknown): string {
  return withoutEmailAddresses(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

async function attempt(record: SQSRecord): Promise<DeliverNoticeOutcome> {
  const deps = settings();
  const ref = decodeNoticeMessage(record.messageId, record.body);
  const outcome = await deliverNotice({ ...deps, now: () => new Date().toISOString() }, ref);
  logger.info("notice attempt", {
    messageId: record.messageId,
    noticeId: ref.id,
    clientId: ref.clientId,
    ...outcome,
  });
  return outcome;
}

async function deliverBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const { queue, retryBaseSeconds, maxAttempts } = settings();
  const retry = { queue, retryBaseSeconds, maxAttempts, logger, metrics, what: "notice", describe } as const;
  const failures = await Promise.all(
    event.Records.map(async (record) => {
      try {
        const outcome = await attempt(record);
        metrics.addMetric(`Notice_${outcome.outcome}`, MetricUnit.Count, 1);
        return null;
      } catch (error) {
        return retryLater(record, describe(error), retry);
      }
    }),
  );
  return { batchItemFailures: failures.filter((failure) => failure !== null) };
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(deliverBatch);
