import { GetQueueAttributesCommand, SendMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it, jest } from "@jest/globals";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { outboxToItem } from "../../../lambdas/adapters/dynamodb/items.js";
import { DynamoDbNoticeLedger } from "../../../lambdas/adapters/dynamodb/notice-ledger.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import type { Actor } from "../../../lambdas/domain/audit.js";
import { REMEDIATION_MESSAGES } from "../../../lambdas/domain/bots/remediation.js";
import { deterministicId } from "../../../lambdas/domain/ids.js";
import type { SupportNotificationOutboxRecord } from "../../../lambdas/domain/outbox.js";
import type { Profile, ProfileStatus } from "../../../lambdas/domain/profile.js";
import { archivedProfileOf } from "../../../lambdas/domain/retention/scrub.js";
import type { Plan } from "../../../lambdas/domain/service.js";
import { applyTransition } from "../../../lambdas/domain/transitions.js";
import { startLocalMailbox, type LocalMailbox } from "../../../scripts/local/local-mailbox.js";
import { aProfile, aService, clearCertificates } from "../../support/domain-builders.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import { deliverBatch, receiveBatch, type LambdaHandler } from "../../support/handler-harness.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";
import { waitUntil } from "../../support/wait-until.js";

const MAX_ATTEMPTS = 3;
const BOT: Actor = { kind: "bot", id: "advanced-kyc-bot" };
const OPERATOR: Actor = { kind: "operator", id: "op-1" };
const PLANS: readonly Plan[] = ["payg", "self-managed", "managed", "managed-dedicated"];
const NOTIFIER_ENV = [
  "NOTIFICATION_QUEUE_URL",
  "MAIL_FROM_ADDRESS",
  "SMTP_URL",
  "HELP_CENTRE_URL",
  "NOTICE_RETRY_BASE_SECONDS",
  "NOTICE_MAX_ATTEMPTS",
];

let local: LocalServices;
let mailbox: LocalMailbox;
let restoreEnv: () => void;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let ledger: DynamoDbNoticeLedger;
let queueUrl: string;
let queueArn: string;
let dlqUrl: string;
let publisher: LambdaHandler<{ action: "drain" }, { published: number }>;
let notifier: LambdaHandler<SQSEvent, SQSBatchResponse>;
/** Every line the handlers logged (Powertools writes JSON lines to stdout). */
const logged: string[] = [];
let previousLogLevel: string | undefined;

beforeAll(async () => {
  local = await startLocalServices("notifier-test");
  mailbox = await startLocalMailbox({ port: 0 });
  const sqs = local.sqsClient();
  const arnOf = async (url: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] })))
      .Attributes?.QueueArn ?? "";
  dlqUrl = await local.sqs.createQueue("notifier-test-notification-dlq");
  queueUrl = await local.sqs.createQueue("notifier-test-notification", {
    VisibilityTimeout: "30",
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: await arnOf(dlqUrl),
      maxReceiveCount: String(MAX_ATTEMPTS),
    }),
  });
  queueArn = await arnOf(queueUrl);
  sqs.destroy();

  restoreEnv = local.applyEnv();
  Object.assign(process.env, {
    NOTIFICATION_QUEUE_URL: queueUrl,
    MAIL_FROM_ADDRESS: "kyc-attest <no-reply@kyc-attest.localhost>",
    SMTP_URL: mailbox.smtpUrl,
    HELP_CENTRE_URL: "https://help.example.org/kyc",
    NOTICE_RETRY_BASE_SECONDS: "1",
    NOTICE_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  });
  // The loggers read their level when the handler modules load: INFO, so the privacy test sees everything.
  previousLogLevel = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = "INFO";
  // Powertools writes INFO to stdout and WARN/ERROR to stderr.
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      logged.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    });
  }

  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  ledger = new DynamoDbNoticeLedger(documents, local.tableName);
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  for (const plan of PLANS) await services.put(aService({ clientId: plan, name: `Exchange ${plan}`, plan }));

  publisher = (await import("../../../lambdas/handlers/notification-publisher.js")).handler as never;
  notifier = (await import("../../../lambdas/handlers/notifier.js")).handler;
});

