import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateBucketCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { verifyWebhook } from "@kyc-attest/sdk";
import { WebhookSigner } from "../../../lambdas/adapters/webhooks/webhook-signer.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbChainRecordStore } from "../../../lambdas/adapters/dynamodb/chain-record-store.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import type { Actor } from "../../../lambdas/domain/audit.js";
import type { Profile, ProfileStatus } from "../../../lambdas/domain/profile.js";
import type { WeeklyReport } from "../../../lambdas/domain/reports/weekly-report.js";
import { applyTransition } from "../../../lambdas/domain/transitions.js";
import { createOpsQa, opsQaDepsFromEnv } from "../../../lambdas/handlers/ops-qa.js";
import { aProfile, aService, clearCertificates } from "../../support/domain-builders.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import type { LambdaHandler } from "../../support/handler-harness.js";
import { lambdaContext, scheduledEvent, sqsEventFromMessages } from "../../support/lambda-events.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";

type ReportResponse =
  | {
      status: "success";
      data: { week: { id: string }; reports: { clientId: string; jsonKey: string; htmlKey: string }[] };
    }
  | { status: "error"; code: number; message: string };

const BUCKET = "report-test-archive";
const SIGNING_KEY = Buffer.from("weekly-report-test-webhook-signing-key-32b");
const SYSTEM: Actor = { kind: "system", id: "intake" };
const BOT: Actor = { kind: "bot", id: "advanced-kyc-bot" };
const OPERATOR: Actor = { kind: "operator", id: "ops@example.com" };

let local: LocalServices;
let restoreEnv: () => void;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let chainRecords: DynamoDbChainRecordStore;
let s3: S3Client;
let weeklyReport: LambdaHandler<unknown, ReportResponse>;
let webhookDelivery: LambdaHandler<SQSEvent, SQSBatchResponse>;
let webhookQueueUrl: string;
let receiver: Server;
const received: { headers: IncomingHttpHeaders; rawBody: string }[] = [];

