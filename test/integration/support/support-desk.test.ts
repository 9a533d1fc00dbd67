import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyResult, Context } from "aws-lambda";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbOutboxStore } from "../../../lambdas/adapters/dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import {
  DynamoDbHolidayCalendar,
  DynamoDbTicketStore,
} from "../../../lambdas/adapters/dynamodb/ticket-store.js";
import { RandomTicketIds } from "../../../lambdas/adapters/system/random-ticket-ids.js";
import type { Clock } from "../../../lambdas/domain/ports.js";
import type { Plan } from "../../../lambdas/domain/service.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import { EddEvidenceIntake } from "../../../lambdas/domain/support/edd-evidence.js";
import { openEddTicketIfDue, type SupportDeps } from "../../../lambdas/domain/support/support-desk.js";
import { PLAN_SUPPORT, TICKET_CATEGORIES } from "../../../lambdas/domain/support/support-plans.js";
import type { Ticket } from "../../../lambdas/domain/support/ticket.js";
import { createOpsSupport, opsSupportDepsFromEnv } from "../../../lambdas/handlers/ops-support.js";
import { createSupportSlaCheck } from "../../../lambdas/handlers/support-sla-check.js";
import { createSupportTickets } from "../../../lambdas/handlers/support-tickets.js";
import type { OpsResponse } from "../../../lambdas/shared/ops-response.js";
import { aProfile, aSeedAudit, aService, clearCertificates } from "../../support/domain-builders.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import { lambdaContext, restApiEvent } from "../../support/lambda-events.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";

const OPERATOR = "arn:aws:iam::123456789012:user/alice";
const BUCKET = "support-test-archive";
const PLANS: Record<Plan, string> = {
  payg: "shop",
  "self-managed": "corp",
  managed: "acme",
  "managed-dedicated": "vip",
};

/** A clock the test moves. */
class TestClock implements Clock {
  constructor(public at: string) {}
  now(): string {
    return this.at;
  }
}

let local: LocalServices;
let restoreEnv: () => void;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let tickets: DynamoDbTicketStore;
let outbox: DynamoDbOutboxStore;
let support: SupportDeps;
const clock = new TestClock("2026-01-05T03:00:00.000Z");
let ops: ReturnType<typeof createOpsSupport>;
let api: ReturnType<typeof createSupportTickets>;
let slaCheck: ReturnType<typeof createSupportSlaCheck>;

beforeAll(async () => {
  local = await startLocalServices("support-test");
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: local.sqs.endpoint, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3.destroy();
  restoreEnv = local.applyEnv();
  process.env.ARCHIVE_BUCKET = BUCKET;
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  tickets = new DynamoDbTicketStore(documents, local.tableName);
  outbox = new DynamoDbOutboxStore(documents, local.tableName);
  support = {
    services,
    tickets,
    holidays: new DynamoDbHolidayCalendar(documents, local.tableName),
    ids: new RandomTicketIds(),
    clock,
  };
  for (const [plan, clientId] of Object.entries(PLANS)) {
    await services.put(
      aService({ clientId, plan: plan as Plan, onchainServiceId: plan.startsWith("managed") ? "1" : null }),
    );
  }
  const fromEnv = opsSupportDepsFromEnv();
  ops = createOpsSupport(() => ({ ...fromEnv, support }));
  api = createSupportTickets(() => support);
  slaCheck = createSupportSlaCheck(() => support);
});

afterAll(async () => {
  documents?.destroy();
  restoreEnv?.();
  delete process.env.ARCHIVE_BUCKET;
  await local?.stop();
});

async function op(request: Record<string, unknown>): Promise<unknown> {
  const answer: OpsResponse = await ops({ operator: OPERATOR, ...request });
  if (answer.status !== "success") throw new Error(`ops-support refused: ${answer.code} ${answer.message}`);
  return answer.data;
}

