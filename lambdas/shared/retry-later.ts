import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import type { SQSBatchItemFailure, SQSRecord } from "aws-lambda";
import { visibilityAfterFailure } from "../domain/webhooks/delivery-policy.js";

export interface RetryLaterContext {
  /** Hides a received message for a while: its wait before the next attempt. */
  queue: { delay(receiptHandle: string, seconds: number): Promise<void> };
  retryBaseSeconds: number;
  /** The queue's maxReceiveCount: the attempt after which SQS moves the message to its DLQ. */
  maxAttempts: number;
  logger: Logger;
  metrics: Metrics;
  /** Names the messages in logs and the metric (`webhook` → `WebhookRetryScheduled`). */
  what: "webhook" | "notice";
  /** An error as the consumer may log it (e.g. without e-mail addresses). */
  describe: (error: unknown) => string;
}

/**
 * A failed attempt of a hand-retried SQS consumer: keeps the message hidden for a delay that doubles
 * per attempt (visible at once on the last, so SQS dead-letters it), logs and counts it, and answers
 * the partial batch failure that leaves it on the queue.
 */
export async function retryLater(
  record: SQSRecord,
  failure: string,
  context: RetryLaterContext,
): Promise<SQSBatchItemFailure> {
  const { queue, retryBaseSeconds, maxAttempts, logger, metrics, what, describe } = context;
  const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
  const delaySeconds = visibilityAfterFailure(receiveCount, maxAttempts, retryBaseSeconds);
  logger.warn(`${what} delivery failed; retrying later`, {
    messageId: record.messageId,
    failure,
    receiveCount,
    delaySeconds,
    lastAttempt: receiveCount >= maxAttempts,
  });
  metrics.addMetric(`${what[0]?.toUpperCase() ?? ""}${what.slice(1)}RetryScheduled`, MetricUnit.Count, 1);
  try {
    await queue.delay(record.receiptHandle, delaySeconds);
  } catch (delayError) {
    // The queue's own visibility timeout then applies: a retry, only sooner.
    logger.warn(`could not set the ${what} retry delay`, { error: describe(delayError) });
  }
  return { itemIdentifier: record.messageId };
}
