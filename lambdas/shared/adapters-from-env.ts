import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { HmacIdentifierHasher } from "../adapters/crypto/hmac-identifier-hasher.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbIdentifierIndex } from "../adapters/dynamodb/identifier-index.js";
import { DynamoDbProfileRepository } from "../adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import { S3SweepCheckpointStore } from "../adapters/s3/s3-sweep-checkpoint-store.js";
import { SqsDecisionQueue } from "../adapters/sqs/sqs-decision-queue.js";
import { requiredEnv } from "./environment.js";

/**
 * Adapter factories driven by the Lambda environment. Endpoints and region are left to the SDK,
 * which reads `AWS_REGION` and `AWS_ENDPOINT_URL_<SERVICE>` itself (local stack, tests).
 *
 * - TABLE_NAME: the main table; IDENTIFIER_PEPPER: the HMAC pepper (`base64:`/`hex:`/text);
 * - REVIEW_QUEUE_URL: the bots' queue; SWEEP_CHECKPOINT_BUCKET: dedup sweep checkpoints;
 * - S3_FORCE_PATH_STYLE=true for S3 emulators without virtual-host DNS.
 */
export function tableAdaptersFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const client = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  return {
    services: new DynamoDbServiceRepository(client, tableName),
    profiles: new DynamoDbProfileRepository(client, tableName),
    index: new DynamoDbIdentifierIndex(client, tableName),
  };
}

export function hasherFromEnv(env: NodeJS.ProcessEnv = process.env): HmacIdentifierHasher {
  return HmacIdentifierHasher.fromSecret(env.IDENTIFIER_PEPPER);
}

export function reviewQueueFromEnv(env: NodeJS.ProcessEnv = process.env): SqsDecisionQueue {
  // Send to the resolved endpoint (AWS_ENDPOINT_URL_SQS when set), not the queue URL's host:
  // emulators answer queue URLs on hosts like sqs.<region>.localhost that may not resolve.
  const client = new SQSClient({ useQueueUrlAsEndpoint: false });
  return new SqsDecisionQueue(client, requiredEnv("REVIEW_QUEUE_URL", env));
}

export function checkpointStoreFromEnv(env: NodeJS.ProcessEnv = process.env): S3SweepCheckpointStore {
  const client = new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === "true" });
  return new S3SweepCheckpointStore(client, requiredEnv("SWEEP_CHECKPOINT_BUCKET", env));
}
