import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** SQS allows ten entries per batch call. */
const SQS_BATCH_LIMIT = 10;

export class QueueSendError extends Error {
  override readonly name = "QueueSendError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(what: string, failedIds: readonly string[]) {
    super(`SQS refused ${failedIds.length} ${what} message(s)`);
    this.context = { what, failedIds };
  }
}

/**
 * A standard SQS queue whose consumer retries by hand: messages go out in batches, and a failed
 * attempt stays on the queue with a visibility timeout the consumer chooses (its back-off). Used by
 * the webhook and notification queues, whose consumers drop redeliveries themselves.
 */
export class SqsRetryQueue<T extends { readonly id: string }> {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly encode: (item: T) => string,
    /** Names the messages in errors ("webhook", "notice"). */
    private readonly what: string,
  ) {}

  /** Sends the items; throws (after sending the rest) if SQS refused any. Returns the sent ids. */
  async send(items: readonly T[]): Promise<string[]> {
    const sent: string[] = [];
    const failed: string[] = [];
    for (let start = 0; start < items.length; start += SQS_BATCH_LIMIT) {
      const chunk = items.slice(start, start + SQS_BATCH_LIMIT);
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((item) => ({ Id: item.id, MessageBody: this.encode(item) })),
        }),
      );
      sent.push(...(result.Successful ?? []).map((entry) => entry.Id ?? ""));
      failed.push(...(result.Failed ?? []).map((entry) => entry.Id ?? ""));
    }
    if (failed.length > 0) throw new QueueSendError(this.what, failed);
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
