import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GetQueueAttributesCommand, type Message } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbOutboxStore } from "../../../lambdas/adapters/dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import { WebhookSigner } from "../../../lambdas/adapters/webhooks/webhook-signer.js";
import type { Actor } from "../../../lambdas/domain/audit.js";
import type { Profile, ProfileStatus } from "../../../lambdas/domain/profile.js";
import { applyTransition } from "../../../lambdas/domain/transitions.js";
import { aProfile, aService, clearCertificates } from "../../support/domain-builders.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import { deliverBatch, receiveBatch, type LambdaHandler } from "../../support/handler-harness.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";
import { waitUntil } from "../../support/wait-until.js";

interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  at: number;
}

const SIGNING_KEY = randomBytes(32);
const MAX_ATTEMPTS = 3;

let local: LocalServices;
let restoreEnv: () => void;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let outbox: DynamoDbOutboxStore;
let receiver: Server;
let receiverUrl: string;
const received: ReceivedRequest[] = [];
let queueUrl: string;
let queueArn: string;
let dlqUrl: string;
let publisher: LambdaHandler<{ action: "drain" }, { published: number }>;
let delivery: LambdaHandler<SQSEvent, SQSBatchResponse>;

beforeAll(async () => {
  local = await startLocalServices("webhook-test");
  const sqs = local.sqsClient();
  dlqUrl = await local.sqs.createQueue("webhook-test-webhooks-dlq");
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }))
  ).Attributes?.QueueArn;
  queueUrl = await local.sqs.createQueue("webhook-test-webhooks", {
    VisibilityTimeout: "30",
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: String(MAX_ATTEMPTS) }),
  });
  queueArn =
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] })))
      .Attributes?.QueueArn ?? "";
  sqs.destroy();

  restoreEnv = local.applyEnv();
  Object.assign(process.env, {
    WEBHOOK_QUEUE_URL: queueUrl,
    WEBHOOK_SIGNING_KEY: `base64:${SIGNING_KEY.toString("base64")}`,
    WEBHOOK_RETRY_BASE_SECONDS: "1",
    WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  });

  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        headers: request.headers,
        rawBody: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      response.statusCode = request.url === "/ok" ? 204 : 503;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  outbox = new DynamoDbOutboxStore(documents, local.tableName);
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  await services.put(aService({ clientId: "acme", webhookUrl: `${receiverUrl}/ok` }));
  await services.put(aService({ clientId: "broken", webhookUrl: `${receiverUrl}/fail` }));
  await services.put(aService({ clientId: "quiet" }));

  publisher = (await import("../../../lambdas/handlers/webhook-publisher.js")).handler as never;
  delivery = (await import("../../../lambdas/handlers/webhook-delivery.js")).handler;
});

afterAll(async () => {
  restoreEnv?.();
  for (const variable of [
    "WEBHOOK_QUEUE_URL",
    "WEBHOOK_SIGNING_KEY",
    "WEBHOOK_RETRY_BASE_SECONDS",
    "WEBHOOK_MAX_ATTEMPTS",
  ]) {
    delete process.env[variable];
  }
  documents?.destroy();
  await new Promise((resolve) => receiver?.close(resolve));
  await local?.stop();
});

/** Creates the profile and moves it through `steps`, each written with its outbox records. */
async function seedProfile(
  clientId: string,
  refId: string,
  webhooks: boolean,
  steps: [ProfileStatus, Actor][],
): Promise<Profile> {
  let profile = aProfile({ clientId, refId, certificates: clearCertificates() });
  const created = await profiles.createIfAbsent({
    profile,
    audit: {
      id: `${refId}-created`,
      clientId,
      refId,
      recordId: profile.recordId,
      from: null,
      to: "incomplete",
      actor: { kind: "customer", id: "key" },
      reasonCodes: ["PROFILE_CREATED"],
      ruleVersion: "test",
      at: profile.createdAt,
      profileVersion: 1,
    },
    index: [],
  });
  expect(created.created).toBe(true);
  let minute = 0;
  for (const [to, actor] of steps) {
    minute += 1;
    const change = applyTransition(profile, to, {
      actor,
      reasonCodes: ["TEST"],
      ruleVersion: "test",
      at: new Date(Date.parse(profile.createdAt) + minute * 60_000).toISOString(),
      webhooks,
    });
    await profiles.save({
      profile: change.profile,
      expectedVersion: profile.version,
      audit: change.audit,
      outbox: change.outbox,
      index: { put: [], removeHashes: [] },
    });
    profile = change.profile;
  }
  return profile;
}

const receive = (url = queueUrl): Promise<Message[]> => receiveBatch(local, url);

