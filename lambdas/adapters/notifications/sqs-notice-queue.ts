import type { SQSClient } from "@aws-sdk/client-sqs";
import type { NoticeReference } from "../../domain/notifications/deliver-notice.js";
import { SqsRetryQueue } from "../sqs/sqs-retry-queue.js";
import { encodeNoticeMessage } from "./notice-message.js";

/**
 * The notification queue (standard SQS: messages to different users need no order; the notifier's
 * ledger drops redeliveries). A failed send stays on it with a growing visibility timeout.
 */
export class SqsNoticeQueue extends SqsRetryQueue<NoticeReference> {
  constructor(client: SQSClient, queueUrl: string) {
    super(client, queueUrl, encodeNoticeMessage, "notice");
  }
}