beforeAll(async () => {
  local = await startLocalServices("report-test");
  s3 = new S3Client({ ...LOCAL_AWS, endpoint: local.sqs.endpoint, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  webhookQueueUrl = await local.sqs.createQueue("report-test-webhooks", { VisibilityTimeout: "30" });
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, rawBody: Buffer.concat(chunks).toString("utf8") });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  restoreEnv = local.applyEnv();
  process.env.ARCHIVE_BUCKET = BUCKET;
  process.env.WEBHOOK_QUEUE_URL = webhookQueueUrl;
  process.env.WEBHOOK_SIGNING_KEY = `base64:${SIGNING_KEY.toString("base64")}`;
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  chainRecords = new DynamoDbChainRecordStore(documents, local.tableName);
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/reports`;
  await services.put(
    aService({
      clientId: "dedicated",
      name: "Dedicated Ltd",
      plan: "managed-dedicated",
      webhookUrl: receiverUrl,
    }),
  );
  await services.put(aService({ clientId: "managed", plan: "managed" }));
  weeklyReport = (await import("../../../lambdas/handlers/weekly-report.js"))
    .handler as unknown as LambdaHandler<unknown, ReportResponse>;
  webhookDelivery = (await import("../../../lambdas/handlers/webhook-delivery.js"))
    .handler as unknown as LambdaHandler<SQSEvent, SQSBatchResponse>;
  await seedWeek();
});

afterAll(async () => {
  restoreEnv?.();
  delete process.env.ARCHIVE_BUCKET;
  delete process.env.WEBHOOK_QUEUE_URL;
  delete process.env.WEBHOOK_SIGNING_KEY;
  await new Promise((resolve) => receiver?.close(resolve));
  documents?.destroy();
  s3?.destroy();
  await local?.stop();
});

/** Creates a profile at `createdAt` and applies `steps` (status, actor, reason codes, ISO time). */
async function seed(
  clientId: string,
  refId: string,
  createdAt: string,
  steps: [ProfileStatus, Actor, string[], string][],
): Promise<Profile> {
  let profile = aProfile({
    clientId,
    refId,
    certificates: clearCertificates(),
    createdAt,
    updatedAt: createdAt,
    lastStatusChangeAt: createdAt,
  });
  await profiles.createIfAbsent({
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
      at: createdAt,
      profileVersion: 1,
    },
    index: [],
  });
  for (const [to, actor, reasonCodes, at] of steps) {
    const change = applyTransition(profile, to, { actor, reasonCodes, ruleVersion: "test", at });
    await profiles.save({
      profile: change.profile,
      expectedVersion: profile.version,
      audit: change.audit,
      outbox: [],
      index: { put: [], removeHashes: [] },
    });
    profile = change.profile;
  }
  return profile;
}

// Week 2026-W47: Monday 16 November to Monday 23 November 2026.
async function seedWeek(): Promise<void> {
  const approved = await seed("dedicated", "p1", "2026-11-16T08:00:00.000Z", [
    ["waiting", SYSTEM, ["CERTIFICATES_COMPLETE"], "2026-11-16T09:00:00.000Z"],
    ["approved", BOT, ["ALL_CLEAR"], "2026-11-16T09:00:30.000Z"],
  ]);
  await seed("dedicated", "p2", "2026-11-17T08:00:00.000Z", [
    ["waiting", SYSTEM, [], "2026-11-17T09:00:00.000Z"],
    ["rejected", BOT, ["DOC_EXPIRED"], "2026-11-17T09:01:30.000Z"],
  ]);
  const duplicate = await seed("dedicated", "p3", "2026-11-18T08:00:00.000Z", [
    ["waiting", SYSTEM, [], "2026-11-18T09:00:00.000Z"],
    ["approved", BOT, ["ALL_CLEAR"], "2026-11-18T09:00:10.000Z"],
    ["blocked", BOT, ["DUPLICATE"], "2026-11-18T09:05:00.000Z"],
  ]);
  await seed("dedicated", "p4", "2026-11-19T08:00:00.000Z", [
    ["waiting", SYSTEM, [], "2026-11-19T09:00:00.000Z"],
    ["inreview", OPERATOR, [], "2026-11-19T10:00:00.000Z"],
    ["approved", OPERATOR, ["MANUAL"], "2026-11-19T11:00:00.000Z"],
  ]);
  // Outside the week: decided the week before, and the week after.
  await seed("dedicated", "old", "2026-11-09T08:00:00.000Z", [
    ["waiting", SYSTEM, [], "2026-11-09T09:00:00.000Z"],
    ["approved", BOT, ["ALL_CLEAR"], "2026-11-09T09:00:05.000Z"],
  ]);
  await seed("dedicated", "next", "2026-11-23T08:00:00.000Z", [
    ["waiting", SYSTEM, [], "2026-11-23T09:00:00.000Z"],
    ["rejected", BOT, ["SELFIE_QUALITY"], "2026-11-23T09:00:05.000Z"],
  ]);
  // Another service's activity in the same week must not show up.
  await seed("managed", "m1", "2026-11-18T08:00:00.000Z", [
    ["waiting", SYSTEM, [], "2026-11-18T09:00:00.000Z"],
    ["blocked", BOT, ["DUPLICATE"], "2026-11-18T09:00:01.000Z"],
  ]);
  const onchain = { chainId: 31337, registry: "0xregistry", serviceId: "0xservice", blockNumber: 7 };
  await chainRecords.recordProfile({
    ...onchain,
    clientId: "dedicated",
    refId: "p1",
    wallet: approved.wallet,
    verifiedUntil: 1_900_000_000,
    txHash: "0xaaa",
    txGasUsed: "2578200",
    profileVersion: 3,
    confirmedAt: "2026-11-16T09:01:00.000Z",
  });
  await chainRecords.recordProfile({
    ...onchain,
    clientId: "dedicated",
    refId: "p3",
    wallet: duplicate.wallet,
    verifiedUntil: 0,
    txHash: "0xbbb",
    txGasUsed: null,
    profileVersion: 4,
    confirmedAt: "2026-11-18T09:06:00.000Z",
  });
}

async function readObject(key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await object.Body?.transformToString("utf8")) ?? "";
}

it("writes the week's figures of the managed-dedicated service as JSON and HTML", async () => {
  const response = await weeklyReport(
    scheduledEvent("2026-11-23T06:00:00.000Z", "weekly-report"),
    lambdaContext("weekly-report"),
  );
  if (response.status !== "success") throw new Error(`report failed: ${response.message}`);
  expect(response.data.week.id).toBe("2026-W47");
  expect(response.data.reports.map((report) => report.clientId)).toEqual(["dedicated"]);
  expect(response.data.reports[0]).toMatchObject({
    jsonKey: "reports/dedicated/2026-W47.json",
    htmlKey: "reports/dedicated/2026-W47.html",
  });

  const report = JSON.parse(await readObject("reports/dedicated/2026-W47.json")) as WeeklyReport;
  expect(report.statusChanges).toEqual({
    incomplete: 4,
    waiting: 4,
    inreview: 1,
    approved: 3,
    rejected: 1,
    blocked: 1,
  });
  expect(report.profilesByStatus).toEqual({
    incomplete: 0,
    waiting: 0,
    inreview: 0,
    approved: 2,
    rejected: 1,
    blocked: 1,
  });
  expect(report.botDecisionsByReasonCode).toEqual({ ALL_CLEAR: 2, DOC_EXPIRED: 1, DUPLICATE: 1 });
  // Waiting to decision: 30 s, 90 s, 10 s, 2 h (the duplicate block follows an approval, not waiting).
  expect(report.timeToDecisionSeconds).toEqual({ decisions: 4, median: 60, p95: 7200 });
  expect(report.duplicatesBlocked).toBe(1);
  expect(report.onchain).toEqual({
    flagsIssued: 1,
    flagsRevoked: 1,
    // 0xbbb was recorded before transactions carried their gas: counted apart, not as zero.
    gasUsed: "2578200",
    transactionsWithoutGas: 1,
  });

  // W47 decided p1, p4 (approved) and p3 (blocked): all sampled; W46 decided "old".
  expect(report.qualityAssurance).toEqual({
    week: {
      week: "2026-W47",
      drawnAt: expect.any(String),
      sampled: 3,
      reviewed: 0,
      confirmed: 0,
      overturned: 0,
      notReviewed: 3,
    },
    previousWeek: {
      week: "2026-W46",
      drawnAt: expect.any(String),
      sampled: 1,
      reviewed: 0,
      confirmed: 0,
      overturned: 0,
      notReviewed: 1,
    },
  });

  const html = await readObject("reports/dedicated/2026-W47.html");
  expect(html).toContain("Quality assurance");
  expect(html).toContain("<svg");
  expect(html).toContain("Status changes this week");
  expect(html).toContain("Dedicated Ltd");
  expect(html).not.toContain("<script");
});

it("reports one service on request and refuses services without the entitlement", async () => {
  const one = await weeklyReport(
    { clientId: "dedicated", now: "2026-11-25T12:00:00.000Z" },
    lambdaContext("weekly-report"),
  );
  expect(one).toMatchObject({
    status: "success",
    data: { week: { id: "2026-W47" }, reports: [{ clientId: "dedicated" }] },
  });
  expect(await weeklyReport({ clientId: "managed" }, lambdaContext("weekly-report"))).toEqual({
    status: "error",
    code: 403,
    message: expect.stringContaining("managed-dedicated"),
  });
  expect(await weeklyReport({ clientId: "nobody" }, lambdaContext("weekly-report"))).toMatchObject({
    status: "error",
    code: 404,
  });
  // A week that has not ended (a future --now) gets no QA sample, and the report still runs.
  const future = await weeklyReport(
    { clientId: "dedicated", now: "2099-01-08T06:00:00.000Z" },
    lambdaContext("weekly-report"),
  );
  if (future.status !== "success") throw new Error(`report failed: ${future.message}`);
  const ahead = JSON.parse(await readObject(future.data.reports[0]?.jsonKey ?? "")) as WeeklyReport;
  expect(ahead.qualityAssurance).toEqual({ week: null, previousWeek: null });
  expect(await weeklyReport({ now: "yesterday" }, lambdaContext("weekly-report"))).toMatchObject({
    status: "error",
    code: 400,
  });
});

it("counts the quality assurance outcomes recorded for the sample the report drew", async () => {
  const opsQa = createOpsQa(() => opsQaDepsFromEnv());
  const record = async (refId: string, outcome: "confirmed" | "overturned") => {
    const answer = await opsQa({
      action: "record",
      clientId: "dedicated",
      week: "2026-W47",
      refId,
      outcome,
      note: "re-reviewed",
      operator: "qa@example.com",
    });
    if (answer.status !== "success") throw new Error(`ops-qa refused: ${answer.message}`);
  };
  await record("p1", "confirmed");
  await record("p3", "overturned");
  // The next week's report: W47's sample was reviewed during W48.
  const response = await weeklyReport(
    { clientId: "dedicated", now: "2026-12-01T06:00:00.000Z" },
    lambdaContext("weekly-report"),
  );
  if (response.status !== "success") throw new Error(`report failed: ${response.message}`);
  const report = JSON.parse(await readObject("reports/dedicated/2026-W48.json")) as WeeklyReport;
  expect(report.qualityAssurance?.previousWeek).toEqual({
    week: "2026-W47",
    drawnAt: expect.any(String),
    sampled: 3,
    reviewed: 2,
    confirmed: 1,
    overturned: 1,
    notReviewed: 1,
  });
  expect(report.qualityAssurance?.week).toMatchObject({ week: "2026-W48", sampled: 0 });
  expect(await readObject("reports/dedicated/2026-W48.html")).toContain(
    "3 sampled, 2 reviewed (1 confirmed, 1 overturned), 1 not yet reviewed",
  );
});

/** Runs the webhook delivery function on every message of the webhook queue, as its event source does. */
async function deliverQueuedWebhooks(): Promise<number> {
  const sqs = local.sqsClient();
  let delivered = 0;
  try {
    for (;;) {
      const { Messages: messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: webhookQueueUrl,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ["All"],
        }),
      );
      if (messages.length === 0) return delivered;
      const arn = "arn:aws:sqs:us-east-1:000000000000:report-test-webhooks";
      const response = await webhookDelivery(
        sqsEventFromMessages(messages, arn),
        lambdaContext("webhook-delivery"),
      );
      expect(response.batchItemFailures).toEqual([]);
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: webhookQueueUrl,
          Entries: messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
      delivered += messages.length;
    }
  } finally {
    sqs.destroy();
  }
}

it("delivers the report to the customer: a signed webhook event whose presigned links fetch it from S3", async () => {
  await deliverQueuedWebhooks();
  received.length = 0;
  const response = await weeklyReport(
    { clientId: "dedicated", now: "2026-11-24T08:00:00.000Z" },
    lambdaContext("weekly-report"),
  );
  expect(response).toMatchObject({
    status: "success",
    data: { reports: [{ clientId: "dedicated", delivery: { channel: "webhook" } }] },
  });
  expect(await deliverQueuedWebhooks()).toBe(1);
  expect(received).toHaveLength(1);
  const [request] = received;
  const secret = new WebhookSigner(SIGNING_KEY).secretFor("dedicated");
  expect(await verifyWebhook(request?.rawBody ?? "", request?.headers ?? {}, secret)).toMatchObject({
    valid: true,
  });
  const body = JSON.parse(request?.rawBody ?? "{}") as {
    event: string;
    guid: string;
    clientId: string;
    refId: null;
    report: { week: string; jsonUrl: string; htmlUrl: string; expiresAt: string };
  };
  expect(body).toMatchObject({
    event: "report.weekly",
    clientId: "dedicated",
    refId: null,
    report: { week: "2026-W47" },
  });
  // The links are presigned: a plain unauthenticated GET reads the objects from fauxqs's S3.
  expect(body.report.jsonUrl).toContain("X-Amz-Signature=");
  const json = await fetch(body.report.jsonUrl);
  expect(json.status).toBe(200);
  expect(await json.json()).toEqual(JSON.parse(await readObject("reports/dedicated/2026-W47.json")));
  const html = await fetch(body.report.htmlUrl);
  expect(await html.text()).toContain("Dedicated Ltd");
  expect(Date.parse(body.report.expiresAt) - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);

  // A re-run delivers the same event id (receivers drop the repeat).
  await weeklyReport(
    { clientId: "dedicated", now: "2026-11-24T08:00:00.000Z" },
    lambdaContext("weekly-report"),
  );
  await deliverQueuedWebhooks();
  expect((JSON.parse(received[1]?.rawBody ?? "{}") as { guid: string }).guid).toBe(body.guid);
});

it("says when a report could not be delivered: a dedicated customer without a webhook URL", async () => {
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  await services.put(aService({ clientId: "no-hook", plan: "managed-dedicated" }));
  expect(await weeklyReport({ clientId: "no-hook" }, lambdaContext("weekly-report"))).toMatchObject({
    status: "success",
    data: { reports: [{ clientId: "no-hook", delivery: { channel: "none", reason: "no-webhook-url" } }] },
  });
});