/** Acts like the event source mapping: one batch, then deletes what the handler did not report as failed. */
const deliver = (messages: Message[]): Promise<SQSBatchResponse> =>
  deliverBatch(local, delivery, messages, { queueUrl, queueArn, functionName: "webhook-delivery" });

function verifySignature(request: ReceivedRequest, clientId: string): boolean {
  const secret = new WebhookSigner(SIGNING_KEY).secretFor(clientId);
  // New services get Blockpass's bare hex digest.
  const expected = Buffer.from(createHmac("sha256", secret).update(request.rawBody).digest("hex"));
  const actual = Buffer.from(String(request.headers["x-hub-signature"]));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const SYSTEM: Actor = { kind: "system", id: "intake" };
const BOT: Actor = { kind: "bot", id: "kyc-bot" };

it("delivers each status change to the business, signed, without personal data", async () => {
  received.length = 0;
  const profile = await seedProfile("acme", "alice", true, [
    ["waiting", SYSTEM],
    ["approved", BOT],
  ]);
  await seedProfile("quiet", "nobody", false, [["waiting", SYSTEM]]);

  expect(await publisher({ action: "drain" }, lambdaContext("webhook-publisher"))).toEqual({ published: 2 });
  expect((await outbox.listPending("webhook", null, 10)).items).toEqual([]);
  const messages = await receive();
  expect(messages).toHaveLength(2);
  expect(await deliver(messages)).toEqual({ batchItemFailures: [] });

  expect(received.map((request) => request.path)).toEqual(["/ok", "/ok"]);
  const bodies = received.map((request) => JSON.parse(request.rawBody) as Record<string, unknown>);
  expect(bodies.map((body) => body.event).sort()).toEqual(["review.approved", "user.readyToReview"]);
  const approved = bodies.find((body) => body.event === "review.approved");
  expect(approved).toEqual({
    guid: expect.stringMatching(/^[0-9a-f]{32}$/),
    status: "approved",
    clientId: "acme",
    event: "review.approved",
    recordId: profile.recordId,
    refId: "alice",
    submitCount: 1,
    blockPassID: null,
    isArchived: false,
    waitingDate: expect.any(String),
    inreviewDate: null,
    approvedDate: expect.any(String),
    rejectedDate: null,
    blockedDate: null,
    isPing: false,
    env: "prod",
    webhookId: null,
    profileVersion: expect.any(Number),
    changedAt: approved?.approvedDate,
  });
  for (const request of received) {
    expect(verifySignature(request, "acme")).toBe(true);
    expect(verifySignature(request, "broken")).toBe(false);
    expect(request.headers["content-type"]).toBe("application/json");
    for (const personal of ["Ana", "Pereira", "1990-04-01", "CA 123-456", profile.wallet]) {
      expect(request.rawBody).not.toContain(personal);
    }
  }
  expect(await receive()).toEqual([]);
});

it("retries a failing receiver with growing delays and dead-letters the event", async () => {
  received.length = 0;
  await seedProfile("broken", "bob", true, [["waiting", SYSTEM]]);
  expect(await publisher({ action: "drain" }, lambdaContext("webhook-publisher"))).toEqual({ published: 1 });

  const receiveCounts: string[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    let messages: Message[] = [];
    await waitUntil(
      `delivery attempt ${attempt}`,
      async () => {
        messages = await receive();
        return messages.length > 0;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    receiveCounts.push(messages[0]?.Attributes?.ApproximateReceiveCount ?? "?");
    const response = await deliver(messages);
    expect(response.batchItemFailures).toHaveLength(1);
  }
  expect(receiveCounts).toEqual(["1", "2", "3"]);
  expect(received).toHaveLength(MAX_ATTEMPTS);
  expect(received.every((request) => request.path === "/fail" && verifySignature(request, "broken"))).toBe(
    true,
  );
  const gaps = received.slice(1).map((request, i) => request.at - (received[i]?.at ?? 0));
  // Delays of 1 s then 2 s (visibility timeouts; polling adds up to 100 ms).
  expect(gaps[0]).toBeGreaterThanOrEqual(900);
  expect(gaps[1]).toBeGreaterThanOrEqual(1900);
  expect(gaps[1]).toBeGreaterThan((gaps[0] ?? 0) + 500);

  let dead: Message[] = [];
  await waitUntil(
    "the event in the DLQ",
    async () => {
      await receive(); // the receive that finds the exhausted message moves it
      dead = await receive(dlqUrl);
      return dead.length > 0;
    },
    { timeoutMs: 10_000, intervalMs: 100 },
  );
  expect(JSON.parse(dead[0]?.Body ?? "{}")).toMatchObject({
    kind: "webhook",
    clientId: "broken",
    refId: "bob",
  });
  expect(received).toHaveLength(MAX_ATTEMPTS);
});
