import { jest } from "@jest/globals";
import { Logger } from "@aws-lambda-powertools/logger";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyResult, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { LOCAL_AWS } from "../support/dynamodb-local.js";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbOutboxStore } from "../../lambdas/adapters/dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../lambdas/adapters/dynamodb/service-repository.js";
import type { Certificate } from "../../lambdas/domain/certificates.js";
import { VersionConflictError } from "../../lambdas/domain/errors.js";
import { aService, clearCertificates } from "../support/domain-builders.js";
import { callApi, deliverBatch, receiveAll, type LambdaHandler } from "../support/handler-harness.js";
import { startLocalServices, type LocalServices } from "../support/local-services.js";

type ApiHandler = LambdaHandler<never, APIGatewayProxyResult>;

let local: LocalServices;
let restoreEnv: () => void;
let intakeProfile: ApiHandler;
let intakeCertificates: ApiHandler;
let reviewBot: LambdaHandler<SQSEvent, SQSBatchResponse>;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let outbox: DynamoDbOutboxStore;

const PROFILES_ROUTE = "/intake/1.0/{clientId}/profiles";
const CERTIFICATES_ROUTE = "/intake/1.0/{clientId}/profiles/{refId}/certificates";
const principal = (clientId: string) => ({ clientId, scope: "intake", principalId: `key-${clientId}` });

beforeAll(async () => {
  local = await startLocalServices("intake-test");
  restoreEnv = local.applyEnv();
  // Handlers read their environment lazily, on first invocation.
  intakeProfile = (await import("../../lambdas/handlers/intake-profile.js")).handler as unknown as ApiHandler;
  intakeCertificates = (await import("../../lambdas/handlers/intake-certificates.js"))
    .handler as unknown as ApiHandler;
  reviewBot = (await import("../../lambdas/handlers/review-bot.js")).handler;
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  outbox = new DynamoDbOutboxStore(documents, local.tableName);
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  await services.put(aService({ clientId: "acme", plan: "managed" }));
  await services.put(aService({ clientId: "shop", plan: "payg" }));
  await services.put(aService({ clientId: "weigh", plan: "managed", amlFullNameMatch: "weigh-evidence" }));
});

afterAll(async () => {
  restoreEnv?.();
  documents?.destroy();
  await local?.stop();
});

let walletCounter = 0x1000;
function profileBody(refId: string, overrides: Record<string, unknown> = {}) {
  walletCounter += 1;
  return {
    refId,
    wallet: `0x${walletCounter.toString(16).padStart(40, "0")}`,
    identity: { givenName: "Marie", familyName: "Curie", dob: "1987-11-07", nationality: "FR" },
    documents: [
      { type: "passport", number: `${refId.toUpperCase().replace(/[^A-Z0-9]/g, "")}99`, country: "FR" },
    ],
    ipCountry: "FR",
    ...overrides,
  };
}

const submitProfile = (clientId: string, body: unknown, authorizer = principal(clientId)) =>
  callApi(intakeProfile, {
    method: "POST",
    resource: PROFILES_ROUTE,
    pathParameters: { clientId },
    body,
    authorizer,
  });

const submitCertificates = (clientId: string, refId: string, certificates: Certificate[]) =>
  callApi(intakeCertificates, {
    method: "POST",
    resource: CERTIFICATES_ROUTE,
    pathParameters: { clientId, refId },
    body: { certificates },
    authorizer: principal(clientId),
  });

/** Runs the review bot over everything queued, like the event source mapping would. */
async function runReviewBot(): Promise<SQSBatchResponse> {
  const messages = await receiveAll(local);
  return deliverBatch(local, reviewBot, messages);
}

