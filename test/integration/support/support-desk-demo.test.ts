import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { topology } from "../../../infra/topology/manifest.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbTicketStore } from "../../../lambdas/adapters/dynamodb/ticket-store.js";
import {
  formatSupportDeskSummary,
  runSupportDeskDemo,
  type SupportDeskDemoResult,
} from "../../../scripts/demo/support-desk-demo.js";
import { localClientConfig } from "../../../scripts/local/local-aws.js";
import { startLocalStack, type LocalStack } from "../../../scripts/local/local-stack.js";
import { silentLog } from "../../../scripts/local/stack-log.js";

/**
 * The demo's support desk section on the local stack (`npm start` runs it inside the whole demo):
 * a managed-dedicated tenant onboarded through `ops-service`, its users through the intake API and the
 * bots on the review queue, tickets through `ops-support` and the business API, the SLA check through
 * `ops-jobs`, e-mails through the notifier to the local mailbox. The facts it prints are checked
 * against the table.
 */
let stack: LocalStack;
let sqs: SQSClient;
let result: SupportDeskDemoResult;
let printed: string;

const drained = (queueUrl: string) => async () => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 1) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 1) ===
    0
  );
};

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0, smtp: 0 },
    log: silentLog,
    handlerLogLevel: "ERROR",
    topology,
  });
  sqs = new SQSClient(localClientConfig(stack.stackInfo.sqsEndpoint));
  result = await runSupportDeskDemo(stack, {
    runTag: "t1",
    reviewQueueDrained: drained(stack.resources.queues.review!.url),
    notificationQueueDrained: drained(stack.resources.queues.notification!.url),
  });
  printed = formatSupportDeskSummary(result);
}, 240_000);

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

describe("the demo's support desk", () => {
  it("answers a user's e-mailed ticket within its SLA and the user is e-mailed the answer", async () => {
    const { answered } = result;
    expect(answered.refId).toBe("noor-t1");
    expect(Date.parse(answered.respondedAt)).toBeLessThanOrEqual(Date.parse(answered.responseDueAt));
    expect(answered.slaMet).toBe(true);
    expect(answered.email).toMatchObject({
      to: ["noor.haddad@example.com"],
      event: "ticket-answered",
      subject: expect.stringContaining(answered.ticketId),
    });
    expect(answered.email!.text).toMatch(/Hello Noor,[\s\S]*your verification is approved/);
    expect(answered.email!.text).not.toMatch(/Haddad/);
    const documents = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
    try {
      const stored = await new DynamoDbTicketStore(documents, stack.resources.tables.main!).get(
        result.clientId,
        answered.ticketId,
      );
      expect(stored).toMatchObject({
        requester: "user",
        channel: "email",
        tier: "dedicated",
        state: "answered",
        responseDueAt: answered.responseDueAt,
        respondedAt: answered.respondedAt,
      });
    } finally {
      documents.destroy();
    }
    expect(printed).toContain(
      `Ticket answered within SLA: ${answered.ticketId} (user noor-t1, e-mail entered by an operator)`,
    );
    expect(printed).toContain(`due ${answered.responseDueAt}, answered ${answered.respondedAt}: SLA met`);
    expect(printed).toContain(`--- ticket-answered e-mail to noor.haddad@example.com ---`);
  });

  it("reports the unanswered business ticket as breached when the SLA check runs after its due time", async () => {
    const { breach } = result;
    expect(Date.parse(breach.checkedAt)).toBeGreaterThan(Date.parse(breach.responseDueAt));
    expect(breach).toMatchObject({ breached: 1, newlyBreached: 1, reported: true });
    const documents = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
    try {
      const stored = await new DynamoDbTicketStore(documents, stack.resources.tables.main!).get(
        result.clientId,
        breach.ticketId,
      );
      expect(stored).toMatchObject({
        requester: "business",
        channel: "api",
        state: "open",
        breachedAt: breach.checkedAt,
      });
    } finally {
      documents.destroy();
    }
    expect(printed).toContain(`SLA breach: ${breach.ticketId}`);
    expect(printed).toContain(
      `job run sla-check --now ${breach.checkedAt}: 1 breached, 1 newly breached; ${breach.ticketId} reported as breached`,
    );
  });

  it("unblocks the EDD false positive through the audited operator path", async () => {
    const { edd } = result;
    expect(edd).toMatchObject({
      refId: "ana-t1",
      statusBefore: "blocked",
      blockReasons: ["AML_MATCH"],
      evidence: { statusCode: 200, status: "blocked" },
      evidenceNote: "New evidence received through intake: proof-of-address.",
      statusAfter: "approved",
      unblockReasons: ["OPERATOR_UNBLOCKED_FALSE_POSITIVE"],
      unblockedBy: "operator:local-demo",
      ticketState: "closed",
    });
    const documents = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
    try {
      const tableName = stack.resources.tables.main!;
      const profile = await new DynamoDbProfileRepository(documents, tableName).get(
        result.clientId,
        "ana-t1",
      );
      expect(profile).toMatchObject({ status: "approved" });
      expect(profile!.certificates.map((certificate) => certificate.name)).toContain("proof-of-address");
      const ticket = await new DynamoDbTicketStore(documents, tableName).get(result.clientId, edd.ticketId);
      expect(ticket).toMatchObject({ category: "aml-remediation", refId: "ana-t1", state: "closed" });
    } finally {
      documents.destroy();
    }
    expect(printed).toContain(`EDD (enhanced due diligence): ana-t1 blocked by the bots (AML_MATCH`);
    expect(printed).toContain(`aml-remediation ticket ${edd.ticketId} opened`);
    expect(printed).toContain(
      "ticket edd-decide --decision false-positive: blocked -> approved (OPERATOR_UNBLOCKED_FALSE_POSITIVE by operator:local-demo), ticket closed",
    );
  });
});
