import type { WebhookOutboxRecord } from "../../domain/outbox.js";
import type { Page } from "../../domain/ports.js";
import type { OutboxRecord } from "../../domain/outbox.js";

export interface PendingOutbox {
  listPending(kind: OutboxRecord["kind"], cursor: string | null, limit: number): Promise<Page<OutboxRecord>>;
  markPublished(id: string, publishedAt: string): Promise<boolean>;
}

export interface WebhookSink {
  send(records: readonly WebhookOutboxRecord[]): Promise<string[]>;
}

export interface WebhookRelayResult {
  published: number;
}

const PAGE_SIZE = 100;

/**
 * Moves pending `webhook` outbox records to the webhook queue, then marks them published. A crash
 * between the two re-sends them on the next run; receivers drop the duplicate by `guid`.
 */
export async function relayWebhookOutbox(
  outbox: PendingOutbox,
  queue: WebhookSink,
  now: () => string,
  options: { maxPages?: number } = {},
): Promise<WebhookRelayResult> {
  const maxPages = options.maxPages ?? 10;
  let published = 0;
  // Marking records published removes them from the pending index, so every page starts over.
  for (let page = 0; page < maxPages; page += 1) {
    const { items } = await outbox.listPending("webhook", null, PAGE_SIZE);
    const records = items.filter((record): record is WebhookOutboxRecord => record.kind === "webhook");
    if (records.length === 0) break;
    const sentIds = new Set(await queue.send(records));
    const at = now();
    for (const record of records) {
      if (sentIds.has(record.id) && (await outbox.markPublished(record.id, at))) published += 1;
    }
  }
  return { published };
}
