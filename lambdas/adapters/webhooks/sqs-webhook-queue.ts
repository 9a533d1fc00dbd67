import type { SQSClient } from "@aws-sdk/client-sqs";
import { SqsRetryQueue } from "../sqs/sqs-retry-queue.js";
import { encodeWebhookMessage, type WebhookQueueRecord } from "./webhook-message.js";

/**
 * The webhook queue (standard SQS: deliveries to different businesses need no order, and receivers
 * drop duplicates by `guid`). Failed deliveries stay on it with a growing visibility timeout.
 */
export class SqsWebhookQueue extends SqsRetryQueue<WebhookQueueRecord> {
  constructor(client: SQSClient, queueUrl: string) {
    super(client, queueUrl, encodeWebhookMessage, "webhook");
  }
}
