import { createHash } from "node:crypto";
import { ChangeMessageVisibilityBatchCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { ChainIntent } from "../../domain/chain/intent.js";
import { MAX_INTENTS_PER_MESSAGE, encodeChainWork, encodeSettleTick } from "./chain-work-message.js";

/**
 * The chain queue (SQS FIFO): one message group per signer address, so one writer handles a signer's
 * work in order. A message's deduplication id is derived from its outbox ids, so publishing the same
 * records again within SQS's five-minute window is dropped by SQS, and later duplicates are skipped by
 * the attester's per-profile version check.
 */
export class SqsChainQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly messageGroupId: string,
  ) {}

  /**
   * Publishes intents in order, in messages of at most MAX_INTENTS_PER_MESSAGE. Returns the message
   * count. `republishKey` makes a deliberate re-send (an operator's retry) distinct from a duplicate.
   */
  async publish(intents: readonly ChainIntent[], republishKey = ""): Promise<number> {
    let messages = 0;
    for (let start = 0; start < intents.length; start += MAX_INTENTS_PER_MESSAGE) {
      const chunk = intents.slice(start, start + MAX_INTENTS_PER_MESSAGE);
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: encodeChainWork(chunk),
          MessageGroupId: this.messageGroupId,
          MessageDeduplicationId: deduplicationIdOf(chunk, republishKey),
        }),
      );
      messages += 1;
    }
    return messages;
  }

  /** Queues a settle tick behind the signer's work (its own deduplication id: `at` is unique per tick). */
  async publishSettleTick(at: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: encodeSettleTick(this.messageGroupId, at),
        MessageGroupId: this.messageGroupId,
        MessageDeduplicationId: createHash("sha256")
          .update(`settle-tick\u0000${this.messageGroupId}\u0000${at}`)
          .digest("hex"),
      }),
    );
  }

  /** Hides received messages for `seconds` (the retry backoff of a batch that must wait). */
  async delay(receiptHandles: readonly string[], seconds: number): Promise<void> {
    for (let start = 0; start < receiptHandles.length; start += 10) {
      await this.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: receiptHandles.slice(start, start + 10).map((receiptHandle, index) => ({
            Id: String(index),
            ReceiptHandle: receiptHandle,
            VisibilityTimeout: seconds,
          })),
        }),
      );
    }
  }
}

/** SHA-256 of the intent ids in order (SQS allows 128 characters; this is 64). */
export function deduplicationIdOf(intents: readonly ChainIntent[], republishKey = ""): string {
  const hash = createHash("sha256");
  hash.update(`${republishKey}\u0000`);
  for (const intent of intents) hash.update(`${intent.id}\u0000`);
  return hash.digest("hex");
}
