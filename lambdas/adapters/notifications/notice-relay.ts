import type { NoticeReference } from "../../domain/notifications/deliver-notice.js";
import { NOTICE_RECORD_KINDS } from "../../domain/notifications/notice-events.js";
import type { PendingOutbox } from "../webhooks/webhook-relay.js";

export interface NoticeSink {
  send(refs: readonly NoticeReference[]): Promise<string[]>;
}

const PAGE_SIZE = 100;

/**
 * Moves pending `user-notification` and `support-notification` outbox records to the notification
 * queue as references (ids only), then marks them published. A crash between the two re-sends them
 * on the next run; the notifier's ledger sends one message per record id.
 */
export async function relayNoticeOutbox(
  outbox: PendingOutbox,
  queue: NoticeSink,
  now: () => string,
  options: { maxPages?: number } = {},
): Promise<{ published: number }> {
  const maxPages = options.maxPages ?? 10;
  let published = 0;
  for (const kind of NOTICE_RECORD_KINDS) {
    // Marking records published removes them from the pending index, so every page starts over.
    for (let page = 0; page < maxPages; page += 1) {
      const { items } = await outbox.listPending(kind, null, PAGE_SIZE);
      const refs: NoticeReference[] = items
        .filter((record) => record.kind === kind)
        .map((record) => ({ id: record.id, kind, clientId: record.clientId, refId: record.refId }));
      if (refs.length === 0) break;
      const sentIds = new Set(await queue.send(refs));
      const at = now();
      for (const ref of refs) {
        if (sentIds.has(ref.id) && (await outbox.markPublished(ref.id, at))) published += 1;
      }
    }
  }
  return { published };
}
