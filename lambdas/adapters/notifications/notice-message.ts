import { z } from "zod";
import { NOTICE_RECORD_KINDS } from "../../domain/notifications/notice-events.js";
import type { NoticeReference } from "../../domain/notifications/deliver-notice.js";

/**
 * The notification queue's message body: identifiers only. The notifier reads the record, the
 * address and the given name from the table when it sends, so no personal data sits in the queue.
 */
export const noticeMessageSchema = z.strictObject({
  id: z.string().min(1).max(128),
  kind: z.enum(NOTICE_RECORD_KINDS),
  clientId: z.string().min(1).max(64),
  refId: z.string().min(1).max(128),
}) satisfies z.ZodType<NoticeReference>;

export class InvalidNoticeMessageError extends Error {
  override readonly name = "InvalidNoticeMessageError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(messageId: string, cause: unknown) {
    super(`notification queue message ${messageId} is not a notice reference`, { cause });
    this.context = { messageId };
  }
}

export function encodeNoticeMessage(ref: NoticeReference): string {
  const { id, kind, clientId, refId } = ref;
  return JSON.stringify({ id, kind, clientId, refId });
}

export function decodeNoticeMessage(messageId: string, body: string): NoticeReference {
  try {
    return noticeMessageSchema.parse(JSON.parse(body));
  } catch (error) {
    throw new InvalidNoticeMessageError(messageId, error);
  }
}
