import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { BucketAlreadyOwnedByYou, CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { tableNameFor, toCreateTableInput } from "../../lambdas/adapters/dynamodb/table-definitions.js";
import type { BucketSpec, QueueSpec, TableSpec, Topology } from "../../infra/topology/types.js";
import { localClientConfig } from "./local-aws.js";

export interface LocalQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly dlq: { readonly name: string; readonly url: string; readonly arn: string };
}

/** Physical names and addresses of the manifest's tables, queues and buckets on the local servers. */
export interface LocalResources {
  readonly tables: Readonly<Record<string, string>>;
  readonly queues: Readonly<Record<string, LocalQueue>>;
  readonly buckets: Readonly<Record<string, string>>;
}

const SECONDS_PER_DAY = 86_400;
/** SQS's longest retention, for dead-letter queues (whoever investigates needs the time). */
const DLQ_RETENTION_SECONDS = 14 * SECONDS_PER_DAY;

/**
 * Creates the manifest's tables on DynamoDB Local (from the same definitions CDK deploys, TTL enabled),
 * its queues on fauxqs (each with its DLQ and a redrive policy with the manifest's `maxReceiveCount`;
 * FIFO queues and their DLQs named `.fifo`) and its buckets. Idempotent: resources that already exist
 * (a persisted database) are kept.
 */
export async function provisionResources(
  topology: Pick<Topology, "tables" | "queues" | "buckets">,
  options: { prefix: string; dynamodbEndpoint: string; sqsEndpoint: string; s3Endpoint: string },
): Promise<LocalResources> {
  const dynamodb = new DynamoDBClient(localClientConfig(options.dynamodbEndpoint));
  const sqs = new SQSClient(localClientConfig(options.sqsEndpoint));
  const s3 = new S3Client({ ...localClientConfig(options.s3Endpoint), forcePathStyle: true });
  try {
    const [tables, queues, buckets] = await Promise.all([
      Promise.all(topology.tables.map((table) => createTable(dynamodb, table, options.prefix))),
      Promise.all(topology.queues.map((queue) => createQueueWithDlq(sqs, queue, options))),
      Promise.all(topology.buckets.map((bucket) => createBucket(s3, bucket, options.prefix))),
    ]);
    return {
      tables: Object.fromEntries(topology.tables.map((table, i) => [table.id, tables[i]!])),
      queues: Object.fromEntries(topology.queues.map((queue, i) => [queue.id, queues[i]!])),
      buckets: Object.fromEntries(topology.buckets.map((bucket, i) => [bucket.id, buckets[i]!])),
    };
  } finally {
    dynamodb.destroy();
    sqs.destroy();
    s3.destroy();
  }
}

async function createTable(client: DynamoDBClient, table: TableSpec, prefix: string): Promise<string> {
  const name = tableNameFor(prefix, table.definition);
  try {
    await client.send(new CreateTableCommand(toCreateTableInput(table.definition, name)));
  } catch (error) {
    if (error instanceof ResourceInUseException) return name;
    throw error;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: table.definition.timeToLiveAttribute, Enabled: true },
    }),
  );
  return name;
}

async function createQueueWithDlq(
  client: SQSClient,
  queue: QueueSpec,
  { prefix, sqsEndpoint }: { prefix: string; sqsEndpoint: string },
): Promise<LocalQueue> {
  const suffix = queue.fifo ? ".fifo" : "";
  const fifo: Record<string, string> = queue.fifo ? { FifoQueue: "true" } : {};
  const dlq = await createQueue(client, sqsEndpoint, `${prefix}-${queue.id}-dlq${suffix}`, {
    ...fifo,
    MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS),
  });
  const main = await createQueue(client, sqsEndpoint, `${prefix}-${queue.id}${suffix}`, {
    ...fifo,
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(queue.retentionDays * SECONDS_PER_DAY),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: queue.maxReceiveCount }),
  });
  return { ...main, dlq };
}

/**
 * fauxqs names queues `http://sqs.<region>.localhost:<port>/…`, a host that does not resolve everywhere;
 * the SDK sends requests to the queue URL's host, so the URL handed out points at the endpoint itself
 * (fauxqs finds queues by path).
 */
async function createQueue(
  client: SQSClient,
  sqsEndpoint: string,
  name: string,
  attributes: Record<string, string>,
): Promise<{ name: string; url: string; arn: string }> {
  const { QueueUrl: created } = await client.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  if (created === undefined) throw new Error(`fauxqs returned no URL for queue ${name}`);
  const url = new URL(new URL(created).pathname, sqsEndpoint).href;
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
  );
  const arn = Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`fauxqs returned no ARN for queue ${name}`);
  return { name, url, arn };
}

async function createBucket(client: S3Client, bucket: BucketSpec, prefix: string): Promise<string> {
  const name = `${prefix}-${bucket.id}`;
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  }
  return name;
}
