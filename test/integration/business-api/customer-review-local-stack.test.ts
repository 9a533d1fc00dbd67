import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { AddressInfo } from "node:net";
import { topology } from "../../../infra/topology/manifest.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbOutboxStore } from "../../../lambdas/adapters/dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import type { Certificate } from "../../../lambdas/domain/certificates.js";
import { localClientConfig } from "../../../scripts/local/local-aws.js";
import { startLocalStack, type LocalStack } from "../../../scripts/local/local-stack.js";
import { silentLog } from "../../../scripts/local/stack-log.js";
import { createDemoKey } from "../../../scripts/demo/demo-tenant.js";
import { IntakeClient } from "../../../scripts/demo/intake-client.js";
import {
  formatCustomerReviewSummary,
  runCustomerReviewDemo,
} from "../../../scripts/demo/customer-review-demo.js";
import { ReviewClient } from "../../../scripts/demo/review-client.js";
import { aService } from "../../support/domain-builders.js";
import { waitUntil } from "../../support/wait-until.js";

/**
 * Customers remediate their own profiles (payg, self-managed): over HTTP on the local stack, through
 * the manifest's routes, the real authorizer (keys from the operator function), intake and the bots
 * (which leave CONSIDER profiles of a payg service for review), the review functions, the outbox
 * and the webhook pipeline to a receiver.
 */
let stack: LocalStack;
let documents: ReturnType<typeof createDocumentClient>;
let services: DynamoDbServiceRepository;
let profiles: DynamoDbProfileRepository;
let outbox: DynamoDbOutboxStore;
let receiver: Server;
const deliveries: { event: string; refId: string; status: string }[] = [];
let intake: IntakeClient;
let reviewKeyId: string;
let reviewer: ReviewClient;
let secondReviewer: ReviewClient;

const consider = (code: string): Certificate[] => [
  { name: "identity-document", status: "CLEAR", checks: [] },
  { name: "selfie", status: "CONSIDER", checks: [{ code, detail: "dark" }] },
  {
    name: "aml",
    status: "CONSIDER",
    checks: [{ code: "AML_POTENTIAL_MATCH" }],
    aml: { hits: [{ name: "Ana Pereyra", dob: "1971", country: "PT", categories: ["PEP"] }] },
  },
];

async function createKey(clientId: string, scope: string) {
  const created = await stack.functions.invoke("ops-api-keys", {
    action: "create",
    clientId,
    scope,
    operator: "test",
  });
  if (created.status !== "ok") throw new Error(JSON.stringify(created));
  return created.payload as {
    status: string;
    code?: number;
    message?: string;
    data: { apiKey: string; key: { keyId: string } };
  };
}

function keyFor(clientId: string, scope: string) {
  return createDemoKey(stack.stackInfo.lambdaEndpoint, clientId, scope);
}

/** A profile the bots leave for review: submitted, certificates in, and the review queue drained. */
async function waitingProfile(client: IntakeClient, refId: string): Promise<void> {
  const created = await client.submitProfile({
    refId,
    wallet: `0x${refId
      .split("")
      .reduce((hex, c) => hex + c.charCodeAt(0).toString(16), "")
      .padEnd(40, "0")
      .slice(0, 40)}`,
    identity: { givenName: "Ana", familyName: "Pereira", dob: "1990-04-01", nationality: "PT" },
    documents: [{ type: "passport", number: `P${refId.length}123`, country: "PT" }],
    ipCountry: "PT",
  });
  expect(created.statusCode).toBe(201);
  const certified = await client.submitCertificates(refId, consider("SELFIE_QUALITY"));
  expect(certified).toMatchObject({ statusCode: 200, body: { data: { status: "waiting" } } });
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, string>;
      deliveries.push({ event: body.event!, refId: body.refId!, status: body.status! });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  stack = await startLocalStack({
    ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0 },
    log: silentLog,
    handlerLogLevel: "ERROR",
    topology,
  });
  documents = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
  const tableName = stack.resources.tables.main!;
  services = new DynamoDbServiceRepository(documents, tableName);
  profiles = new DynamoDbProfileRepository(documents, tableName);
  outbox = new DynamoDbOutboxStore(documents, tableName);
  await services.put(aService({ clientId: "shop", plan: "payg", webhookUrl: receiverUrl }));
  await services.put(aService({ clientId: "vault", plan: "managed" }));
  await services.put(aService({ clientId: "mover", plan: "self-managed" }));

  intake = new IntakeClient(stack.stackInfo.apiUrl, (await keyFor("shop", "intake")).apiKey, "shop");
  const first = await keyFor("shop", "review");
  reviewKeyId = first.keyId;
  reviewer = new ReviewClient(stack.stackInfo.apiUrl, first.apiKey, "shop");
  secondReviewer = new ReviewClient(stack.stackInfo.apiUrl, (await keyFor("shop", "review")).apiKey, "shop");
  for (const refId of ["buyer-1", "buyer-2", "buyer-3"]) await waitingProfile(intake, refId);
  // The bots have had their turn once the review queue is empty: CONSIDER on payg stays waiting.
  const sqs = new SQSClient(localClientConfig(stack.stackInfo.sqsEndpoint));
  try {
    await waitUntil(
      "the bots to leave the profiles for review",
      async () => {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: stack.resources.queues.review!.url,
            AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
          }),
        );
        return (
          Number(Attributes?.ApproximateNumberOfMessages ?? 1) +
            Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 1) ===
          0
        );
      },
      { timeoutMs: 60_000 },
    );
  } finally {
    sqs.destroy();
  }
}, 240_000);

