import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { FunctionHost } from "./function-host.js";
import { batchVerdictOf, sqsRecordOf, type BatchVerdict } from "./sqs-records.js";
import type { StackLog } from "./stack-log.js";

export interface SqsEventSourceOptions {
  readonly functionName: string;
  readonly queueName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** Long-poll wait while the queue is empty (SQS allows at most 20 s). */
  readonly pollWaitSeconds?: number;
}

/** After a failed ReceiveMessage (e.g. the emulator restarting), wait this long before polling again. */
const RECEIVE_RETRY_MS = 1000;
/** ReceiveMessage and DeleteMessageBatch take at most 10 messages. */
const SQS_MAX_MESSAGES = 10;

/**
 * A Lambda SQS event source mapping: long-polls the queue, gathers up to `batchSize` messages within the
 * batching window, invokes the function with the SQS event, and deletes the messages that succeeded
 * (`ReportBatchItemFailures` semantics). Failed messages stay in flight and return after the queue's
 * visibility timeout; the queue's redrive policy moves them to the DLQ once they have been received
 * `maxReceiveCount` times (fauxqs applies it on receive, as SQS does).
 */
export class SqsEventSource {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly options: SqsEventSourceOptions,
    private readonly sqs: SQSClient,
    private readonly functions: Pick<FunctionHost, "invoke">,
    private readonly log: StackLog,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops polling; a batch being processed is finished (invocation and deletes) first. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let messages: Message[];
      try {
        messages = await this.collectBatch();
      } catch (error) {
        if (this.stopping) break;
        this.log.line("sqs", `${this.options.queueName}: receive failed (${describe(error)}), retrying`, {
          queue: this.options.queueName,
          error: describe(error),
        });
        await pause(RECEIVE_RETRY_MS, this.abort.signal);
        continue;
      }
      if (messages.length > 0) await this.deliver(messages);
    }
  }

  /** The first receive long-polls; later ones top the batch up until it is full or the window closes. */
  private async collectBatch(): Promise<Message[]> {
    const { batchSize, maxBatchingWindowSeconds } = this.options;
    const batch = await this.receive(
      Math.min(batchSize, SQS_MAX_MESSAGES),
      this.options.pollWaitSeconds ?? 20,
    );
    if (batch.length === 0 || maxBatchingWindowSeconds === 0) return batch;
    const deadline = Date.now() + maxBatchingWindowSeconds * 1000;
    while (batch.length < batchSize && !this.stopping) {
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) break;
      const wanted = Math.min(batchSize - batch.length, SQS_MAX_MESSAGES);
      // Long polls wait whole seconds (returning as soon as messages arrive); the last sub-second slice of the
      // window is waited out, then polled once.
      const lastSlice = remainingMs < 1000;
      if (lastSlice) await pause(remainingMs, this.abort.signal);
      const more = await this.receive(
        wanted,
        lastSlice ? 0 : Math.min(20, Math.floor(remainingMs / 1000)),
      ).catch(() => null);
      // A failed top-up (stopping, emulator hiccup) still delivers what was gathered.
      if (more === null) break;
      batch.push(...more);
      if (lastSlice) break;
    }
    return batch;
  }

  private async receive(maxMessages: number, waitSeconds: number): Promise<Message[]> {
    const received = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: maxMessages,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
      { abortSignal: this.abort.signal },
    );
    return received.Messages ?? [];
  }

  private async deliver(messages: Message[]): Promise<void> {
    const { functionName, queueArn, queueName } = this.options;
    const records = messages.map((message) => sqsRecordOf(message, queueArn));
    const outcome = await this.functions.invoke(functionName, { Records: records });
    const verdict = batchVerdictOf(
      records,
      outcome.status === "ok" ? outcome : { status: "error", errorType: outcome.error.errorType },
    );
    const succeeded = records.filter((record) => succeededIn(verdict, record.messageId));
    let deleteError: string | null = null;
    try {
      await this.delete(
        succeeded.map((record) => ({ Id: record.messageId, ReceiptHandle: record.receiptHandle })),
      );
    } catch (error) {
      deleteError = describe(error);
    }
    const failed = records.length - succeeded.length;
    const retried = failed === 0 ? "" : `, ${failed} back after the visibility timeout`;
    const detail = verdict.kind === "batch-failed" ? ` (${verdict.reason})` : "";
    const deleteNote = deleteError === null ? "" : ` — delete failed: ${deleteError}`;
    this.log.line(
      "sqs",
      `${functionName} ← ${queueName}: ${records.length} record(s) → ${succeeded.length} ok${retried}${detail}${deleteNote} ${outcome.durationMs}ms`,
      {
        function: functionName,
        queue: queueName,
        records: records.length,
        succeeded: succeeded.length,
        failed,
        verdict: verdict.kind,
        durationMs: outcome.durationMs,
        ...(outcome.status === "error" ? { error: outcome.error } : {}),
      },
    );
  }

  private async delete(entries: { Id: string; ReceiptHandle: string }[]): Promise<void> {
    for (let start = 0; start < entries.length; start += SQS_MAX_MESSAGES) {
      const chunk = entries.slice(start, start + SQS_MAX_MESSAGES);
      const result = await this.sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: this.options.queueUrl, Entries: chunk }),
      );
      if (result.Failed !== undefined && result.Failed.length > 0) {
        throw new Error(`${result.Failed.length} message(s) not deleted: ${result.Failed[0]?.Message ?? ""}`);
      }
    }
  }
}

function succeededIn(verdict: BatchVerdict, messageId: string): boolean {
  switch (verdict.kind) {
    case "all-succeeded":
      return true;
    case "batch-failed":
      return false;
    case "some-failed":
      return !verdict.failedMessageIds.has(messageId);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