describe("intake -> waiting -> review queue -> bots", () => {
  it("approves an all-clear profile and records the chain and notification outbox", async () => {
    const created = await submitProfile("acme", profileBody("alice"));
    expect(created.statusCode).toBe(201);
    expect(created.body).toEqual({
      status: "success",
      data: {
        refId: "alice",
        recordId: expect.stringMatching(/^[0-9a-f]{24}$/),
        status: "incomplete",
        submitCount: 1,
      },
    });

    const partial = await submitCertificates("acme", "alice", clearCertificates().slice(0, 2));
    expect(partial.body.data).toMatchObject({ status: "incomplete" });
    expect(await receiveAll(local)).toEqual([]);

    const complete = await submitCertificates("acme", "alice", clearCertificates().slice(2));
    expect(complete.statusCode).toBe(200);
    expect(complete.body.data).toMatchObject({ refId: "alice", status: "waiting" });

    const messages = await receiveAll(local);
    expect(messages.map((m) => JSON.parse(m.Body ?? "{}"))).toEqual([
      { clientId: "acme", refId: "alice", profileVersion: 3 },
    ]);
    const response = await deliverBatch(local, reviewBot, messages);
    expect(response.batchItemFailures).toEqual([]);

    const stored = await profiles.get("acme", "alice");
    expect(stored).toMatchObject({ status: "approved", approvedDate: expect.any(String) });
    const audit = await profiles.listAudit("acme", "alice");
    expect(audit.map((entry) => [entry.to, entry.actor.kind, entry.reasonCodes])).toEqual([
      ["incomplete", "customer", ["PROFILE_CREATED"]],
      ["waiting", "system", ["CERTIFICATES_COMPLETE"]],
      ["approved", "bot", ["ALL_CLEAR"]],
    ]);
    const chain = (await outbox.listPending("chain", null, 100)).items.filter((r) => r.refId === "alice");
    expect(chain).toEqual([
      expect.objectContaining({ intent: "attest", wallet: expect.stringMatching(/^0x/) }),
    ]);
    const notes = (await outbox.listPending("user-notification", null, 100)).items.filter(
      (r) => r.refId === "alice",
    );
    expect(notes).toEqual([expect.objectContaining({ status: "approved" })]);

    // The identifier index written by the handlers holds keyed hashes, never the identifiers.
    const { Items: rows = [] } = await documents.send(
      new ScanCommand({
        TableName: local.tableName,
        FilterExpression: "entity = :identifier AND refId = :refId",
        ExpressionAttributeValues: { ":identifier": "identifier", ":refId": "alice" },
      }),
    );
    expect(rows).toHaveLength(2); // wallet + passport
    const text = JSON.stringify(rows).toLowerCase();
    for (const plain of [stored!.wallet.slice(2).toLowerCase(), "alice99", "marie", "curie", "1987-11-07"]) {
      expect(text).not.toContain(plain);
    }
  });

  it("rejects a fixable problem with a remediation message, then accepts a resubmission", async () => {
    await submitProfile("acme", profileBody("bob"));
    const blurry: Certificate[] = [
      { name: "identity-document", status: "CONSIDER", checks: [{ code: "DOC_IMAGE_QUALITY" }] },
      ...clearCertificates().slice(1),
    ];
    await submitCertificates("acme", "bob", blurry);
    expect((await runReviewBot()).batchItemFailures).toEqual([]);

    expect(await profiles.get("acme", "bob")).toMatchObject({ status: "rejected", rejectionCount: 1 });
    const notes = (await outbox.listPending("user-notification", null, 100)).items.filter(
      (r) => r.refId === "bob",
    );
    expect(notes).toEqual([
      expect.objectContaining({
        status: "rejected",
        reasonCodes: ["DOC_IMAGE_QUALITY"],
        message: expect.stringMatching(/resubmit/i),
      }),
    ]);

    const resubmitted = await submitProfile("acme", profileBody("bob"));
    expect(resubmitted.statusCode).toBe(200);
    expect(resubmitted.body.data).toMatchObject({ status: "incomplete", submitCount: 2 });
    expect((await profiles.get("acme", "bob"))?.certificates).toEqual([]);
  });

  it("blocks the later of two approved profiles sharing a normalised passport number", async () => {
    const firstDocs = [{ type: "passport", number: "AB-12 345", country: "FR" }];
    expect((await submitProfile("acme", profileBody("first", { documents: firstDocs }))).statusCode).toBe(
      201,
    );
    await submitCertificates("acme", "first", clearCertificates());
    await runReviewBot();

    const secondDocs = [{ type: "passport", number: "ab.12345", country: "FR" }];
    expect((await submitProfile("acme", profileBody("second", { documents: secondDocs }))).statusCode).toBe(
      201,
    );
    await submitCertificates("acme", "second", clearCertificates());
    expect((await runReviewBot()).batchItemFailures).toEqual([]);

    expect(await profiles.get("acme", "first")).toMatchObject({ status: "approved" });
    expect(await profiles.get("acme", "second")).toMatchObject({ status: "blocked" });
    const last = (await profiles.listAudit("acme", "second")).at(-1);
    expect(last).toMatchObject({ to: "blocked", reasonCodes: ["DUPLICATE"], originalRefId: "first" });
    const chain = (await outbox.listPending("chain", null, 100)).items.filter((r) => r.refId === "second");
    expect(chain.map((r) => r.kind === "chain" && r.intent)).toEqual(["attest", "revoke"]);

    // The duplicate's original never appears in what the API answers.
    const answer = await submitCertificates("acme", "second", clearCertificates());
    expect(JSON.stringify(answer.body)).not.toContain("first");
  });

  it("leaves an undecided duplicate alone until its own decision lands (verification first)", async () => {
    const docs = (number: string) => [{ type: "passport", number, country: "FR" }];
    await submitProfile("acme", profileBody("pending-dup", { documents: docs("XY 900 1") }));
    await submitCertificates("acme", "pending-dup", clearCertificates().slice(0, 1));
    await submitProfile("acme", profileBody("decided-first", { documents: docs("xy9001") }));
    await submitCertificates("acme", "decided-first", clearCertificates());
    expect((await runReviewBot()).batchItemFailures).toEqual([]);

    expect(await profiles.get("acme", "decided-first")).toMatchObject({ status: "approved" });
    expect(await profiles.get("acme", "pending-dup")).toMatchObject({ status: "incomplete", version: 2 });

    await submitCertificates("acme", "pending-dup", clearCertificates().slice(1));
    expect((await runReviewBot()).batchItemFailures).toEqual([]);
    const audit = await profiles.listAudit("acme", "pending-dup");
    expect(audit.slice(-2).map((e) => [e.to, e.actor.id, e.reasonCodes])).toEqual([
      ["approved", "kyc-bot", ["ALL_CLEAR"]],
      ["blocked", "dedup", ["DUPLICATE"]],
    ]);
  });

  it("accepts ISO alpha-3 countries and stores and answers them as alpha-2", async () => {
    const body = profileBody("deu-alpha3", {
      identity: { givenName: "Maria", familyName: "Schmidt", dob: "1990-04-12", nationality: "DEU" },
      documents: [{ type: "passport", number: "C01X00T47", country: "DEU" }],
      ipCountry: "DEU",
    });
    const created = await submitProfile("shop", body);
    expect(created.statusCode).toBe(201);
    expect(await profiles.get("shop", "deu-alpha3")).toMatchObject({
      identity: { nationality: "DE" },
      documents: [{ type: "passport", number: "C01X00T47", country: "DE" }],
      ipCountry: "DE",
    });

    const unknown = await submitProfile("shop", profileBody("xyz-country", { ipCountry: "XYZ" }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toMatchObject({
      status: "error",
      message: "Invalid ipCountry: must be an ISO 3166-1 alpha-2 or alpha-3 country code",
    });
  });

  it("treats a passport from DE and the same passport from DEU as one identifier", async () => {
    const alpha2 = [{ type: "passport", number: "DE-777 001", country: "DE" }];
    expect((await submitProfile("acme", profileBody("de-first", { documents: alpha2 }))).statusCode).toBe(
      201,
    );
    await submitCertificates("acme", "de-first", clearCertificates());
    await runReviewBot();

    const alpha3 = [{ type: "passport", number: "de777001", country: "DEU" }];
    expect((await submitProfile("acme", profileBody("deu-second", { documents: alpha3 }))).statusCode).toBe(
      201,
    );
    await submitCertificates("acme", "deu-second", clearCertificates());
    expect((await runReviewBot()).batchItemFailures).toEqual([]);

    expect(await profiles.get("acme", "de-first")).toMatchObject({ status: "approved" });
    const last = (await profiles.listAudit("acme", "deu-second")).at(-1);
    expect(last).toMatchObject({ to: "blocked", reasonCodes: ["DUPLICATE"], originalRefId: "de-first" });
  });

  it("answers 409 for certificates sent to a blocked profile", async () => {
    await submitProfile("acme", profileBody("fraud"));
    await submitCertificates("acme", "fraud", [
      { name: "identity-document", status: "CONSIDER", checks: [{ code: "DOC_SUSPECTED_FRAUD" }] },
      ...clearCertificates().slice(1),
    ]);
    await runReviewBot();
    expect(await profiles.get("acme", "fraud")).toMatchObject({ status: "blocked" });

    const response = await submitCertificates("acme", "fraud", [
      { name: "selfie", status: "CONSIDER", checks: [{ code: "SELFIE_QUALITY" }] },
    ]);
    expect(response).toEqual({
      statusCode: 409,
      body: { status: "error", code: 409, message: expect.stringMatching(/blocked/) },
    });
  });

  it("leaves CONSIDER results on a payg plan waiting for manual review", async () => {
    await submitProfile("shop", profileBody("carol"));
    await submitCertificates("shop", "carol", [
      { name: "identity-document", status: "CONSIDER", checks: [{ code: "DOC_EXPIRED" }] },
      ...clearCertificates().slice(1),
    ]);
    expect((await runReviewBot()).batchItemFailures).toEqual([]);
    expect(await profiles.get("shop", "carol")).toMatchObject({ status: "waiting", version: 2 });
  });
});

describe("a 100% AML name match", () => {
  // The listed person shares the user's name but was born 80 years earlier: a false positive
  // that the evidence shows, and that the reference still blocks for an operator to audit.
  const namesake: Certificate = {
    name: "aml",
    status: "CONSIDER",
    checks: [{ code: "AML_POTENTIAL_MATCH" }],
    aml: { hits: [{ name: "Curie, Marie", dob: "1907", country: "PL", categories: ["PEP"] }] },
  };
  const withNamesake = () => [...clearCertificates().filter((c) => c.name !== "aml"), namesake];

  it("is blocked by default, with the birth-date and country evidence in the audit entry", async () => {
    await submitProfile("acme", profileBody("namesake"));
    await submitCertificates("acme", "namesake", withNamesake());
    expect((await runReviewBot()).batchItemFailures).toEqual([]);

    expect(await profiles.get("acme", "namesake")).toMatchObject({ status: "blocked" });
    const decision = (await profiles.listAudit("acme", "namesake")).at(-1);
    expect(decision).toMatchObject({
      to: "blocked",
      actor: { kind: "bot", id: "advanced-kyc-bot" },
      reasonCodes: ["AML_MATCH"],
      amlEvidence: [
        {
          categories: ["PEP"],
          nameScore: 100,
          verdict: "match",
          reasons: ["NAME_SAME", "COUNTRY_MISMATCH", "DOB_YEAR_MISMATCH", "FULL_NAME_MATCH"],
        },
      ],
    });
    // Codes and scores only: the audit entry holds none of the user's own data.
    expect(JSON.stringify(decision?.amlEvidence)).not.toMatch(/marie|curie|1987|1907/i);
  });

  it("is cleared on its evidence only where the service opted in", async () => {
    await submitProfile("weigh", profileBody("namesake"));
    await submitCertificates("weigh", "namesake", withNamesake());
    expect((await runReviewBot()).batchItemFailures).toEqual([]);

    expect(await profiles.get("weigh", "namesake")).toMatchObject({ status: "approved" });
    const decision = (await profiles.listAudit("weigh", "namesake")).at(-1);
    expect(decision).toMatchObject({ to: "approved", reasonCodes: ["AML_CLEARED"] });
    expect(decision?.amlEvidence?.[0]).toMatchObject({ verdict: "cleared", nameScore: 100 });
  });
});

describe("SQS batch behaviour", () => {
  it("reports a poison record as a batch item failure and processes the others", async () => {
    await submitProfile("acme", profileBody("dave"));
    await submitCertificates("acme", "dave", clearCertificates());
    const sqs = local.sqsClient();
    await sqs.send(new SendMessageCommand({ QueueUrl: local.reviewQueueUrl, MessageBody: "{not json" }));
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: local.reviewQueueUrl,
        MessageBody: JSON.stringify({ clientId: "acme", refId: "nobody", profileVersion: 2 }),
      }),
    );
    sqs.destroy();

    const messages = await receiveAll(local);
    expect(messages).toHaveLength(3);
    const response = await deliverBatch(local, reviewBot, messages);
    const poison = messages.filter((m) => !(m.Body ?? "").includes('"dave"')).map((m) => m.MessageId);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([...poison].sort());
    expect(await profiles.get("acme", "dave")).toMatchObject({ status: "approved" });
  });

  it("logs a lost version race as what it is (no ERROR, no stack) and reviews the redelivery", async () => {
    await submitProfile("acme", profileBody("gina"));
    await submitCertificates("acme", "gina", clearCertificates());
    const messages = await receiveAll(local);
    const save = jest
      .spyOn(DynamoDbProfileRepository.prototype, "save")
      .mockRejectedValueOnce(new VersionConflictError("the profile was changed by another writer"));
    const errorLines = jest.spyOn(Logger.prototype, "error");
    const infoLines = jest.spyOn(Logger.prototype, "info");
    try {
      const raced = await deliverBatch(local, reviewBot, messages);
      expect(raced.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(messages.map((m) => m.MessageId));
      expect(errorLines).not.toHaveBeenCalled();
      expect(infoLines).toHaveBeenCalledWith(
        expect.stringContaining("lost a version race"),
        expect.not.objectContaining({ error: expect.anything() }),
      );
    } finally {
      save.mockRestore();
      errorLines.mockRestore();
      infoLines.mockRestore();
    }
    expect((await deliverBatch(local, reviewBot, messages)).batchItemFailures).toEqual([]);
    expect(await profiles.get("acme", "gina")).toMatchObject({ status: "approved" });
  });

  it("re-delivering the same message changes nothing", async () => {
    await submitProfile("acme", profileBody("erin"));
    await submitCertificates("acme", "erin", clearCertificates());
    const messages = await receiveAll(local);
    await deliverBatch(local, reviewBot, messages);
    const afterFirst = await profiles.get("acme", "erin");
    const auditAfterFirst = await profiles.listAudit("acme", "erin");
    const outboxAfterFirst = (await outbox.listPending("chain", null, 100)).items.length;

    const again = await deliverBatch(local, reviewBot, messages);
    expect(again.batchItemFailures).toEqual([]);
    expect(await profiles.get("acme", "erin")).toEqual(afterFirst);
    expect(await profiles.listAudit("acme", "erin")).toEqual(auditAfterFirst);
    expect((await outbox.listPending("chain", null, 100)).items).toHaveLength(outboxAfterFirst);
  });
});

