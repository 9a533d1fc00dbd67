import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SQSClient } from "@aws-sdk/client-sqs";
import { MAX_NOTICE_ATTEMPTS } from "../../domain/notifications/deliver-notice.js";
import type { MailSender } from "../../domain/notifications/ports.js";
import { DEFAULT_RETRY_BASE_SECONDS } from "../../domain/webhooks/delivery-policy.js";
import { positiveIntegerEnv, requiredEnv } from "../../shared/environment.js";
import { createDocumentClient } from "../dynamodb/document-client.js";
import { DynamoDbNoticeLedger } from "../dynamodb/notice-ledger.js";
import { DynamoDbOutboxStore } from "../dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../dynamodb/service-repository.js";
import { FileTemplateRenderer, SOURCE_TEMPLATES_DIR } from "./file-template-renderer.js";
import { SesMailSender } from "./ses-mail-sender.js";
import { SmtpMailSender } from "./smtp-mail-sender.js";
import { SqsNoticeQueue } from "./sqs-notice-queue.js";

/**
 * The notification functions' environment:
 * - TABLE_NAME; NOTIFICATION_QUEUE_URL: the notification queue (its DLQ is set by the infrastructure);
 * - MAIL_FROM_ADDRESS: the sender (SES: the verified identity);
 * - SMTP_URL: send over SMTP (the local stack's mail server); without it, SES with
 *   SES_CONFIGURATION_SET (bounces and complaints go to its event destination);
 * - HELP_CENTRE_URL: base of the help articles rejection notices link to;
 * - NOTIFICATION_TEMPLATES_DIR: the templates (default: lambdas/notification-templates);
 * - NOTICE_RETRY_BASE_SECONDS (30): first retry delay, doubled per attempt;
 * - NOTICE_MAX_ATTEMPTS (8): the queue's `maxReceiveCount`.
 */
export function noticeQueueFromEnv(env: NodeJS.ProcessEnv = process.env): SqsNoticeQueue {
  // The resolved endpoint, not the queue URL's host (emulators answer on hosts that may not resolve).
  return new SqsNoticeQueue(
    new SQSClient({ useQueueUrlAsEndpoint: false }),
    requiredEnv("NOTIFICATION_QUEUE_URL", env),
  );
}

export function noticeOutboxFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoDbOutboxStore {
  return new DynamoDbOutboxStore(createDocumentClient(), requiredEnv("TABLE_NAME", env));
}

export function mailSenderFromEnv(env: NodeJS.ProcessEnv = process.env): MailSender {
  const from = requiredEnv("MAIL_FROM_ADDRESS", env);
  const smtpUrl = env.SMTP_URL?.trim();
  if (smtpUrl !== undefined && smtpUrl !== "") return new SmtpMailSender(smtpUrl, from);
  return new SesMailSender(new SESv2Client({}), from, requiredEnv("SES_CONFIGURATION_SET", env));
}

export function notifierSettingsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const documents = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  const templatesDir = env.NOTIFICATION_TEMPLATES_DIR?.trim();
  return {
    records: new DynamoDbOutboxStore(documents, tableName),
    ledger: new DynamoDbNoticeLedger(documents, tableName),
    profiles: new DynamoDbProfileRepository(documents, tableName),
    services: new DynamoDbServiceRepository(documents, tableName),
    renderer: new FileTemplateRenderer(
      templatesDir === undefined || templatesDir === "" ? SOURCE_TEMPLATES_DIR : templatesDir,
    ),
    mail: mailSenderFromEnv(env),
    helpCentreUrl: requiredEnv("HELP_CENTRE_URL", env),
    queue: noticeQueueFromEnv(env),
    retryBaseSeconds: positiveIntegerEnv("NOTICE_RETRY_BASE_SECONDS", DEFAULT_RETRY_BASE_SECONDS, env),
    maxAttempts: positiveIntegerEnv("NOTICE_MAX_ATTEMPTS", MAX_NOTICE_ATTEMPTS, env),
  };
}