async function call(
  clientId: string,
  method: "GET" | "POST",
  resource: string,
  parameters: Record<string, string> = {},
  body?: unknown,
): Promise<{ statusCode: number; body: { status: string; data: never; message?: string } }> {
  const event = restApiEvent({
    method,
    resource: `/kyc/1.0/connect/{clientId}/support/tickets${resource}`,
    pathParameters: { clientId, ...parameters },
    body,
    authorizer: { clientId, scope: "status", principalId: `key-${clientId}` },
  });
  const result = (await api(
    event as never,
    lambdaContext("support-tickets") as Context,
  )) as APIGatewayProxyResult;
  return { statusCode: result.statusCode, body: JSON.parse(result.body) as never };
}

async function seedProfile(clientId: string, refId: string, overrides: Partial<Profile>): Promise<Profile> {
  const profile = aProfile({ clientId, refId, certificates: clearCertificates(), version: 3, ...overrides });
  await profiles.createIfAbsent({
    profile,
    audit: aSeedAudit(profile),
    index: [],
  });
  return profile;
}

describe("who may ask what: each plan's matrix on the business API", () => {
  for (const [plan, clientId] of Object.entries(PLANS) as [Plan, string][]) {
    it(`${plan}: admits exactly the business categories of the plan, refuses the rest with what the plan offers`, async () => {
      const offered = PLAN_SUPPORT[plan].business.categories;
      for (const category of TICKET_CATEGORIES) {
        const refId = category === "data-deletion" ? "user-x" : undefined;
        const { statusCode, body } = await call(
          clientId,
          "POST",
          "",
          {},
          {
            category,
            subject: `About ${category}`,
            message: "Please help.",
            ...(refId === undefined ? {} : { refId }),
          },
        );
        expect(statusCode).toBe(201);
        const ticket = body.data as {
          state: string;
          outcome: string | null;
          messages: { type: string; text: string }[];
        };
        if ((offered as readonly string[]).includes(category)) {
          expect(ticket).toMatchObject({ state: "open", outcome: null });
        } else {
          expect(ticket).toMatchObject({ state: "closed", outcome: "refused" });
          const refusal = ticket.messages.find((m) => m.type === "refused")?.text ?? "";
          expect(refusal).toMatch(/is not part of the support plan/);
          expect(refusal).toContain("technical issues");
        }
      }
    });
  }

  it("a user's channel outside the plan is refused (Telegram on pay-as-you-go) and the user is told", async () => {
    const data = (await op({
      action: "open",
      clientId: "shop",
      requester: "user",
      refId: "u-telegram",
      category: "technical",
      channel: "telegram",
      subject: "Camera",
      message: "My camera does not start",
    })) as { ticket: Ticket };
    expect(data.ticket).toMatchObject({ state: "closed", outcome: "refused" });
    const pending = await outbox.listPending("support-notification", null, 100);
    const told = pending.items.find((r) => "ticketId" in r && r.ticketId === data.ticket.ticketId);
    expect(told).toMatchObject({ event: "ticket-closed", refId: "u-telegram" });
    expect((told as { message: string }).message).toMatch(/telegram channel is not part of the support plan/);
  });

  it("a pay-as-you-go user's KYC status question is refused and pointed to the business", async () => {
    const data = (await op({
      action: "open",
      clientId: "shop",
      refId: "u-status",
      category: "kyc-status",
      channel: "email",
      subject: "Why rejected?",
      message: "Why was I rejected?",
    })) as { ticket: Ticket };
    expect(data.ticket.outcome).toBe("refused");
    expect(data.ticket.events.at(-1)?.text).toMatch(/contact the business you are verifying with/);
  });

  it("bad input is a clear 400", async () => {
    const { statusCode, body } = await call(
      "acme",
      "POST",
      "",
      {},
      { category: "gossip", subject: "x", message: "y" },
    );
    expect(statusCode).toBe(400);
    expect(body.message).toMatch(/category/);
  });
});