afterAll(async () => {
  documents?.destroy();
  await stack?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

type ReviewRec = {
  refId: string;
  status: string;
  version: number;
  identities?: { given_name: { value: string } };
  reviewCertificates: { name: string; checks: { code: string }[]; amlHits: { name: string }[] }[];
  documents: { number: string }[];
};
const dataOf = <T>(answer: { body: unknown }) => (answer.body as { data: T }).data;

describe("customer review on a pay-as-you-go service", () => {
  it("lists the profiles left for review with their personal data, checks and AML hits", async () => {
    const page = await reviewer.list({ limit: 2 });
    expect(page.statusCode).toBe(200);
    const { records, total } = dataOf<{ records: ReviewRec[]; total: number }>(page);
    expect(total).toBe(3);
    expect(records.map((record) => record.refId)).toEqual(["buyer-1", "buyer-2"]);
    const [first] = records;
    expect(first).toMatchObject({ status: "waiting", version: 2, reasonCodes: ["CERTIFICATES_COMPLETE"] });
    expect(first!.identities!.given_name.value).toBe("Ana");
    expect(first!.documents[0]!.number).toBe("P7123");
    const selfie = first!.reviewCertificates.find((certificate) => certificate.name === "selfie");
    expect(selfie!.checks).toEqual([{ code: "SELFIE_QUALITY", detail: "dark" }]);
    const aml = first!.reviewCertificates.find((certificate) => certificate.name === "aml");
    expect(aml!.amlHits.map((hit) => hit.name)).toEqual(["Ana Pereyra"]);
    const next = await reviewer.list({ skip: 2, limit: 2 });
    expect(dataOf<{ records: ReviewRec[] }>(next).records.map((record) => record.refId)).toEqual(["buyer-3"]);
  });

  it("opens a profile, rejects it with the user's remediation, audited to the key, with outbox and webhook", async () => {
    const opened = await reviewer.open("buyer-1");
    expect(opened.statusCode).toBe(200);
    const { version } = dataOf<ReviewRec>(opened);
    expect(dataOf<ReviewRec>(opened)).toMatchObject({ status: "inreview", version: 3 });
    // Opening again changes nothing.
    expect(dataOf<ReviewRec>(await reviewer.open("buyer-1")).version).toBe(3);

    const remediation = "Take a new selfie in daylight, facing the camera, and resubmit.";
    const decided = await reviewer.decide("buyer-1", {
      action: "reject",
      reason: "selfie unusable",
      remediation,
      version,
    });
    expect(decided.statusCode).toBe(200);
    expect(dataOf<ReviewRec>(decided)).toMatchObject({
      status: "rejected",
      version: 4,
      reasonCodes: ["CUSTOMER_REJECTED"],
    });

    const audit = await profiles.listAudit("shop", "buyer-1");
    expect(
      audit.slice(-2).map(({ from, to, actor, reasonCodes }) => ({ from, to, actor, reasonCodes })),
    ).toEqual([
      {
        from: "waiting",
        to: "inreview",
        actor: { kind: "customer", id: reviewKeyId },
        reasonCodes: ["CUSTOMER_OPENED"],
      },
      {
        from: "inreview",
        to: "rejected",
        actor: { kind: "customer", id: reviewKeyId },
        reasonCodes: ["CUSTOMER_REJECTED"],
      },
    ]);
    expect(audit.at(-1)!.note).toBe("selfie unusable");
    const notes = (await outbox.listPending("user-notification", null, 100)).items.filter(
      (record) => record.refId === "buyer-1",
    );
    expect(notes).toEqual([expect.objectContaining({ status: "rejected", message: remediation })]);

    // Invoked directly, the relay drains once (the scheduled run also polls every minute).
    const relay = await stack.functions.invoke("webhook-publisher", { action: "drain" });
    expect(relay.status).toBe("ok");
    await waitUntil("the review webhooks to reach the business", async () =>
      ["user.inReview", "review.rejected"].every((event) =>
        deliveries.some((delivery) => delivery.refId === "buyer-1" && delivery.event === event),
      ),
    );
    // The listing no longer holds the decided profile.
    expect(dataOf<{ total: number }>(await reviewer.list()).total).toBe(2);
  });

  it("lets one of two concurrent decisions win; the other gets a 409 naming the change", async () => {
    const { version } = dataOf<ReviewRec>(await reviewer.read("buyer-2"));
    const [a, b] = await Promise.all([
      reviewer.decide("buyer-2", { action: "approve", reason: "checked by Ann", version }),
      secondReviewer.decide("buyer-2", { action: "block", reason: "checked by Bob", version }),
    ]);
    const answers = [a, b].sort((x, y) => x.statusCode - y.statusCode);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 409]);
    expect((answers[1]!.body as { message: string }).message).toMatch(
      /the profile changed since you read it \(version 2; it is now version 3, (approved|blocked)\)/,
    );
    const winner = dataOf<ReviewRec>(answers[0]!).status;
    const audit = await profiles.listAudit("shop", "buyer-2");
    expect(audit.filter((entry) => entry.reasonCodes[0]?.startsWith("CUSTOMER_"))).toHaveLength(1);
    expect((await profiles.get("shop", "buyer-2"))!.status).toBe(winner);
    // A stale version is refused the same way, and nothing is written.
    const stale = await reviewer.decide("buyer-2", { action: "approve", reason: "again", version });
    expect(stale.statusCode).toBe(409);
    expect((await profiles.listAudit("shop", "buyer-2")).length).toBe(audit.length);
  });

  it("refuses bad decisions with a clear 400 and decided profiles with a 409", async () => {
    const { version } = dataOf<ReviewRec>(await reviewer.read("buyer-3"));
    const noRemediation = await reviewer.decide("buyer-3", { action: "reject", reason: "x", version });
    expect(noRemediation.statusCode).toBe(400);
    expect((noRemediation.body as { message: string }).message).toMatch(/remediation/);
    const unknown = await reviewer.decide("buyer-3", { action: "unblock", reason: "x", version });
    expect(unknown.statusCode).toBe(400);
    expect((await reviewer.read("nobody")).statusCode).toBe(404);
    const decided = await reviewer.decide("buyer-1", { action: "approve", reason: "x", version: 4 });
    expect(decided.statusCode).toBe(409);
    expect((decided.body as { message: string }).message).toMatch(/it is rejected/);
  });

  it("keeps review and status keys to their own routes", async () => {
    const statusKey = (await keyFor("shop", "status")).apiKey;
    const asStatus = await fetch(`${stack.stackInfo.apiUrl}/kyc/1.0/connect/shop/review`, {
      headers: { Authorization: statusKey },
    });
    expect(asStatus.status).toBe(403);
    const review = await keyFor("shop", "review");
    const asReview = await fetch(`${stack.stackInfo.apiUrl}/kyc/1.0/connect/shop/refId/buyer-1`, {
      headers: { Authorization: review.apiKey },
    });
    expect(asReview.status).toBe(403);
  });
});

