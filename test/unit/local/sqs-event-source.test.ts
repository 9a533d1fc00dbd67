import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import type { QueueSpec } from "../../../infra/topology/types.js";
import { startFauxqsServer, type FauxqsServer } from "../../../scripts/local/fauxqs-server.js";
import { FunctionHost } from "../../../scripts/local/function-host.js";
import { localClientConfig } from "../../../scripts/local/local-aws.js";
import { provisionResources, type LocalQueue } from "../../../scripts/local/local-resources.js";
import { SqsEventSource } from "../../../scripts/local/sqs-event-source.js";
import { silentLog } from "../../../scripts/local/stack-log.js";
import { waitFor } from "../../../scripts/lib/wait-for.js";
import { recorder, resetRecorder } from "./fixtures/recorded-events.js";
import { fixtureFunction, projectRoot } from "./support.js";

/** Short visibility timeout and two receives before the DLQ, so retries happen within the test. */
const QUEUE: QueueSpec = {
  id: "work",
  urlEnv: "WORK_QUEUE_URL",
  fifo: false,
  visibilityTimeoutSeconds: 1,
  maxReceiveCount: 2,
  retentionDays: 1,
};

describe("SQS event source mapping (against fauxqs)", () => {
  let fauxqs: FauxqsServer;
  let sqs: SQSClient;
  let host: FunctionHost;
  let queueCount = 0;
  const running: SqsEventSource[] = [];

  beforeAll(async () => {
    fauxqs = await startFauxqsServer({ port: 0 });
    sqs = new SQSClient(localClientConfig(fauxqs.endpoint));
    host = await FunctionHost.load([fixtureFunction("worker", "sqs-batch-handler")], projectRoot);
  });
  afterAll(async () => {
    sqs.destroy();
    await fauxqs.stop();
  });
  beforeEach(() => resetRecorder());
  afterEach(async () => {
    await Promise.all(running.splice(0).map((source) => source.stop()));
  });

  const newQueue = async (spec: QueueSpec = QUEUE): Promise<LocalQueue> => {
    const resources = await provisionResources(
      { tables: [], buckets: [], queues: [spec] },
      {
        prefix: `t${++queueCount}`,
        dynamodbEndpoint: "http://127.0.0.1:9",
        sqsEndpoint: fauxqs.endpoint,
        s3Endpoint: fauxqs.endpoint,
      },
    );
    return resources.queues[spec.id]!;
  };
  const startSource = (queue: LocalQueue, batchSize = 10, maxBatchingWindowSeconds = 0) => {
    const source = new SqsEventSource(
      {
        functionName: "worker",
        queueName: queue.name,
        queueUrl: queue.url,
        queueArn: queue.arn,
        batchSize,
        maxBatchingWindowSeconds,
      },
      sqs,
      host,
      silentLog,
    );
    source.start();
    running.push(source);
    return source;
  };
  const send = (
    queue: LocalQueue,
    body: string,
    extra: Partial<ConstructorParameters<typeof SendMessageCommand>[0]> = {},
  ) => sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body, ...extra }));
  const depth = async (url: string) => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
    );
  };
  const batches = () => (recorder().events.sqs ?? []) as SQSEvent[];
  const deliveriesOf = (body: string) =>
    batches()
      .flatMap((batch) => batch.Records)
      .filter((record) => record.body === body);

  it("delivers records in Lambda's event shape and deletes them once handled", async () => {
    const queue = await newQueue();
    await send(queue, "ok-1", {
      MessageAttributes: {
        kind: { DataType: "String", StringValue: "review" },
        blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    });
    startSource(queue);
    await waitFor("the record", async () => deliveriesOf("ok-1").length === 1);
    const [record] = deliveriesOf("ok-1");
    expect(record).toMatchObject({
      body: "ok-1",
      eventSource: "aws:sqs",
      eventSourceARN: queue.arn,
      awsRegion: "us-east-1",
      attributes: { ApproximateReceiveCount: "1", SenderId: "000000000000" },
      messageAttributes: {
        kind: { stringValue: "review", dataType: "String", stringListValues: [], binaryListValues: [] },
        blob: { binaryValue: "AQID", dataType: "Binary" },
      },
    });
    expect(record?.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(record?.attributes.SentTimestamp)).toBeGreaterThan(0);
    await waitFor("the queue to empty", async () => (await depth(queue.url)) === 0);
  });

  it("keeps only the reported failures, which return after the visibility timeout and then go to the DLQ", async () => {
    const queue = await newQueue();
    for (const body of ["ok-a", "fail-a", "ok-b"]) await send(queue, body);
    startSource(queue);
    await waitFor("the failed message in the DLQ", async () => (await depth(queue.dlq.url)) === 1, {
      timeoutMs: 20_000,
    });
    expect(deliveriesOf("ok-a")).toHaveLength(1);
    expect(deliveriesOf("ok-b")).toHaveLength(1);
    // Received maxReceiveCount (2) times, then moved by the redrive policy on the next receive.
    expect(deliveriesOf("fail-a").map((record) => record.attributes.ApproximateReceiveCount)).toEqual([
      "1",
      "2",
    ]);
    expect(await depth(queue.url)).toBe(0);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlq.url }));
    expect(Messages?.map((message) => message.Body)).toEqual(["fail-a"]);
  });

  it("returns the whole batch when the function throws", async () => {
    const queue = await newQueue();
    await send(queue, "crash-once");
    await send(queue, "ok-c");
    startSource(queue);
    await waitFor("both messages in the DLQ", async () => (await depth(queue.dlq.url)) === 2, {
      timeoutMs: 20_000,
    });
    expect(deliveriesOf("ok-c").length).toBeGreaterThanOrEqual(2);
  });

  it("gathers messages that arrive within the batching window into one batch", async () => {
    // The visibility timeout must outlast the window, or gathered messages reappear in the same batch.
    const queue = await newQueue({ ...QUEUE, visibilityTimeoutSeconds: 10 });
    startSource(queue, 10, 2);
    await send(queue, "ok-first");
    for (const body of ["ok-2", "ok-3", "ok-4", "ok-5"]) await send(queue, body);
    await waitFor("five records", async () => batches().flatMap((batch) => batch.Records).length === 5);
    expect(batches()).toHaveLength(1);
  });

  it("caps a batch at the batch size", async () => {
    const queue = await newQueue();
    for (let i = 0; i < 7; i++) await send(queue, `ok-${i}`);
    startSource(queue, 3);
    await waitFor("seven records", async () => batches().flatMap((batch) => batch.Records).length === 7);
    expect(Math.max(...batches().map((batch) => batch.Records.length))).toBeLessThanOrEqual(3);
  });

  it("consumes FIFO queues (named .fifo, with a .fifo DLQ) with their group ids", async () => {
    const queue = await newQueue({ ...QUEUE, id: "ordered", fifo: true });
    expect(queue.name).toMatch(/-ordered\.fifo$/);
    expect(queue.dlq.name).toMatch(/-ordered-dlq\.fifo$/);
    await send(queue, "ok-fifo", { MessageGroupId: "signer-1", MessageDeduplicationId: "d1" });
    startSource(queue);
    await waitFor("the record", async () => deliveriesOf("ok-fifo").length === 1);
    expect(deliveriesOf("ok-fifo")[0]?.attributes).toMatchObject({
      MessageGroupId: "signer-1",
      MessageDeduplicationId: "d1",
    });
  });

  it("stops at once while long-polling an empty queue", async () => {
    const queue = await newQueue();
    const source = startSource(queue);
    const started = Date.now();
    await source.stop();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
