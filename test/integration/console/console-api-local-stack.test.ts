import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { topology } from "../../../infra/topology/manifest.js";
import { HmacIdentifierHasher } from "../../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import { reportWeekBefore } from "../../../lambdas/domain/reports/report-week.js";
import { indexChangeFor } from "../../../lambdas/domain/use-cases/index-change.js";
import { createDemoKey } from "../../../scripts/demo/demo-tenant.js";
import { localClientConfig } from "../../../scripts/local/local-aws.js";
import { LOCAL_CONSOLE_OPERATOR } from "../../../scripts/local/console-operator.js";
import { startLocalStack, type LocalStack } from "../../../scripts/local/local-stack.js";
import { silentLog } from "../../../scripts/local/stack-log.js";
import { aProfile, aSeedAudit, aService, clearCertificates } from "../../support/domain-builders.js";

/**
 * The console API over HTTP on the local stack: sign-in (local operator, customer review key), the
 * session cookie and its CSRF token through the console authorizer, plan gating for operators, a
 * customer held to its own service, and sign-out.
 */
let stack: LocalStack;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;

const T0 = "2026-12-01T08:00:00.000Z";

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes; the assertions check it
  body: { status: string; data?: any; code?: number; message?: string };
  setCookie: string | null;
}

/** A browser-like client: keeps the session cookie, sends the CSRF token it was given on changes. */
class ConsoleSession {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(private readonly base: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.cookie !== null) headers.Cookie = this.cookie;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && options.csrf !== false && this.csrfToken !== null)
      headers["X-CSRF-Token"] = this.csrfToken;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie !== null) {
      const pair = setCookie.split(";")[0]!;
      this.cookie = pair.endsWith("=deleted") ? null : pair;
    }
    const text = await response.text();
    return { status: response.status, body: text === "" ? { status: "" } : JSON.parse(text), setCookie };
  }

  async signIn(credentials: Record<string, string>): Promise<Answer> {
    const answer = await this.request("POST", "/console/api/session", credentials);
    if (answer.status === 200) this.csrfToken = answer.body.data.csrfToken as string;
    return answer;
  }
}

/** A new API key of the service, made by the operator function as the CLI makes it. */
async function keyFor(clientId: string, scope: string): Promise<string> {
  return (await createDemoKey(stack.stackInfo.lambdaEndpoint, clientId, scope)).apiKey;
}

async function seed(overrides: Partial<Profile> & { clientId: string; refId: string }): Promise<void> {
  const profile = aProfile({ certificates: clearCertificates(), waitingDate: T0, ...overrides });
  const hasher = HmacIdentifierHasher.fromSecret(process.env.IDENTIFIER_PEPPER);
  await profiles.createIfAbsent({
    profile,
    audit: aSeedAudit(profile, T0),
    index: indexChangeFor(null, profile, hasher).put,
  });
}

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0, smtp: 0 },
    log: silentLog,
    handlerLogLevel: "ERROR",
    topology,
  });
  documents = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
  const tableName = stack.resources.tables.main!;
  const services = new DynamoDbServiceRepository(documents, tableName);
  profiles = new DynamoDbProfileRepository(documents, tableName);
  await services.put(aService({ clientId: "vault", plan: "managed" }));
  await services.put(aService({ clientId: "shop", plan: "payg" }));
  await services.put(aService({ clientId: "desk", plan: "managed-dedicated" }));
  // Three approvals last week: the whole population of the QA sample (at most five: all of them).
  const lastWeek = reportWeekBefore(new Date().toISOString());
  const approvedAt = new Date(Date.parse(lastWeek.start) + 86_400_000).toISOString();
  for (const n of [1, 2, 3]) {
    await seed({
      clientId: "desk",
      refId: `d-${n}`,
      status: "approved",
      approvedDate: approvedAt,
      lastStatusChangeAt: approvedAt,
      wallet: `0x00000000000000000000000000000000000000d${n}`,
      documents: [{ type: "passport", number: `D${n}-000`, country: "PT" }],
    });
  }
  await services.put(aService({ clientId: "other-shop", plan: "payg" }));
  await seed({
    clientId: "vault",
    refId: "v-1",
    status: "waiting",
    wallet: "0x00000000000000000000000000000000000000a1",
  });
  await seed({
    clientId: "vault",
    refId: "v-2",
    status: "waiting",
    wallet: "0x00000000000000000000000000000000000000a2",
    documents: [{ type: "passport", number: "V2-222", country: "PT" }],
  });
  await seed({
    clientId: "shop",
    refId: "s-1",
    status: "waiting",
    wallet: "0x00000000000000000000000000000000000000b1",
  });
}, 240_000);