describe("customer review on managed plans", () => {
  it("refuses a review key for a managed service at creation", async () => {
    const refused = await createKey("vault", "review");
    expect(refused).toMatchObject({ status: "error", code: 403 });
    expect(refused.message).toMatch(/operators remediate profiles.*only on payg and self-managed/);
  });

  it("refuses review keys once their service moves to a managed plan, cached or not", async () => {
    const used = await keyFor("mover", "review");
    const unused = await keyFor("mover", "review");
    const usedClient = new ReviewClient(stack.stackInfo.apiUrl, used.apiKey, "mover");
    expect((await usedClient.list()).statusCode).toBe(200);

    const service = await services.get("mover");
    await services.put({ ...service!, plan: "managed" });
    // A key the authorizer has not cached: grantsOf gives it nothing under the new plan.
    const fresh = await new ReviewClient(stack.stackInfo.apiUrl, unused.apiKey, "mover").list();
    expect(fresh.statusCode).toBe(403);
    // A key whose allow is still cached: the review functions read the plan on every request.
    const cached = await usedClient.list();
    expect(cached.statusCode).toBe(403);
    expect((cached.body as { message: string }).message).toMatch(/managed plan has operators remediate/);
  });
});

describe("the demo's customer remediation", () => {
  it("has a pay-as-you-go tenant reject its CONSIDER profile through the review API with a review key", async () => {
    const sqs = new SQSClient(localClientConfig(stack.stackInfo.sqsEndpoint));
    try {
      const result = await runCustomerReviewDemo(stack, {
        runTag: "t1",
        reviewQueueDrained: async () => {
          const { Attributes } = await sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: stack.resources.queues.review!.url,
              AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
            }),
          );
          return (
            Number(Attributes?.ApproximateNumberOfMessages ?? 1) +
              Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 1) ===
            0
          );
        },
      });
      expect(result).toMatchObject({
        clientId: "demo-shop-t1",
        leftAs: "waiting",
        finalStatus: "rejected",
        decidedBy: `customer:${result.reviewKeyId}`,
      });
      expect(result.userMessage).toMatch(/selfie is too dark/);
      expect(formatCustomerReviewSummary(result)).toContain(
        `client id ${result.clientId}, review key ${result.reviewKey}`,
      );
      // The printed key signs the newcomer in to the console as that customer.
      const signIn = await fetch(`${stack.stackInfo.apiUrl}/console/api/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ kind: "customer", clientId: result.clientId, apiKey: result.reviewKey }),
      });
      expect(signIn.status).toBe(200);
      expect(((await signIn.json()) as { data: { me: unknown } }).data.me).toEqual({
        role: "customer",
        name: result.reviewKeyId,
        clientId: result.clientId,
      });
    } finally {
      sqs.destroy();
    }
  });
});
