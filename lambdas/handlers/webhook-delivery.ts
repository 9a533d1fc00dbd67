import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { deliverWebhook, type WebhookDeliveryOutcome } from "../adapters/webhooks/deliver-webhook.js";
import { postWebhook } from "../adapters/webhooks/http-webhook-sender.js";
import { decodeWebhookMessage } from "../adapters/webhooks/webhook-message.js";
import { webhookDeliverySettingsFromEnv } from "../adapters/webhooks/webhooks-from-env.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { retryLater } from "../shared/retry-later.js";

/**
 * Delivers webhook events to businesses (SQS consumer, partial batch responses). A failed attempt
 * (network error, timeout, non-2xx) keeps its message: its visibility is set to a delay that doubles
 * per attempt; after the last attempt (WEBHOOK_MAX_ATTEMPTS, the queue's maxReceiveCount) it is made
 * visible at once, and SQS moves it to the webhook DLQ on its next receive.
 */
const logger = createLogger("webhook-delivery");
const metrics = createMetrics("webhook-delivery");
const settings = lazy(() => webhookDeliverySettingsFromEnv());

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function attempt(record: SQSRecord): Promise<WebhookDeliveryOutcome> {
  const { services, signer, timeoutMs, env } = settings();
  const webhook = decodeWebhookMessage(record.messageId, record.body);
  const outcome = await deliverWebhook(
    {
      services,
      secrets: signer,
      env,
      now: () => new Date(),
      post: (url, rawBody, headers) => postWebhook(url, rawBody, headers, timeoutMs),
    },
    webhook,
  );
  logger.info("webhook attempt", {
    messageId: record.messageId,
    guid: webhook.id,
    clientId: webhook.clientId,
    event: webhook.event,
    ...outcome,
  });
  return outcome;
}

async function deliverBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const { queue, retryBaseSeconds, maxAttempts } = settings();
  const retry = { queue, retryBaseSeconds, maxAttempts, logger, metrics, what: "webhook", describe } as const;
  const failures = await Promise.all(
    event.Records.map(async (record) => {
      let failure: string;
      try {
        const outcome = await attempt(record);
        metrics.addMetric(`Webhook_${outcome.outcome}`, MetricUnit.Count, 1);
        if (outcome.outcome !== "refused") return null;
        failure = `HTTP ${outcome.httpStatus}`;
      } catch (error) {
        failure = describe(error);
      }
      return retryLater(record, failure, retry);
    }),
  );
  return { batchItemFailures: failures.filter((failure) => failure !== null) };
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(deliverBatch);
