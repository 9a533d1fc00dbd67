import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { APIGatewayProxyResult, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { HmacIdentifierHasher } from "../../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { retentionDepsFromEnv } from "../../../lambdas/adapters/dynamodb/retention-deps-from-env.js";
import { DynamoDbOutboxStore } from "../../../lambdas/adapters/dynamodb/outbox-store.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import {
  DynamoDbHolidayCalendar,
  DynamoDbTicketStore,
} from "../../../lambdas/adapters/dynamodb/ticket-store.js";
import { RandomTicketIds } from "../../../lambdas/adapters/system/random-ticket-ids.js";
import { SystemClock } from "../../../lambdas/adapters/system/system-clock.js";
import type { Certificate } from "../../../lambdas/domain/certificates.js";
import { NotFoundError } from "../../../lambdas/domain/errors.js";
import { ERASED_REASON } from "../../../lambdas/domain/retention/retention-audit.js";
import { actOnTicket, openSupportTicket } from "../../../lambdas/domain/support/support-desk.js";
import { eraseProfile } from "../../../lambdas/domain/use-cases/erase-profile.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import { aService, clearCertificates } from "../../support/domain-builders.js";
import { callApi, deliverBatch, receiveAll, type LambdaHandler } from "../../support/handler-harness.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";
import { holdersOf, needlesOf, personalDataOf, type Person } from "./personal-data-scan.js";
import { allMessages, allObjects, allTableItems, createArchiveBucket } from "./retention-services.js";

type ApiHandler = LambdaHandler<never, APIGatewayProxyResult>;

let local: LocalServices;
let restoreEnv: () => void;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let intakeProfile: ApiHandler;
let intakeCertificates: ApiHandler;
let statusArchive: ApiHandler;
let reviewBot: LambdaHandler<SQSEvent, SQSBatchResponse>;

const intake = (clientId: string) => ({ clientId, scope: "intake", principalId: `intake-key-${clientId}` });
const statusKey = (clientId: string) => ({
  clientId,
  scope: "status",
  principalId: `status-key-${clientId}`,
});

const alice: Person = {
  refId: "erase-me-approved",
  wallet: "0x8ba1f109551bD432803012645Ac136ddd64DBA72",
  givenName: "Zbigniew",
  familyName: "Brzeczyszczykiewicz",
  dob: "1971-02-03",
  passport: "XK 778-201",
};
const carol: Person = {
  refId: "erase-me-rejected",
  wallet: "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B",
  givenName: "Wilhelmina",
  familyName: "Quatermaine",
  dob: "1984-09-17",
  passport: "QM 55 31 90",
};
const dora: Person = {
  refId: "erase-me-with-tickets",
  wallet: "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec",
  givenName: "Dorothea",
  familyName: "Szczepanska",
  dob: "1979-05-30",
  passport: "DS 404 212",
};
const bystander: Person = {
  refId: "keep-me",
  wallet: "0x71C7656EC7ab88b098defB751B7401B5f6d8976F",
  givenName: "Theodora",
  familyName: "Vandersloot",
  dob: "1992-12-24",
  passport: "TV-900-117",
};

/** Certificates whose details name the person, as real identity providers' do. */
function certificatesOf(person: Person, outcome: "clear" | "fixable"): Certificate[] {
  const certificates = clearCertificates();
  if (outcome === "fixable") {
    certificates[0] = {
      name: "identity-document",
      status: "CONSIDER",
      checks: [
        {
          code: "DOC_IMAGE_QUALITY",
          detail: `passport ${person.passport} of ${person.familyName} is blurry`,
        },
      ],
    };
  }
  return certificates;
}

async function onboard(person: Person, outcome: "clear" | "fixable"): Promise<void> {
  const created = await callApi(intakeProfile, {
    method: "POST",
    resource: "/intake/1.0/{clientId}/profiles",
    pathParameters: { clientId: "acme" },
    body: {
      refId: person.refId,
      wallet: person.wallet,
      ...personalDataOf(person),
      ipCountry: "PL",
    },
    authorizer: intake("acme"),
  });
  expect(created.statusCode).toBe(201);
  const certified = await callApi(intakeCertificates, {
    method: "POST",
    resource: "/intake/1.0/{clientId}/profiles/{refId}/certificates",
    pathParameters: { clientId: "acme", refId: person.refId },
    body: { certificates: certificatesOf(person, outcome) },
    authorizer: intake("acme"),
  });
  expect(certified.statusCode).toBe(200);
  const response = await deliverBatch(local, reviewBot, await receiveAll(local));
  expect(response.batchItemFailures).toEqual([]);
}

