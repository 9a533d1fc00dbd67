import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { ListQueuesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { ScanCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import type { LocalServices } from "../../support/local-services.js";

/** The archive bucket beside the checkpoint bucket; returns its name (set it as ARCHIVE_BUCKET). */
export async function createArchiveBucket(local: LocalServices, name: string): Promise<string> {
  const s3 = s3Client(local);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    return name;
  } finally {
    s3.destroy();
  }
}

export const s3Client = (local: LocalServices): S3Client =>
  new S3Client({ ...LOCAL_AWS, endpoint: local.sqs.endpoint, forcePathStyle: true });

/** Every item of the table, as JSON text with its key. */
export async function allTableItems(documents: DynamoDBDocumentClient, tableName: string) {
  const items: { key: string; text: string; item: Record<string, unknown> }[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      items.push({ key: `${String(item.pk)} / ${String(item.sk)}`, text: JSON.stringify(item), item });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** Every object of every bucket, as text. */
export async function allObjects(local: LocalServices) {
  const s3 = s3Client(local);
  try {
    const objects: { key: string; text: string }[] = [];
    const { Buckets: buckets = [] } = await s3.send(new ListBucketsCommand({}));
    for (const bucket of buckets) {
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket.Name, ContinuationToken: token }),
        );
        for (const entry of page.Contents ?? []) {
          const object = await s3.send(new GetObjectCommand({ Bucket: bucket.Name, Key: entry.Key }));
          objects.push({
            key: `${String(bucket.Name)}/${String(entry.Key)}`,
            text: (await object.Body?.transformToString("utf8")) ?? "",
          });
        }
        token = page.NextContinuationToken;
      } while (token !== undefined);
    }
    return objects;
  } finally {
    s3.destroy();
  }
}

/** Every message on every queue (received with a zero visibility timeout, so they stay). */
export async function allMessages(local: LocalServices) {
  const sqs = local.sqsClient();
  try {
    const messages: { key: string; text: string }[] = [];
    const { QueueUrls: urls = [] } = await sqs.send(new ListQueuesCommand({}));
    for (const url of urls) {
      const seen = new Set<string>();
      for (;;) {
        const { Messages: batch = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            // Hidden while we read, so each receive returns new ones; they come back afterwards.
            VisibilityTimeout: 2,
            MessageAttributeNames: ["All"],
          }),
        );
        const fresh = batch.filter((message) => !seen.has(message.MessageId ?? ""));
        if (fresh.length === 0) break;
        for (const message of fresh) {
          seen.add(message.MessageId ?? "");
          messages.push({ key: `${url} ${String(message.MessageId)}`, text: JSON.stringify(message) });
        }
      }
    }
    return { queues: urls.length, messages };
  } finally {
    sqs.destroy();
  }
}
