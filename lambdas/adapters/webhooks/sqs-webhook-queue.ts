import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { encodeWebhookMessage, type WebhookQueueRecord } from "./webhook-message.js";

/** SQS allows ten entries per batch call. */
const SQS_BATCH_LIMIT = 10;

export class WebhookQueueSendError extends Error {
  override readonly name = "WebhookQueueSendError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(failedIds: readonly string[]) {
    super(`SQS refused ${failedIds.length} webhook message(s)`);
    this.context = { failedIds };
  }
}

/**
 * The webhook queue (standard SQS: deliveries to different businesses need no order, and receivers
 * drop duplicates by `guid`). Failed deliveries stay on it with a growing visibility timeout.
 */
export class SqsWebhookQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** Sends the records; throws (after sending the rest) if SQS refused any. Returns the sent ids. */
  async send(records: readonly WebhookQueueRecord[]): Promise<string[]> {
    const sent: string[] = [];
    const failed: string[] = [];
    for (let start = 0; start < records.length; start += SQS_BATCH_LIMIT) {
      const chunk = records.slice(start, start + SQS_BATCH_LIMIT);
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((record) => ({ Id: record.id, MessageBody: encodeWebhookMessage(record) })),
        }),
      );
      sent.push(...(result.Successful ?? []).map((entry) => entry.Id ?? ""));
      failed.push(...(result.Failed ?? []).map((entry) => entry.Id ?? ""));
    }
    if (failed.length > 0) throw new WebhookQueueSendError(failed);
    return sent;
  }

  /** Keeps a received message hidden for `seconds`: the wait before its next delivery attempt. */
  async delay(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }
}
