import { SQSClient } from "@aws-sdk/client-sqs";
import { DEFAULT_RETRY_BASE_SECONDS, MAX_WEBHOOK_ATTEMPTS } from "../../domain/webhooks/delivery-policy.js";
import { positiveIntegerEnv, requiredEnv } from "../../shared/environment.js";
import { createDocumentClient } from "../dynamodb/document-client.js";
import { DynamoDbOutboxStore } from "../dynamodb/outbox-store.js";
import { DynamoDbServiceRepository } from "../dynamodb/service-repository.js";
import { DEFAULT_WEBHOOK_TIMEOUT_MS } from "./http-webhook-sender.js";
import { SqsWebhookQueue } from "./sqs-webhook-queue.js";
import { WebhookSigner } from "./webhook-signer.js";

/**
 * The webhook functions' environment:
 * - TABLE_NAME; WEBHOOK_QUEUE_URL: the webhook queue (its DLQ is set by the infrastructure);
 * - WEBHOOK_SIGNING_KEY: the deployment key the per-service secrets derive from (`base64:`/`hex:`/text);
 * - WEBHOOK_RETRY_BASE_SECONDS (30): first retry delay, doubled per attempt;
 * - WEBHOOK_MAX_ATTEMPTS (10): the webhook queue's `maxReceiveCount`;
 * - WEBHOOK_TIMEOUT_MS (5000): per request;
 * - WEBHOOK_ENV (`prod`): the stage named in every body's `env` (the local stack sets `local`).
 */
export function webhookQueueFromEnv(env: NodeJS.ProcessEnv = process.env): SqsWebhookQueue {
  // The resolved endpoint, not the queue URL's host (emulators answer on hosts that may not resolve).
  return new SqsWebhookQueue(
    new SQSClient({ useQueueUrlAsEndpoint: false }),
    requiredEnv("WEBHOOK_QUEUE_URL", env),
  );
}

export function webhookOutboxFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoDbOutboxStore {
  return new DynamoDbOutboxStore(createDocumentClient(), requiredEnv("TABLE_NAME", env));
}

export function webhookDeliverySettingsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    services: new DynamoDbServiceRepository(createDocumentClient(), requiredEnv("TABLE_NAME", env)),
    signer: WebhookSigner.fromSecret(env.WEBHOOK_SIGNING_KEY),
    queue: webhookQueueFromEnv(env),
    retryBaseSeconds: positiveIntegerEnv("WEBHOOK_RETRY_BASE_SECONDS", DEFAULT_RETRY_BASE_SECONDS, env),
    maxAttempts: positiveIntegerEnv("WEBHOOK_MAX_ATTEMPTS", MAX_WEBHOOK_ATTEMPTS, env),
    timeoutMs: positiveIntegerEnv("WEBHOOK_TIMEOUT_MS", DEFAULT_WEBHOOK_TIMEOUT_MS, env),
    env: webhookEnvOf(env),
  };
}

/** The `env` every webhook body names: WEBHOOK_ENV, else `prod` (Blockpass's name for production). */
export function webhookEnvOf(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.WEBHOOK_ENV?.trim();
  return value === undefined || value === "" ? "prod" : value;
}