describe("intake errors", () => {
  it("answers 400 naming the failing field", async () => {
    const cases: [unknown, RegExp][] = [
      [
        profileBody("x1", {
          identity: { givenName: "A", familyName: "B", dob: "1990-02-30", nationality: "FR" },
        }),
        /^Invalid identity\.dob/,
      ],
      [profileBody("x2", { wallet: "0x52908400098527886E0F7030069857D2E4169Ee7" }), /^Invalid wallet/],
      [
        profileBody("x3", { documents: [{ type: "driving_licence", number: "1", country: "FR" }] }),
        /^Invalid documents\.0\.type/,
      ],
      [profileBody("x4", { ipCountry: "ZZ" }), /^Invalid ipCountry/],
      [profileBody("bad#ref"), /^Invalid refId/],
      [{ ...profileBody("x5"), extra: true }, /^Invalid/],
    ];
    for (const [body, message] of cases) {
      const response = await submitProfile("acme", body);
      expect(response.statusCode).toBe(400);
      expect(response.body).toEqual({ status: "error", code: 400, message: expect.stringMatching(message) });
    }
  });

  it("answers 400 for malformed JSON and 413 for an oversized body", async () => {
    const malformed = await callApi(intakeProfile, {
      method: "POST",
      resource: PROFILES_ROUTE,
      pathParameters: { clientId: "acme" },
      rawBody: "{",
      authorizer: principal("acme"),
    });
    expect(malformed.statusCode).toBe(400);
    const huge = await submitProfile("acme", { ...profileBody("big"), padding: "x".repeat(70_000) });
    expect(huge).toEqual({ statusCode: 413, body: expect.objectContaining({ status: "error", code: 413 }) });
  });

  it("answers 404 for an unknown service or refId", async () => {
    const service = await submitProfile("ghost", profileBody("g1"));
    expect(service).toEqual({
      statusCode: 404,
      body: { status: "error", code: 404, message: "Service not found" },
    });
    const refId = await submitCertificates("acme", "never-created", clearCertificates());
    expect(refId).toEqual({
      statusCode: 404,
      body: { status: "error", code: 404, message: "Profile not found" },
    });
  });

  it("answers 401 without a principal and 403 for another service's principal", async () => {
    const anonymous = await callApi(intakeProfile, {
      method: "POST",
      resource: PROFILES_ROUTE,
      pathParameters: { clientId: "acme" },
      body: profileBody("anon"),
      authorizer: null,
    });
    expect(anonymous.statusCode).toBe(401);
    const foreign = await submitProfile("acme", profileBody("foreign"), principal("shop"));
    expect(foreign.statusCode).toBe(403);
    const noScope = await submitProfile("acme", profileBody("noscope"), {
      ...principal("acme"),
      scope: "status",
    });
    expect(noScope.statusCode).toBe(403);
    expect(await profiles.get("acme", "foreign")).toBeNull();
  });
});
