import type { ChainOutboxRecord } from "../../domain/outbox.js";
import { intentFromOutbox } from "../../domain/chain/intent.js";
import type { DynamoDbOutboxStore } from "../dynamodb/outbox-store.js";
import type { SqsChainQueue } from "./chain-queue.js";
import { MAX_INTENTS_PER_MESSAGE } from "./chain-work-message.js";

export interface RelayResult {
  published: number;
  messages: number;
}

/**
 * Moves pending chain outbox records to the chain queue, oldest first: publish, then mark published.
 * A crash between the two publishes the same records again later, which SQS deduplication (same ids,
 * same message) or the attester's version check absorbs: publishing is at-least-once and idempotent.
 */
export async function relayChainOutbox(
  outbox: DynamoDbOutboxStore,
  queue: SqsChainQueue,
  now: () => string,
  { maxPages = 10, deadlineMs = Number.POSITIVE_INFINITY }: { maxPages?: number; deadlineMs?: number } = {},
): Promise<RelayResult> {
  const result: RelayResult = { published: 0, messages: 0 };
  // Published records leave the pending index, so every page is read from the start. A page is small
  // (one message's worth), so stopping at the deadline between pages leaves time to return.
  for (let page = 0; page < maxPages && Date.now() < deadlineMs; page += 1) {
    const { items } = await outbox.listPending("chain", null, MAX_INTENTS_PER_MESSAGE);
    const records = items.filter((record): record is ChainOutboxRecord => record.kind === "chain");
    if (records.length === 0) break;
    result.messages += await queue.publish(records.map(intentFromOutbox));
    const at = now();
    await outbox.markPublishedMany(
      records.map((record) => record.id),
      at,
    );
    result.published += records.length;
    if (items.length < MAX_INTENTS_PER_MESSAGE) break;
  }
  return result;
}