afterAll(async () => {
  documents?.destroy();
  await stack?.stop();
});

describe("console sign-in and session", () => {
  it("serves the app's address in the stack info and refuses the API without a session (401)", async () => {
    expect(stack.stackInfo.consoleUrl).toBe(`${stack.stackInfo.apiUrl}/console/`);
    const anonymous = new ConsoleSession(stack.stackInfo.apiUrl);
    expect((await anonymous.request("GET", "/console/api/me")).status).toBe(401);
    const config = await anonymous.request("GET", "/console/api/config");
    expect(config.body.data).toEqual({ signIn: { operator: "password" }, customer: "api-key" });
  });

  it("refuses a wrong password with 401 and signs the operator in with an HttpOnly, SameSite=Strict cookie", async () => {
    const session = new ConsoleSession(stack.stackInfo.apiUrl);
    const wrong = await session.signIn({
      kind: "operator",
      username: LOCAL_CONSOLE_OPERATOR.username,
      password: "nope",
    });
    expect(wrong).toMatchObject({ status: 401, body: { message: "wrong user name or password" } });
    const unknown = await session.signIn({ kind: "operator", username: "nobody", password: "nope" });
    expect(unknown.status).toBe(401);

    const signedIn = await session.signIn({ kind: "operator", ...LOCAL_CONSOLE_OPERATOR });
    expect(signedIn.status).toBe(200);
    expect(signedIn.setCookie).toMatch(
      /^kyc_console_session=[A-Za-z0-9_-]{43}; Path=\/console; Max-Age=28800; HttpOnly; SameSite=Strict$/,
    );
    const me = await session.request("GET", "/console/api/me");
    expect(me.body.data).toEqual({
      me: { role: "operator", name: LOCAL_CONSOLE_OPERATOR.username, clientId: null },
      csrfToken: session.csrfToken,
    });
  });

  it("lists every service to an operator, marks the plans operators cannot work, and refuses them (403)", async () => {
    const session = new ConsoleSession(stack.stackInfo.apiUrl);
    await session.signIn({ kind: "operator", ...LOCAL_CONSOLE_OPERATOR });
    const listed = await session.request("GET", "/console/api/services");
    const byId = Object.fromEntries(
      (listed.body.data.services as { clientId: string; operatorAccess: boolean }[]).map((s) => [
        s.clientId,
        s,
      ]),
    );
    expect(byId.vault).toMatchObject({ plan: "managed", operatorAccess: true, reviewAccess: false });
    expect(byId.shop).toMatchObject({ plan: "payg", operatorAccess: false, reviewAccess: true });
    const payg = await session.request("GET", "/console/api/services/shop/profiles/s-1");
    expect(payg.status).toBe(403);
    expect(payg.body.message).toMatch(/payg/);
  });

  it("acts only with the session's CSRF token (403 without it) and audits the operator's name", async () => {
    const session = new ConsoleSession(stack.stackInfo.apiUrl);
    await session.signIn({ kind: "operator", ...LOCAL_CONSOLE_OPERATOR });
    const shown = await session.request("GET", "/console/api/services/vault/profiles/v-1");
    expect(shown.status).toBe(200);
    const body = {
      action: "approve",
      reason: "documents checked by hand",
      version: shown.body.data.profile.version ?? 1,
    };
    const forged = await session.request("POST", "/console/api/services/vault/profiles/v-1/actions", body, {
      csrf: false,
    });
    expect(forged.status).toBe(403);
    expect((await profiles.get("vault", "v-1"))?.status).toBe("waiting");

    const approved = await session.request("POST", "/console/api/services/vault/profiles/v-1/actions", body);
    expect(approved.status).toBe(200);
    expect((await profiles.get("vault", "v-1"))?.status).toBe("approved");
    const audit = await profiles.listAudit("vault", "v-1");
    expect(audit.at(-1)).toMatchObject({
      to: "approved",
      actor: { kind: "operator", id: LOCAL_CONSOLE_OPERATOR.username },
      note: "documents checked by hand",
    });
  });

  it("signs out: the cookie is cleared and the session no longer works", async () => {
    const session = new ConsoleSession(stack.stackInfo.apiUrl);
    await session.signIn({ kind: "operator", ...LOCAL_CONSOLE_OPERATOR });
    const kept = session.cookie;
    const out = await session.request("DELETE", "/console/api/session");
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/Max-Age=0/);
    const replay = new ConsoleSession(stack.stackInfo.apiUrl);
    replay.cookie = kept;
    expect((await replay.request("GET", "/console/api/me")).status).toBe(401);
  });
});