const deps = () => ({ ...retentionDepsFromEnv(), clock: new SystemClock() });

beforeAll(async () => {
  local = await startLocalServices("erase-test");
  const archiveBucket = await createArchiveBucket(local, "erase-test-archive");
  restoreEnv = local.applyEnv();
  process.env.ARCHIVE_BUCKET = archiveBucket;
  intakeProfile = (await import("../../../lambdas/handlers/intake-profile.js"))
    .handler as unknown as ApiHandler;
  intakeCertificates = (await import("../../../lambdas/handlers/intake-certificates.js"))
    .handler as unknown as ApiHandler;
  statusArchive = (await import("../../../lambdas/handlers/status-archive.js"))
    .handler as unknown as ApiHandler;
  reviewBot = (await import("../../../lambdas/handlers/review-bot.js")).handler;
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  await new DynamoDbServiceRepository(documents, local.tableName).put(
    aService({ clientId: "acme", plan: "managed" }),
  );
  await onboard(alice, "clear");
  await onboard(carol, "fixable");
  await onboard(bystander, "clear");
  await onboard(dora, "clear");
}, 60_000);

afterAll(async () => {
  delete process.env.ARCHIVE_BUCKET;
  restoreEnv?.();
  documents?.destroy();
  await local?.stop();
});

