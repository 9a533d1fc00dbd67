import { randomBytes } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from "./dynamodb-local.js";
import { startLocalSqs, type LocalSqs } from "./fauxqs.js";
import { createMainTable } from "./main-table.js";

/**
 * DynamoDB Local + fauxqs (SQS, S3) for one test file, with the main table, the review queue and
 * the checkpoint bucket created, and the environment the handlers read.
 */
export interface LocalServices {
  readonly dynamoDb: DynamoDbLocal;
  readonly sqs: LocalSqs;
  readonly tableName: string;
  readonly reviewQueueUrl: string;
  readonly reviewQueueArn: string;
  readonly checkpointBucket: string;
  /** The Lambda environment variables for these servers. */
  readonly env: Readonly<Record<string, string>>;
  dynamoDbClient(): DynamoDBClient;
  sqsClient(): SQSClient;
  /** Copies `env` into process.env, returning a function that restores the previous values. */
  applyEnv(): () => void;
  stop(): Promise<void>;
}

export async function startLocalServices(prefix = "kyc-test"): Promise<LocalServices> {
  const [startedDynamoDb, startedSqs] = await Promise.allSettled([startDynamoDbLocal(), startLocalSqs()]);
  if (startedDynamoDb.status === "rejected" || startedSqs.status === "rejected") {
    // Never leave the other server running: an open server keeps jest from exiting.
    if (startedDynamoDb.status === "fulfilled") await startedDynamoDb.value.stop();
    if (startedSqs.status === "fulfilled") await startedSqs.value.stop();
    throw startedDynamoDb.status === "rejected"
      ? startedDynamoDb.reason
      : (startedSqs as PromiseRejectedResult).reason;
  }
  const dynamoDb = startedDynamoDb.value;
  const sqs = startedSqs.value;
  try {
    const ddbClient = dynamoDb.client();
    const sqsClient = sqs.client();
    const s3 = new S3Client({ ...LOCAL_AWS, endpoint: sqs.endpoint, forcePathStyle: true });
    const checkpointBucket = `${prefix}-checkpoints`;
    const [tableName, reviewQueueUrl] = await Promise.all([
      createMainTable(ddbClient, prefix),
      sqs.createQueue(`${prefix}-review`, { VisibilityTimeout: "30" }),
      s3.send(new CreateBucketCommand({ Bucket: checkpointBucket })),
    ]);
    const attributes = await sqsClient.send(
      new GetQueueAttributesCommand({ QueueUrl: reviewQueueUrl, AttributeNames: ["QueueArn"] }),
    );
    const reviewQueueArn =
      attributes.Attributes?.QueueArn ?? `arn:aws:sqs:us-east-1:000000000000:${prefix}-review`;
    ddbClient.destroy();
    sqsClient.destroy();
    s3.destroy();

    const env: Record<string, string> = {
      AWS_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_S3: sqs.endpoint,
      S3_FORCE_PATH_STYLE: "true",
      TABLE_NAME: tableName,
      REVIEW_QUEUE_URL: reviewQueueUrl,
      SWEEP_CHECKPOINT_BUCKET: checkpointBucket,
      IDENTIFIER_PEPPER: `base64:${randomBytes(32).toString("base64")}`,
      POWERTOOLS_METRICS_DISABLED: "true",
      POWERTOOLS_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "SILENT",
    };
    return {
      dynamoDb,
      sqs,
      tableName,
      reviewQueueUrl,
      reviewQueueArn,
      checkpointBucket,
      env,
      dynamoDbClient: () => dynamoDb.client(),
      sqsClient: () => sqs.client(),
      applyEnv() {
        const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
        Object.assign(process.env, env);
        return () => {
          for (const [key, value] of Object.entries(previous)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
          }
        };
      },
      async stop() {
        await Promise.all([dynamoDb.stop(), sqs.stop()]);
      },
    };
  } catch (error) {
    await Promise.all([dynamoDb.stop(), sqs.stop()]);
    throw error;
  }
}
