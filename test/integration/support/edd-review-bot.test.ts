import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { APIGatewayProxyResult, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbOutboxStore } from "../../../lambdas/adapters/dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import { DynamoDbTicketStore } from "../../../lambdas/adapters/dynamodb/ticket-store.js";
import type { Certificate } from "../../../lambdas/domain/certificates.js";
import type { Ticket } from "../../../lambdas/domain/support/ticket.js";
import type { OpsResponse } from "../../../lambdas/shared/ops-response.js";
import { aService, clearCertificates } from "../../support/domain-builders.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import { callApi, deliverBatch, receiveAll, type LambdaHandler } from "../../support/handler-harness.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";

/**
 * EDD end to end through the deployed handlers, on DynamoDB Local and fauxqs: intake-profile and
 * intake-certificates (API events), the review-bot on the review queue (SQS batches, redelivered as
 * the event source mapping would), and the operator's ops-support function.
 */
type ApiHandler = LambdaHandler<never, APIGatewayProxyResult>;
type OpsHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<OpsResponse>;

let local: LocalServices;
let restoreEnv: () => void;
let intakeProfile: ApiHandler;
let intakeCertificates: ApiHandler;
let reviewBot: LambdaHandler<SQSEvent, SQSBatchResponse>;
let opsSupport: OpsHandler;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let tickets: DynamoDbTicketStore;
let outbox: DynamoDbOutboxStore;

const intakeKey = (clientId: string) => ({ clientId, scope: "intake", principalId: `intake-${clientId}` });

/** A watch-list entry with the user's full name, born 80 years earlier elsewhere: a false positive. */
const namesakeOn = (categories: string[]): Certificate[] => [
  ...clearCertificates().filter((certificate) => certificate.name !== "aml"),
  {
    name: "aml",
    status: "CONSIDER",
    checks: [{ code: "AML_POTENTIAL_MATCH" }],
    aml: { hits: [{ name: "Curie, Marie", dob: "1907", country: "PL", categories }] },
  },
];

let walletCounter = 0xedd0;
async function submit(clientId: string, refId: string, certificates: Certificate[]): Promise<void> {
  walletCounter += 1;
  const created = await callApi(intakeProfile, {
    method: "POST",
    resource: "/intake/1.0/{clientId}/profiles",
    pathParameters: { clientId },
    body: {
      refId,
      wallet: `0x${walletCounter.toString(16).padStart(40, "0")}`,
      identity: { givenName: "Marie", familyName: "Curie", dob: "1987-11-07", nationality: "FR" },
      documents: [
        { type: "passport", number: `${refId.toUpperCase().replace(/[^A-Z0-9]/g, "")}77`, country: "FR" },
      ],
      ipCountry: "FR",
    },
    authorizer: intakeKey(clientId),
  });
  expect(created.statusCode).toBe(201);
  const certified = await postCertificates(clientId, refId, certificates);
  expect(certified.body.data).toMatchObject({ status: "waiting" });
}

const postCertificates = (clientId: string, refId: string, certificates: Certificate[]) =>
  callApi(intakeCertificates, {
    method: "POST",
    resource: "/intake/1.0/{clientId}/profiles/{refId}/certificates",
    pathParameters: { clientId, refId },
    body: { certificates },
    authorizer: intakeKey(clientId),
  });

async function amlRemediationTickets(clientId: string, refId: string): Promise<Ticket[]> {
  const page = await tickets.list(clientId, { refId }, null, 100);
  return page.items.filter((ticket) => ticket.category === "aml-remediation");
}

async function eddInvitations(clientId: string, refId: string) {
  return (await outbox.listPending("support-notification", null, 100)).items.filter(
    (record) =>
      record.kind === "support-notification" &&
      record.clientId === clientId &&
      record.refId === refId &&
      record.event === "edd-invitation",
  );
}

async function op(request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await opsSupport({ operator: "ops-eve", ...request }, lambdaContext("ops-support"));
  if (answer.status !== "success") throw new Error(`ops-support refused: ${answer.code} ${answer.message}`);
  return answer.data as Record<string, unknown>;
}

beforeAll(async () => {
  local = await startLocalServices("edd-test");
  restoreEnv = local.applyEnv();
  // The erasure and unblock paths of ops-support read it; no call here touches the bucket.
  process.env.ARCHIVE_BUCKET = "edd-test-archive";
  intakeProfile = (await import("../../../lambdas/handlers/intake-profile.js"))
    .handler as unknown as ApiHandler;
  intakeCertificates = (await import("../../../lambdas/handlers/intake-certificates.js"))
    .handler as unknown as ApiHandler;
  reviewBot = (await import("../../../lambdas/handlers/review-bot.js")).handler;
  opsSupport = (await import("../../../lambdas/handlers/ops-support.js")).handler as unknown as OpsHandler;
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  tickets = new DynamoDbTicketStore(documents, local.tableName);
  outbox = new DynamoDbOutboxStore(documents, local.tableName);
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  await services.put(aService({ clientId: "vip", plan: "managed-dedicated", onchainServiceId: "7" }));
  await services.put(aService({ clientId: "acme", plan: "managed", onchainServiceId: "8" }));
}, 60_000);