describe("the operator's queue", () => {
  it("lists waiting profiles with counts and the review SLA, opens one, and names who won a race (409)", async () => {
    const first = new ConsoleSession(stack.stackInfo.apiUrl);
    const second = new ConsoleSession(stack.stackInfo.apiUrl);
    await first.signIn({ kind: "operator", ...LOCAL_CONSOLE_OPERATOR });
    await second.signIn({ kind: "operator", ...LOCAL_CONSOLE_OPERATOR });
    const queue = await first.request("GET", "/console/api/services/vault/queue?status=waiting");
    expect(queue.status).toBe(200);
    expect(queue.body.data.counts.waiting).toBeGreaterThanOrEqual(1);
    const row = (queue.body.data.records as { refId: string; sla: { standing: string } | null }[]).find(
      (record) => record.refId === "v-2",
    );
    expect(row?.sla?.standing).toMatch(/^(on-time|at-risk|breached)$/);

    const opened = await first.request("POST", "/console/api/services/vault/profiles/v-2/open");
    expect(opened.body.data).toMatchObject({ changed: true, profile: { status: "inreview" } });
    const version = opened.body.data.profile.version as number;
    const decide = (session: ConsoleSession, action: string) =>
      session.request("POST", "/console/api/services/vault/profiles/v-2/actions", {
        action,
        reason: `${action} after checking the passport`,
        ...(action === "reject" ? { remediation: "Upload the photo page of your passport." } : {}),
        version,
      });
    const [a, b] = await Promise.all([decide(first, "approve"), decide(second, "reject")]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.message).toMatch(/changed by operator:operator@kyc-attest\.localhost/);
  });
});

describe("the customer reviewer", () => {
  it("signs in with a review key only, and sees its own service alone", async () => {
    const session = new ConsoleSession(stack.stackInfo.apiUrl);
    const statusKey = await session.signIn({
      kind: "customer",
      clientId: "shop",
      apiKey: await keyFor("shop", "status"),
    });
    expect(statusKey.status).toBe(403);
    const otherService = await session.signIn({
      kind: "customer",
      clientId: "shop",
      apiKey: await keyFor("other-shop", "review"),
    });
    expect(otherService).toMatchObject({
      status: 403,
      body: { message: "that API key belongs to another service" },
    });

    const signedIn = await session.signIn({
      kind: "customer",
      clientId: "shop",
      apiKey: await keyFor("shop", "review"),
    });
    expect(signedIn.body.data.me).toMatchObject({ role: "customer", clientId: "shop" });
    const listed = await session.request("GET", "/console/api/services");
    expect(listed.body.data.services.map((s: { clientId: string }) => s.clientId)).toEqual(["shop"]);
    for (const path of [
      "/console/api/services/other-shop/queue",
      "/console/api/services/vault/profiles/v-1",
      "/console/api/chain",
      "/console/api/support/tickets?clientId=shop",
    ]) {
      expect({ path, status: (await session.request("GET", path)).status }).toEqual({ path, status: 403 });
    }
  });

  it("works its queue: opens a waiting profile (inreview) and rejects it with the remediation text", async () => {
    const session = new ConsoleSession(stack.stackInfo.apiUrl);
    await session.signIn({ kind: "customer", clientId: "shop", apiKey: await keyFor("shop", "review") });
    const queue = await session.request("GET", "/console/api/services/shop/queue?status=waiting");
    expect(queue.status).toBe(200);
    expect(queue.body.data.counts).toMatchObject({ waiting: 1, inreview: 0 });
    expect(queue.body.data.records).toEqual([
      expect.objectContaining({ refId: "s-1", status: "waiting", sla: null }),
    ]);

    const opened = await session.request("POST", "/console/api/services/shop/profiles/s-1/open");
    expect(opened.body.data).toMatchObject({ changed: true, profile: { status: "inreview" } });
    const operatorOnly = await session.request("POST", "/console/api/services/shop/profiles/s-1/actions", {
      action: "erase",
      reason: "asked",
      version: opened.body.data.profile.version,
    });
    expect(operatorOnly.status).toBe(403);
    const rejected = await session.request("POST", "/console/api/services/shop/profiles/s-1/actions", {
      action: "reject",
      reason: "selfie too dark",
      remediation: "Take a new selfie in daylight and resubmit.",
      version: opened.body.data.profile.version,
    });
    expect(rejected.status).toBe(200);
    const audit = await profiles.listAudit("shop", "s-1");
    expect(audit.at(-1)).toMatchObject({
      to: "rejected",
      actor: { kind: "customer" },
      note: "selfie too dark",
    });
  });
});