afterAll(async () => {
  jest.restoreAllMocks();
  if (previousLogLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = previousLogLevel;
  restoreEnv?.();
  for (const variable of NOTIFIER_ENV) delete process.env[variable];
  documents?.destroy();
  await mailbox?.stop();
  await local?.stop();
});

const emailOf = (clientId: string, refId: string) => `${refId}.${clientId}@example.com`;

/** Creates the profile and moves it through `steps`, each written with its outbox records. */
async function seedProfile(
  clientId: string,
  refId: string,
  steps: [ProfileStatus, Actor, string[]][],
  options: { email?: boolean } = {},
): Promise<Profile> {
  const base = aProfile({ clientId, refId, certificates: clearCertificates() });
  let profile: Profile = {
    ...base,
    identity: {
      ...base.identity!,
      ...(options.email === false ? {} : { email: emailOf(clientId, refId) }),
    },
  };
  await profiles.createIfAbsent({
    profile,
    audit: {
      id: `${clientId}-${refId}-created`,
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
  let minute = 0;
  for (const [to, actor, reasonCodes] of [
    ["waiting", { kind: "system", id: "intake" }, []] as const,
    ...steps,
  ]) {
    minute += 1;
    const change = applyTransition(profile, to, {
      actor,
      reasonCodes: [...reasonCodes],
      ruleVersion: "test",
      at: new Date(Date.parse(profile.createdAt) + minute * 60_000).toISOString(),
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
  deliverBatch(local, notifier, messages, { queueUrl, queueArn, functionName: "notifier" });

/** Relays the outbox, then delivers every queued message; returns the message bodies it delivered. */
async function relayAndDeliverAll(): Promise<string[]> {
  await publisher({ action: "drain" }, lambdaContext("notification-publisher"));
  const bodies: string[] = [];
  for (let batch = await receive(); batch.length > 0; batch = await receive()) {
    bodies.push(...batch.map((message) => message.Body ?? ""));
    const response = await deliver(batch);
    expect(response.batchItemFailures).toEqual([]);
  }
  return bodies;
}

const mailTo = (address: string) => mailbox.messages().filter((mail) => mail.to.includes(address));

async function send(body: string): Promise<void> {
  const sqs = local.sqsClient();
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  sqs.destroy();
}

describe("notifier (DynamoDB Local, fauxqs, in-process SMTP server)", () => {
  let bodies: string[] = [];

  beforeAll(async () => {
    for (const plan of PLANS) {
      await seedProfile(plan, "ok", [["approved", BOT, ["ALL_CLEAR"]]]);
      await seedProfile(plan, "fix", [["rejected", BOT, ["DOC_IMAGE_QUALITY", "SELFIE_QUALITY"]]]);
    }
    await seedProfile("managed", "reviewed", [["rejected", OPERATOR, ["DOC_EXPIRED"]]]);
    await seedProfile("managed", "blocked", [["blocked", BOT, ["AML_MATCH_100"]]]);
    await seedProfile("managed", "no-address", [["approved", BOT, ["ALL_CLEAR"]]], { email: false });
    bodies = await relayAndDeliverAll();
  });

  it("e-mails approvals, with the user's given name and the service's name", () => {
    const [mail] = mailTo(emailOf("payg", "ok"));
    expect(mail).toMatchObject({ event: "approved", subject: expect.stringContaining("Exchange payg") });
    expect(mail!.text).toContain("Hello Ana,");
    expect(mail!.html).toContain("<strong>approved</strong>");
  });

  it("tells a rejected user what the plan entitles: articles, general advice or the exact reasons", () => {
    const textOf = (plan: Plan) => {
      const mails = mailTo(emailOf(plan, "fix"));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.event).toBe("rejected");
      return mails[0]!.text;
    };
    const exact = REMEDIATION_MESSAGES.DOC_IMAGE_QUALITY!;
    for (const plan of ["payg", "self-managed"] as const) {
      const text = textOf(plan);
      expect(text).toContain("https://help.example.org/kyc/identity-document-photo");
      expect(text).toContain("https://help.example.org/kyc/selfie-and-liveness");
      expect(text).not.toContain(exact);
    }
    const managed = textOf("managed");
    expect(managed).toContain("Check your identity document");
    expect(managed).toContain("Check your selfie");
    expect(managed).not.toContain(exact);
    expect(managed).not.toContain("https://");
    const dedicated = textOf("managed-dedicated");
    expect(dedicated).toContain(exact);
    expect(dedicated).toContain(REMEDIATION_MESSAGES.SELFIE_QUALITY!);
    expect(dedicated).toContain("How to resubmit:");
  });

  it("asks for a resubmission after an operator's rejection, and blocks with a generic text", () => {
    expect(mailTo(emailOf("managed", "reviewed"))).toEqual([
      expect.objectContaining({
        event: "resubmission-requested",
        subject: expect.stringContaining("resubmit"),
      }),
    ]);
    const [blocked] = mailTo(emailOf("managed", "blocked"));
    expect(blocked?.event).toBe("blocked");
    expect(blocked?.text).not.toMatch(/AML|screening|match/i);
  });

  it("records a user without an address as skipped, not as an error", async () => {
    const profile = await profiles.get("managed", "no-address");
    const id = deterministicId("managed", "no-address", profile!.version, "user-notification");
    expect(await ledger.get(id)).toMatchObject({ state: "skipped", reason: "no-email" });
  });

  it("queues identifiers only, and never logs an address or a family name", () => {
    // 4 plans × (approval + rejection), a resubmission request, a block, an approval without address.
    expect(bodies).toHaveLength(11);
    for (const body of bodies) {
      expect(Object.keys(JSON.parse(body) as object).sort()).toEqual(["clientId", "id", "kind", "refId"]);
      expect(body).not.toContain("@");
    }
    const logs = logged.join("");
    expect(logs).toContain("notice attempt");
    expect(logs).not.toContain("@example.com");
    expect(logs).not.toContain("Pereira");
  });

  it("sends one mail when the same record is delivered again", async () => {
    const address = emailOf("payg", "ok");
    const body = bodies.find((b) => {
      const ref = JSON.parse(b) as { clientId: string; refId: string };
      return ref.clientId === "payg" && ref.refId === "ok";
    });
    const before = mailTo(address).length;
    await send(body!);
    const [redelivered] = await receive();
    expect((await deliver([redelivered!])).batchItemFailures).toEqual([]);
    expect(mailTo(address)).toHaveLength(before);
    expect(before).toBe(1);
  });

  it("sends nothing to a profile archived after the decision", async () => {
    const profile = await seedProfile("managed", "archived-later", [["approved", BOT, ["ALL_CLEAR"]]]);
    const archived = archivedProfileOf(profile, new Date().toISOString());
    expect(archived.identity).toBeNull();
    await profiles.save({
      profile: archived,
      expectedVersion: profile.version,
      audit: {
        id: "archived-later-archived",
        clientId: "managed",
        refId: "archived-later",
        recordId: profile.recordId,
        from: profile.status,
        to: profile.status,
        actor: { kind: "system", id: "archive-job" },
        reasonCodes: ["ARCHIVED"],
        ruleVersion: "test",
        at: archived.updatedAt,
        profileVersion: archived.version,
      },
      outbox: [],
      index: { put: [], removeHashes: [] },
    });
    await relayAndDeliverAll();
    expect(mailTo(emailOf("managed", "archived-later"))).toEqual([]);
    const id = deterministicId("managed", "archived-later", profile.version, "user-notification");
    expect(await ledger.get(id)).toMatchObject({ state: "skipped", reason: "profile-gone" });
  });

  it("e-mails a support answer with the operator's text", async () => {
    await seedProfile("managed-dedicated", "asks", []);
    const record: SupportNotificationOutboxRecord = {
      id: "support-answer-1",
      kind: "support-notification",
      clientId: "managed-dedicated",
      refId: "asks",
      ticketId: "T-42",
      event: "ticket-answered",
      message: "Please retake your selfie without glasses.",
      at: new Date().toISOString(),
    };
    await documents.send(new PutCommand({ TableName: local.tableName, Item: outboxToItem(record) }));
    await relayAndDeliverAll();
    expect(mailTo(emailOf("managed-dedicated", "asks"))).toEqual([
      expect.objectContaining({
        event: "ticket-answered",
        subject: expect.stringContaining("T-42"),
        text: expect.stringContaining("Please retake your selfie without glasses."),
      }),
    ]);
  });

  it("moves a poison message to the dead-letter queue after its attempts", async () => {
    await send(
      JSON.stringify({ id: "nope", kind: "user-notification", clientId: "payg", refId: "ok", extra: 1 }),
    );
    await waitUntil(
      "the poison message to reach the DLQ",
      async () => {
        const batch = await receive();
        if (batch.length > 0) expect((await deliver(batch)).batchItemFailures).toHaveLength(batch.length);
        const dead = await receive(dlqUrl);
        return dead.some((message) => (message.Body ?? "").includes('"id":"nope"'));
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const logs = logged.join("");
    expect(logs).toContain("notice delivery failed");
    expect(logs).not.toContain("@example.com");
  });
});