describe("erasure of a user's data", () => {
  it("leaves no personal data in any table item, archive object or queue message", async () => {
    const hasher = HmacIdentifierHasher.fromSecret(local.env.IDENTIFIER_PEPPER);
    expect(await profiles.get("acme", alice.refId)).toMatchObject({ status: "approved" });
    expect(await profiles.get("acme", carol.refId)).toMatchObject({ status: "rejected" });

    // Alice was archived first (the business's Archive Dashboard API): her index rows were kept for dedup.
    const archived = await callApi(statusArchive, {
      method: "POST",
      resource: "/kyc/1.0/connect/{clientId}/refId/{refId}/archive",
      pathParameters: { clientId: "acme", refId: alice.refId },
      authorizer: statusKey("acme"),
    });
    expect(archived.body).toMatchObject({
      status: "success",
      data: { refId: alice.refId, isArchived: true },
    });
    // A message naming the person on a queue (e.g. a retried one) is found by the scan too.
    const sqs = local.sqsClient();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: local.reviewQueueUrl,
        MessageBody: JSON.stringify({ clientId: "acme", refId: bystander.refId, note: bystander.familyName }),
      }),
    );
    sqs.destroy();

    // Before erasure the scan does find them: the needles and the scan are not vacuous.
    const before = await allTableItems(documents, local.tableName);
    expect(holdersOf(needlesOf(alice, hasher), before).length).toBeGreaterThan(0);
    expect(holdersOf(needlesOf(carol, hasher), before).length).toBeGreaterThan(0);

    const erasedAlice = await eraseProfile(deps(), {
      clientId: "acme",
      refId: alice.refId,
      operator: "ops-ana",
    });
    const erasedCarol = await eraseProfile(deps(), {
      clientId: "acme",
      refId: carol.refId,
      operator: "ops-ana",
    });
    expect(erasedAlice).toMatchObject({ outcome: "erased", revoked: true, profile: { deleted: true } });
    expect(erasedCarol).toMatchObject({ outcome: "erased", revoked: false, profile: { deleted: true } });

    const items = await allTableItems(documents, local.tableName);
    const objects = await allObjects(local);
    const { queues, messages } = await allMessages(local);
    expect(queues).toBeGreaterThan(0);
    expect(objects.map((o) => o.key)).toContain(`erase-test-archive/archive/acme/${alice.refId}.json`);

    // The only trace of Alice is her wallet in the revocation that takes her on-chain flag down; it is
    // marked as an erasure's, so the chain pipeline drops its own copies once it is on-chain
    // (test/integration/chain/erasure.test.ts).
    const aliceHolders = items.filter((i) => holdersOf(needlesOf(alice, hasher), [i]).length > 0);
    expect(aliceHolders.map((i) => i.item.record)).toEqual([
      expect.objectContaining({
        kind: "chain",
        intent: "revoke",
        refId: alice.refId,
        wallet: alice.wallet,
        erasure: true,
      }),
    ]);
    expect(holdersOf(needlesOf(alice, hasher), [...objects, ...messages])).toEqual([]);
    expect(holdersOf(needlesOf(carol, hasher), [...items, ...objects, ...messages])).toEqual([]);
    // Someone else's data is untouched.
    expect(holdersOf(needlesOf(bystander, hasher), items).length).toBeGreaterThan(1);
    expect(holdersOf([bystander.familyName], messages)).toHaveLength(1);
  });

  it("keeps the status record, marked deleted, and an audit entry naming the operator", async () => {
    const profile = await profiles.get("acme", carol.refId);
    expect(profile).toMatchObject({
      status: "rejected",
      deleted: true,
      identity: null,
      documents: [],
      certificates: [],
      ipCountry: null,
      wallet: "",
    });
    const audit = await profiles.listAudit("acme", carol.refId);
    expect(audit.at(-1)).toMatchObject({
      actor: { kind: "operator", id: "ops-ana" },
      reasonCodes: [ERASED_REASON],
      profileVersion: profile?.version,
    });
    expect(audit.length).toBeGreaterThan(2);
  });

  it("is idempotent: erasing again changes nothing and answers already-erased", async () => {
    const before = await allTableItems(documents, local.tableName);
    const again = await eraseProfile(deps(), { clientId: "acme", refId: alice.refId, operator: "ops-ana" });
    expect(again).toMatchObject({ outcome: "already-erased", revoked: false });
    const after = await allTableItems(documents, local.tableName);
    expect(after.map((i) => i.text).sort()).toEqual(before.map((i) => i.text).sort());
  });

  it("refuses an unknown profile and makes erased profiles unarchivable", async () => {
    await expect(
      eraseProfile(deps(), { clientId: "acme", refId: "nobody", operator: "ops-ana" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const archived = await callApi(statusArchive, {
      method: "POST",
      resource: "/kyc/1.0/connect/{clientId}/refId/{refId}/archive",
      pathParameters: { clientId: "acme", refId: carol.refId },
      authorizer: statusKey("acme"),
    });
    expect(archived).toMatchObject({ statusCode: 404, body: { status: "error", code: 404 } });
  });
});

describe("erasure of a user with support tickets", () => {
  it("deletes the support notifications (operator text) of every ticket of the user, sent or not", async () => {
    const documentsOutbox = new DynamoDbOutboxStore(documents, local.tableName);
    const tickets = new DynamoDbTicketStore(documents, local.tableName);
    const support = {
      services: new DynamoDbServiceRepository(documents, local.tableName),
      tickets,
      holidays: new DynamoDbHolidayCalendar(documents, local.tableName),
      ids: new RandomTicketIds(),
      clock: new SystemClock(),
    };
    const asked = await openSupportTicket(support, {
      clientId: "acme",
      requester: "user",
      refId: dora.refId,
      category: "kyc-status",
      channel: "email",
      subject: "Where is my verification?",
      message: `Hello, this is ${dora.givenName} ${dora.familyName}.`,
      actor: { kind: "operator", id: "ops-ana" },
    });
    await actOnTicket(support, {
      clientId: "acme",
      ticketId: asked.ticketId,
      operator: "ops-ana",
      action: "reply",
      message: `Dear ${dora.givenName} ${dora.familyName}, your verification is approved.`,
    });
    const deletion = await openSupportTicket(support, {
      clientId: "acme",
      requester: "user",
      refId: dora.refId,
      category: "data-deletion",
      channel: "email",
      subject: "Delete my data",
      message: "Please delete my data.",
      actor: { kind: "operator", id: "ops-ana" },
    });
    const noticesOfDora = async () =>
      (await documentsOutbox.listPending("support-notification", null, 100)).items.filter(
        (record) => record.refId === dora.refId,
      );
    const before = await noticesOfDora();
    expect(before.map((record) => record.kind === "support-notification" && record.event).sort()).toEqual([
      "ticket-answered",
      "ticket-opened",
      "ticket-opened",
    ]);
    expect(JSON.stringify(before)).toContain(dora.familyName);
    // One already sent (published): it holds the same text and goes as well.
    const sent = before.find(
      (record) => record.kind === "support-notification" && record.event === "ticket-answered",
    )!;
    expect(await documentsOutbox.markPublished(sent.id, new Date().toISOString())).toBe(true);

    const erased = await eraseProfile(deps(), { clientId: "acme", refId: dora.refId, operator: "ops-ana" });
    expect(erased.outcome).toBe("erased");

    expect(await noticesOfDora()).toEqual([]);
    for (const record of before) expect(await documentsOutbox.get(record.id)).toBeNull();
    const left = (await allTableItems(documents, local.tableName)).filter((i) => {
      const record = i.item.record as { kind?: string; refId?: string } | undefined;
      return record?.kind === "support-notification" && record.refId === dora.refId;
    });
    expect(left).toEqual([]);
    // The tickets themselves stay (the deletion ticket is closed with the erasure's result).
    expect(await tickets.get("acme", deletion.ticketId)).not.toBeNull();
  });
});