describe("quality assurance", () => {
  it("draws last week's sample of a dedicated-operator service and records an outcome once", async () => {
    const session = new ConsoleSession(stack.stackInfo.apiUrl);
    await session.signIn({ kind: "operator", ...LOCAL_CONSOLE_OPERATOR });
    expect((await session.request("GET", "/console/api/services/vault/qa")).status).toBe(403);
    const sample = await session.request("GET", "/console/api/services/desk/qa");
    expect(sample.status).toBe(200);
    const { week, items } = sample.body.data as { week: string; items: { refId: string }[] };
    expect(items.map((item) => item.refId).sort()).toEqual(["d-1", "d-2", "d-3"]);
    const recorded = await session.request("POST", "/console/api/services/desk/qa/d-2", {
      week,
      outcome: "confirmed",
      note: "passport and selfie match",
    });
    expect(recorded.status).toBe(200);
    const again = await session.request("GET", `/console/api/services/desk/qa?week=${week}`);
    expect(again.body.data.counts).toMatchObject({ sampled: 3, reviewed: 1, confirmed: 1, overturned: 0 });
    const changedMind = await session.request("POST", "/console/api/services/desk/qa/d-2", {
      week,
      outcome: "overturned",
      note: "second look",
    });
    expect(changedMind.status).toBe(409);
  });
});

describe("the operator's jobs, chain and support pages", () => {
  it("shows the chain pipeline and runs a job only with confirm: true", async () => {
    const session = new ConsoleSession(stack.stackInfo.apiUrl);
    await session.signIn({ kind: "operator", ...LOCAL_CONSOLE_OPERATOR });
    const chain = await session.request("GET", "/console/api/chain");
    expect(chain.status).toBe(200);
    expect(chain.body.data).toMatchObject({ job: "chain-status", result: { action: "status" } });

    const unconfirmed = await session.request("POST", "/console/api/jobs/reconcile", {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.message).toMatch(/confirm/);
    const unknownJob = await session.request("POST", "/console/api/jobs/drop-tables", { confirm: true });
    expect(unknownJob.status).toBe(400);
    const reconciled = await session.request("POST", "/console/api/jobs/reconcile", { confirm: true });
    expect(reconciled.status).toBe(200);
    expect(reconciled.body.data).toMatchObject({ job: "reconcile", result: { action: "reconcile" } });
  });

  it("lists a service's tickets with their SLA clock and answers one", async () => {
    const opened = await stack.functions.invoke("ops-support", {
      action: "open",
      clientId: "vault",
      refId: "v-1",
      category: "kyc-status",
      channel: "email",
      subject: "Where is my verification?",
      message: "I submitted yesterday.",
      operator: "test",
    });
    expect(opened).toMatchObject({ status: "ok", payload: { status: "success" } });

    const session = new ConsoleSession(stack.stackInfo.apiUrl);
    await session.signIn({ kind: "operator", ...LOCAL_CONSOLE_OPERATOR });
    const listed = await session.request("GET", "/console/api/support/tickets?clientId=vault");
    expect(listed.status).toBe(200);
    const [ticket] = listed.body.data.tickets as { ticketId: string; state: string; responseDueAt: string }[];
    expect(ticket).toMatchObject({ state: "open", responseDueAt: expect.any(String) });
    const ticketId = ticket!.ticketId;
    const replied = await session.request("POST", `/console/api/support/tickets/vault/${ticketId}/reply`, {
      message: "Your profile was approved this morning.",
    });
    expect(replied.status).toBe(200);
    const shown = await session.request("GET", `/console/api/support/tickets/vault/${ticketId}`);
    expect(shown.body.data).toMatchObject({ ticket: { ticketId, state: "answered" } });
  });
});