describe("SLA clock, breach check and reopen", () => {
  it("a dedicated ticket opened Friday 16:00 GMT+7 is due Monday 10:00; the check raises at-risk, then a breach", async () => {
    clock.at = "2026-01-09T09:00:00.000Z"; // Friday 16:00 at GMT+7
    const { ticket } = (await op({
      action: "open",
      clientId: "vip",
      refId: "u-late",
      category: "technical",
      channel: "dedicated-email",
      subject: "Wallet",
      message: "Cannot connect my wallet",
    })) as { ticket: Ticket };
    expect(ticket.responseDueAt).toBe("2026-01-12T03:00:00.000Z");

    const before = (await slaCheck({ now: "2026-01-12T02:30:00.000Z" })) as {
      data: { atRiskTickets: { ticketId: string }[] };
    };
    expect(before.data.atRiskTickets.map((t) => t.ticketId)).toContain(ticket.ticketId);
    const after = (await slaCheck({ now: "2026-01-12T03:01:00.000Z" })) as {
      data: { breached: number; newlyBreached: number; breachedTickets: { ticketId: string }[] };
    };
    expect(after.data.breachedTickets.map((t) => t.ticketId)).toContain(ticket.ticketId);
    expect(after.data.newlyBreached).toBeGreaterThanOrEqual(1);
    const stored = await tickets.get("vip", ticket.ticketId);
    expect(stored?.breachedAt).toBe("2026-01-12T03:01:00.000Z");
    // Recorded once: a second run sees it breached but records nothing new for it.
    const again = (await slaCheck({ now: "2026-01-12T03:05:00.000Z" })) as {
      data: { newlyBreached: number };
    };
    expect(again.data.newlyBreached).toBe(0);
  });

  it("an answer within the SLA stops the clock; reopening restarts it from the reopening", async () => {
    clock.at = "2026-01-13T02:00:00.000Z"; // Tuesday 09:00
    const { ticket } = (await op({
      action: "open",
      clientId: "acme",
      refId: "u-quick",
      category: "kyc-status",
      channel: "email",
      subject: "Status",
      message: "Am I verified?",
    })) as { ticket: Ticket };
    // Managed plan, user side: 24 working hours.
    expect(ticket.responseDueAt).toBe("2026-01-15T08:00:00.000Z");
    clock.at = "2026-01-13T03:00:00.000Z";
    const answered = (await op({
      action: "reply",
      clientId: "acme",
      ticketId: ticket.ticketId,
      message: "You are approved.",
    })) as {
      ticket: Ticket;
    };
    expect(answered.ticket).toMatchObject({ state: "answered", respondedAt: "2026-01-13T03:00:00.000Z" });
    const check = (await slaCheck({ now: "2026-01-20T00:00:00.000Z" })) as {
      data: { breachedTickets: { ticketId: string }[] };
    };
    expect(check.data.breachedTickets.map((t) => t.ticketId)).not.toContain(ticket.ticketId);

    clock.at = "2026-01-16T10:00:00.000Z"; // Friday 17:00
    const reopened = (await op({
      action: "reopen",
      clientId: "acme",
      ticketId: ticket.ticketId,
      reason: "Still not sure",
    })) as {
      ticket: Ticket;
    };
    expect(reopened.ticket).toMatchObject({
      state: "open",
      respondedAt: null,
      clockStartedAt: "2026-01-16T10:00:00.000Z",
    });
    // Friday 17–18, Monday, Tuesday, then five hours of Wednesday: 24 working hours.
    expect(reopened.ticket.responseDueAt).toBe("2026-01-21T07:00:00.000Z");
    expect(reopened.ticket.firstResponseAt).toBe("2026-01-13T03:00:00.000Z");
  });

  it("an operator-edited holiday moves the due time", async () => {
    await op({ action: "holiday-add", date: "2026-02-16", name: "Lunar New Year" });
    clock.at = "2026-02-13T09:00:00.000Z"; // Friday 16:00
    const { ticket } = (await op({
      action: "open",
      clientId: "vip",
      category: "technical",
      channel: "telegram",
      subject: "Dashboard",
      message: "The dashboard is slow",
    })) as { ticket: Ticket };
    expect(ticket.responseDueAt).toBe("2026-02-17T03:00:00.000Z");
    expect(
      ((await op({ action: "holidays-list" })) as { holidays: { date: string }[] }).holidays.map(
        (h) => h.date,
      ),
    ).toContain("2026-02-16");
    expect(await op({ action: "holiday-remove", date: "2026-02-16" })).toMatchObject({ removed: true });
  });
});

