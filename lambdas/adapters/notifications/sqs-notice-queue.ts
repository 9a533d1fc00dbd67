import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { NoticeReference } from "../../domain/notifications/deliver-notice.js";
import { encodeNoticeMessage } from "./notice-message.js";

/** SQS allows ten entries per batch call. */
const SQS_BATCH_LIMIT = 10;

export class NoticeQueueSendError extends Error {
  override readonly name = "NoticeQueueSendError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(failedIds: readonly string[]) {
    super(`SQS refused ${failedIds.length} notice message(s)`);
    this.context = { failedIds };
  }
}

/**
 * The notification queue (standard SQS: messages to different users need no order; the notifier's
 * ledger drops redeliveries). A failed send stays on it with a growing visibility timeout.
 */
export class SqsNoticeQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** Sends references to the records; throws (after sending the rest) if SQS refused any. Returns the sent ids. */
  async send(refs: readonly NoticeReference[]): Promise<string[]> {
    const sent: string[] = [];
    const failed: string[] = [];
    for (let start = 0; start < refs.length; start += SQS_BATCH_LIMIT) {
      const chunk = refs.slice(start, start + SQS_BATCH_LIMIT);
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((ref) => ({ Id: ref.id, MessageBody: encodeNoticeMessage(ref) })),
        }),
      );
      sent.push(...(result.Successful ?? []).map((entry) => entry.Id ?? ""));
      failed.push(...(result.Failed ?? []).map((entry) => entry.Id ?? ""));
    }
    if (failed.length > 0) throw new NoticeQueueSendError(failed);
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