afterAll(async () => {
  delete process.env.ARCHIVE_BUCKET;
  restoreEnv?.();
  documents?.destroy();
  await local?.stop();
});

describe("EDD through the review-bot handler (managed-dedicated)", () => {
  let ticketId: string;

  it("blocks a 100% PEP name match and opens one aml-remediation ticket, also after a redelivery", async () => {
    await submit("vip", "pep-user", namesakeOn(["PEP"]));
    const messages = await receiveAll(local);
    expect(messages).toHaveLength(1);
    expect((await deliverBatch(local, reviewBot, messages)).batchItemFailures).toEqual([]);

    const blocked = await profiles.get("vip", "pep-user");
    expect(blocked).toMatchObject({ status: "blocked", statusReasonCodes: ["AML_MATCH"] });
    const opened = await amlRemediationTickets("vip", "pep-user");
    expect(opened).toEqual([
      expect.objectContaining({
        requester: "user",
        refId: "pep-user",
        channel: "dedicated-email",
        tier: "dedicated",
        state: "open",
        openedAt: blocked!.blockedDate,
        eddProfileVersion: blocked!.version,
        responseDueAt: expect.any(String),
      }),
    ]);
    expect(await eddInvitations("vip", "pep-user")).toHaveLength(1);

    // The same message again (SQS delivers at least once): nothing new.
    expect((await deliverBatch(local, reviewBot, messages)).batchItemFailures).toEqual([]);
    expect(await amlRemediationTickets("vip", "pep-user")).toEqual(opened);
    expect(await eddInvitations("vip", "pep-user")).toHaveLength(1);
    expect(await profiles.get("vip", "pep-user")).toEqual(blocked);
    ticketId = opened[0]!.ticketId;
  });

  it("takes the user's new certificate through intake while the ticket is open; the profile stays blocked", async () => {
    const before = await profiles.get("vip", "pep-user");
    const evidence = await postCertificates("vip", "pep-user", [
      { name: "proof-of-address", status: "CLEAR", checks: [] },
    ]);
    expect(evidence.statusCode).toBe(200);
    expect(evidence.body.data).toMatchObject({ refId: "pep-user", status: "blocked" });
    const after = await profiles.get("vip", "pep-user");
    expect(after).toMatchObject({ status: "blocked", version: before!.version + 1 });
    expect(after!.certificates.map((certificate) => certificate.name)).toContain("proof-of-address");
    // Evidence is not a review request: nothing is queued for the bots.
    expect(await receiveAll(local)).toEqual([]);
    const { ticket } = (await op({ action: "show", clientId: "vip", ticketId })) as { ticket: Ticket };
    expect(ticket.events.at(-1)).toMatchObject({
      text: "New evidence received through intake: proof-of-address.",
    });
  });

  it("refuses further certificates with a 409 once the operator closed the ticket", async () => {
    const decided = await op({
      action: "edd-decide",
      clientId: "vip",
      ticketId,
      decision: "confirmed-match",
      reason: "The document does not rule out the listed person",
    });
    expect(decided).toMatchObject({ unblocked: false, ticket: { state: "closed" } });
    const before = await profiles.get("vip", "pep-user");
    expect(before).toMatchObject({ status: "blocked" });

    const refused = await postCertificates("vip", "pep-user", [
      { name: "proof-of-address", status: "CLEAR", checks: [{ code: "NONE", detail: "second try" }] },
    ]);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatchObject({ status: "error", code: 409 });
    expect(refused.body.message).toMatch(/blocked/);
    expect(await profiles.get("vip", "pep-user")).toEqual(before);
  });
});

describe("no EDD ticket from the review-bot handler", () => {
  it("for a sanctions-only full-name match, nor for a PEP match on the managed plan", async () => {
    await submit("vip", "sanctions-user", namesakeOn(["SANCTIONS"]));
    await submit("acme", "managed-pep-user", namesakeOn(["PEP"]));
    expect((await deliverBatch(local, reviewBot, await receiveAll(local))).batchItemFailures).toEqual([]);

    expect(await profiles.get("vip", "sanctions-user")).toMatchObject({ status: "blocked" });
    expect(await profiles.get("acme", "managed-pep-user")).toMatchObject({ status: "blocked" });
    expect(await amlRemediationTickets("vip", "sanctions-user")).toEqual([]);
    expect(await amlRemediationTickets("acme", "managed-pep-user")).toEqual([]);
    // Without an open EDD ticket a blocked profile takes no certificates.
    const refused = await postCertificates("acme", "managed-pep-user", [
      { name: "proof-of-address", status: "CLEAR", checks: [] },
    ]);
    expect(refused.statusCode).toBe(409);
  });
});