describe("on-chain (managed) privacy: the business sees the user by refId only", () => {
  it("withholds the user's conversation and subject; a payg business's own ticket is shown in full", async () => {
    clock.at = "2026-01-13T04:00:00.000Z";
    const { ticket } = (await op({
      action: "open",
      clientId: "acme",
      refId: "u-private",
      category: "kyc-status",
      channel: "email",
      subject: "Ana Pereira, passport CA123456",
      message: "Hello, I am Ana Pereira, born 1990-04-01, my email is ana@example.com",
    })) as { ticket: Ticket };
    await op({
      action: "reply",
      clientId: "acme",
      ticketId: ticket.ticketId,
      message: "Dear Ana Pereira, your passport CA123456 expired.",
    });
    const one = await call("acme", "GET", "/{ticketId}", { ticketId: ticket.ticketId });
    const list = await call("acme", "GET", "");
    for (const response of [one, list]) {
      expect(response.statusCode).toBe(200);
      const text = JSON.stringify(response.body);
      for (const personal of ["Ana", "Pereira", "CA123456", "1990-04-01", "ana@example.com", OPERATOR]) {
        expect(text).not.toContain(personal);
      }
    }
    expect(one.body.data).toMatchObject({ refId: "u-private", withheldMessages: 2 });

    const own = await call(
      "shop",
      "POST",
      "",
      {},
      { category: "technical", subject: "Webhooks", message: "Our webhook endpoint gets 401" },
    );
    const read = await call("shop", "GET", "/{ticketId}", {
      ticketId: (own.body.data as { ticketId: string }).ticketId,
    });
    expect(JSON.stringify(read.body)).toContain("Our webhook endpoint gets 401");
  });

  it("a business cannot read another business's ticket", async () => {
    const own = await call(
      "shop",
      "POST",
      "",
      {},
      { category: "technical", subject: "Mine", message: "Private" },
    );
    const other = await call("acme", "GET", "/{ticketId}", {
      ticketId: (own.body.data as { ticketId: string }).ticketId,
    });
    expect(other.statusCode).toBe(404);
  });
});

describe("data deletion tickets", () => {
  it("an operator's confirmation runs the erasure (on-chain revoke included) and closes the ticket with the result", async () => {
    await seedProfile("acme", "u-erase", { status: "approved", approvedDate: "2026-01-02T00:00:00.000Z" });
    clock.at = "2026-01-14T04:00:00.000Z";
    const { ticket } = (await op({
      action: "open",
      clientId: "acme",
      refId: "u-erase",
      category: "data-deletion",
      channel: "email",
      subject: "Delete my data",
      message: "Please delete my data",
    })) as { ticket: Ticket };
    const result = (await op({
      action: "confirm-deletion",
      clientId: "acme",
      ticketId: ticket.ticketId,
    })) as {
      ticket: Ticket;
      outcome: string;
      revoked: boolean;
    };
    expect(result).toMatchObject({
      outcome: "erased",
      revoked: true,
      ticket: { state: "closed", outcome: "erased" },
    });
    expect((await profiles.get("acme", "u-erase"))?.deleted).toBe(true);
    const again = await ops({
      operator: OPERATOR,
      action: "confirm-deletion",
      clientId: "acme",
      ticketId: ticket.ticketId,
    });
    expect(again).toMatchObject({ status: "error", code: 409 });
  });
});

describe("EDD (dedicated operator plan)", () => {
  const pepHit = { name: "Ana Pereira", dob: "1971", country: "PT", categories: ["PEP"] };
  const blocked = (refId: string, clientId: string, categories: string[]) =>
    seedProfile(clientId, refId, {
      status: "blocked",
      blockedDate: "2026-01-15T03:00:00.000Z",
      statusReasonCodes: ["AML_MATCH"],
      certificates: [
        ...clearCertificates().filter((c) => c.name !== "aml"),
        {
          name: "aml",
          status: "CONSIDER",
          checks: [{ code: "AML_POTENTIAL_MATCH" }],
          aml: { hits: [{ ...pepHit, categories }] },
        },
      ],
    });

  it("opens an aml-remediation ticket and invites the user; evidence arrives through intake; a false positive is unblocked through the audited path", async () => {
    const profile = await blocked("u-pep", "vip", ["PEP"]);
    const service = aService({ clientId: "vip", plan: "managed-dedicated", onchainServiceId: "1" });
    const ticket = await openEddTicketIfDue(support, service, profile);
    expect(ticket).toMatchObject({
      category: "aml-remediation",
      requester: "user",
      refId: "u-pep",
      state: "open",
    });
    // Idempotent: the same block opens nothing new.
    expect(await openEddTicketIfDue(support, service, profile)).toBeNull();
    const invitation = (await outbox.listPending("support-notification", null, 100)).items.find(
      (r) => "ticketId" in r && r.ticketId === ticket?.ticketId,
    );
    expect(invitation).toMatchObject({ event: "edd-invitation", refId: "u-pep" });

    const intake = new EddEvidenceIntake({ tickets, profiles, clock });
    const withEvidence = await intake.receive(
      profile,
      [{ name: "proof-of-address", status: "CLEAR", checks: [] }],
      "idp-1",
    );
    expect(withEvidence).toMatchObject({ status: "blocked" });
    const shown = (await op({ action: "show", clientId: "vip", ticketId: ticket?.ticketId })) as {
      ticket: Ticket;
    };
    expect(shown.ticket.events.at(-1)?.text).toMatch(
      /New evidence received through intake: proof-of-address/,
    );

    const decided = (await op({
      action: "edd-decide",
      clientId: "vip",
      ticketId: ticket?.ticketId,
      decision: "false-positive",
      reason: "Birth year and place differ from the listed PEP",
    })) as { ticket: Ticket; unblocked: boolean };
    expect(decided).toMatchObject({ unblocked: true, ticket: { state: "closed" } });
    expect((await profiles.get("vip", "u-pep"))?.status).toBe("approved");
    expect((await profiles.listAudit("vip", "u-pep")).at(-1)).toMatchObject({
      to: "approved",
      reasonCodes: ["OPERATOR_UNBLOCKED_FALSE_POSITIVE"],
      actor: { kind: "operator", id: OPERATOR },
    });
  });

  it("no EDD for a sanctions-only match, nor on the managed plan", async () => {
    const sanctions = await blocked("u-sanctions", "vip", ["SANCTIONS"]);
    expect(
      await openEddTicketIfDue(support, aService({ clientId: "vip", plan: "managed-dedicated" }), sanctions),
    ).toBeNull();
    const managed = await blocked("u-managed", "acme", ["PEP"]);
    expect(
      await openEddTicketIfDue(support, aService({ clientId: "acme", plan: "managed" }), managed),
    ).toBeNull();
  });

  it("without an open EDD ticket, certificates for a blocked profile are not taken", async () => {
    const profile = await blocked("u-noedd", "vip", ["PEP"]);
    const intake = new EddEvidenceIntake({ tickets, profiles, clock });
    expect(
      await intake.receive(profile, [{ name: "selfie", status: "CLEAR", checks: [] }], "idp-1"),
    ).toBeNull();
  });
});
