import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { topology } from "../../../infra/topology/manifest.js";
import { startLocalStack, type LocalStack } from "../../../scripts/local/local-stack.js";
import { silentLog } from "../../../scripts/local/stack-log.js";
import { waitUntil } from "../../support/wait-until.js";
import { analyzeRecord, primaryRecord } from "./blockpass-client/aml-remediation.js";
import { ConnectClient, type Json } from "./blockpass-client/connect-client.js";
import {
  blockpassSignatureValid,
  standardWebhooksValid,
  WebhookReceiver,
  type ReceivedWebhook,
} from "./blockpass-client/webhook-receiver.js";

/**
 * Issue 17.4: a business integrated with Blockpass's KYC Connect API points its client (written from
 * Blockpass's documentation and its published AML-remediation script, in ./blockpass-client) at the
 * local stack by changing only the base URL, client id and key. Profiles go through the real intake
 * API and bots; webhooks through the real outbox, queue and delivery function.
 */
const CLIENT_ID = "bp-compat";
/** Small per-key limits, so the client's 429 back-off runs within a test. */
const STATUS_KEY_LIMIT = { rateLimit: 4, burstLimit: 12 };

let stack: LocalStack;
const receiver = new WebhookReceiver();
let webhookSecret: string;
let whsecSecret: string;
let identityKey: string;
let statusKey: string;

type Certificate = { name: string; status: "CLEAR" | "CONSIDER"; checks: { code: string }[]; aml?: unknown };
const clear = (name: string): Certificate => ({ name, status: "CLEAR", checks: [] });

/** Six applicants approved by the KYC bot, one blocked for a 100% AML match, one still incomplete. */
const APPLICANTS = [
  ...["ana", "bruno", "carla", "duarte", "eva", "filipe"].map((name, i) => ({
    refId: `bp-${name}`,
    identity: {
      givenName: name[0]!.toUpperCase() + name.slice(1),
      familyName: "Costa",
      dob: `199${i}-05-0${i + 1}`,
      nationality: "PT",
    },
    certificates: [clear("identity-document"), clear("selfie"), { ...clear("aml"), aml: { hits: [] } }],
  })),
  {
    refId: "bp-fatima",
    identity: { givenName: "Fatima", familyName: "Al-Sayed", dob: "1985-03-12", nationality: "AE" },
    certificates: [
      clear("identity-document"),
      clear("selfie"),
      {
        name: "aml",
        status: "CONSIDER" as const,
        checks: [{ code: "AML_POTENTIAL_MATCH" }],
        aml: { hits: [{ name: "Fatima Al-Sayed", dob: "1985-03-12", country: "AE", categories: ["PEP"] }] },
      },
    ],
  },
  {
    refId: "bp-gil",
    identity: { givenName: "Gil", familyName: "Moura", dob: "1979-11-30", nationality: "PT" },
    certificates: [] as Certificate[],
  },
];

async function invoke(functionName: string, event: Json): Promise<Json> {
  const outcome = await stack.functions.invoke(functionName, event);
  if (outcome.status !== "ok") throw new Error(`${functionName}: ${JSON.stringify(outcome)}`);
  const payload = outcome.payload as Json;
  // Operator functions answer an envelope; the publisher answers its counts.
  if (!("status" in payload)) return payload;
  if (payload.status !== "success") throw new Error(`${functionName}: ${JSON.stringify(payload)}`);
  return payload.data as Json;
}

async function createKey(scope: string): Promise<string> {
  const data = await invoke("ops-api-keys", {
    action: "create",
    clientId: CLIENT_ID,
    scope,
    operator: "test",
  });
  return data.apiKey as string;
}

async function intake(apiKey: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${stack.stackInfo.apiUrl}/intake/1.0/${CLIENT_ID}/profiles${path}`, {
    method: "POST",
    headers: { Authorization: apiKey, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`intake ${path}: ${response.status} ${await response.text()}`);
}

function client(apiKey: string, onThrottled?: (seconds: number) => void): ConnectClient {
  return new ConnectClient({
    baseUrl: stack.stackInfo.apiUrl,
    clientId: CLIENT_ID,
    apiKey,
    ...(onThrottled === undefined ? {} : { onThrottled }),
  });
}

beforeAll(async () => {
  const webhookUrl = await receiver.start();
  stack = await startLocalStack({
    ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0, smtp: 0 },
    log: silentLog,
    handlerLogLevel: "ERROR",
    topology: {
      ...topology,
      api: { ...topology.api, perKeyThrottle: { ...topology.api.perKeyThrottle, status: STATUS_KEY_LIMIT } },
    },
  });
  const created = await invoke("ops-service", {
    action: "create",
    clientId: CLIENT_ID,
    name: "Blockpass migrant",
    plan: "self-managed",
    advancedBot: true,
    webhookUrl,
    operator: "test",
  });
  const webhook = created.webhook as Json;
  webhookSecret = webhook.secret as string;
  whsecSecret = webhook.standardWebhooksSecret as string;
  const intakeKey = await createKey("intake");
  identityKey = await createKey("status+identity");
  statusKey = await createKey("status");
  for (const [i, applicant] of APPLICANTS.entries()) {
    await intake(intakeKey, "", {
      refId: applicant.refId,
      wallet: `0x${(i + 1).toString(16).padStart(40, "0")}`,
      identity: applicant.identity,
      documents: [{ type: "passport", number: `P${1000 + i}`, country: applicant.identity.nationality }],
    });
    if (applicant.certificates.length > 0) {
      await intake(intakeKey, `/${applicant.refId}/certificates`, { certificates: applicant.certificates });
    }
  }
  const poller = client(await createKey("status"));
  await waitUntil(
    "the bots' decisions",
    async () => {
      const records = await poller.allApplicants(100);
      const decided = records.filter((record) => record.status === "approved" || record.status === "blocked");
      return decided.length === APPLICANTS.length - 1;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await receiver.stop();
});

describe("a Blockpass KYC Connect client against this service", () => {
  it("pages /applicants?limit=&skip= to the empty page, with Blockpass's envelope and record fields", async () => {
    const bySmallPages = await client(statusKey).allApplicants(3);
    const byScriptPages = await client(statusKey).allApplicants(100);
    expect(bySmallPages.map((record) => record.refId).sort()).toEqual(APPLICANTS.map((a) => a.refId).sort());
    expect(bySmallPages).toEqual(byScriptPages);
    const page = await client(statusKey).get("applicants?limit=3&skip=3");
    expect(page.body).toMatchObject({
      status: "success",
      data: { total: APPLICANTS.length, skip: 3, limit: 3 },
    });
    for (const record of byScriptPages) {
      for (const field of [
        "status",
        "refId",
        "recordId",
        "blockPassID",
        "isArchived",
        "submitCount",
        "waitingDate",
        "inreviewDate",
        "approvedDate",
        "customFields",
      ]) {
        expect(record).toHaveProperty(field);
      }
      // Listings carry no personal data, whatever the key.
      expect(record).not.toHaveProperty("identities");
    }
  });

  it("filters by status in the path or the query, lists review_requested as empty, refuses what it cannot serve", async () => {
    const blocked = await client(statusKey).allApplicants(100, "blocked");
    expect(blocked.map((record) => record.refId)).toEqual(["bp-fatima"]);
    // The decision is visible in the listing too, without personal data.
    expect(blocked[0]).toMatchObject({ reasonCodes: expect.arrayContaining(["AML_MATCH"]) });
    const queried = await client(statusKey).get("applicants?status=blocked");
    expect((queried.body.data as Json).records).toEqual(blocked);
    expect(await client(statusKey).allApplicants(100, "review_requested")).toEqual([]);
    const unknown = await client(statusKey).get("applicants?status=pending");
    expect(unknown.statusCode).toBe(400);
    expect(String(unknown.body.message)).toMatch(/status/);
    const tooMany = await client(statusKey).get("applicants?limit=101&skip=0");
    expect(tooMany).toMatchObject({ statusCode: 400, body: { status: "error", code: 400 } });
  });

  it("reads applicant/{refId}, refId/{refId} and recordId/{recordId} alike; 404 means none", async () => {
    const bp = client(statusKey);
    for (const { refId } of APPLICANTS) {
      const byApplicant = await bp.applicant(refId);
      expect(byApplicant).toMatchObject({ status: "success", data: { refId } });
      expect(await bp.byRefId(refId)).toEqual(byApplicant);
      const recordId = (byApplicant!.data as Json).recordId as string;
      expect(await bp.byRecordId(recordId)).toEqual(byApplicant);
    }
    expect(await bp.applicant("bp-nobody")).toBeNull();
    expect(await bp.byRecordId("000000000000000000000000")).toBeNull();
  });

  it("backs off on 429 as the script does and still reads everything", async () => {
    const waits: number[] = [];
    const bp = client(await createKey("status"), (seconds) => waits.push(seconds));
    const answers = [];
    for (let round = 0; round < 3; round += 1) {
      for (const { refId } of APPLICANTS) answers.push(await bp.applicant(refId));
    }
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((seconds) => seconds >= 1)).toBe(true);
    expect(answers.every((answer) => answer !== null && answer.status === "success")).toBe(true);
  });

  it("gives an identity key Blockpass's identities and member-check cert; the script's analysis does not clear the AML block", async () => {
    const bp = client(identityKey);
    const blockedAnswer = await bp.byRecordId(
      ((await bp.applicant("bp-fatima"))!.data as Json).recordId as string,
    );
    const blocked = blockedAnswer!.data as Json;
    expect(blocked).toMatchObject({ status: "blocked", reasonCodes: expect.arrayContaining(["AML_MATCH"]) });
    expect(blocked.certs).toEqual(blocked.certificates);
    const record = primaryRecord(blockedAnswer!);
    expect(record).toMatchObject({ p_given_name: "Fatima", p_family_name: "Al-Sayed", p_aml_status: "HIT" });
    const [conclusion] = analyzeRecord(record);
    expect(conclusion).not.toBe("False Positive");
    expect(conclusion).toBe("Further Details Required");

    const approved = primaryRecord((await bp.applicant("bp-ana"))!);
    expect(approved).toMatchObject({
      p_given_name: "Ana",
      p_aml_status: "CLEAR",
      primary_status: "approved",
    });
    // A profile without certificates yet: absent certs, which the script reads as CLEAR; the status says otherwise.
    const incomplete = (await bp.applicant("bp-gil"))!.data as Json;
    expect(incomplete).toMatchObject({ status: "incomplete", certs: {} });
  });

  it("shows a metadata-only key the decision (status and reason codes) without personal data", async () => {
    const data = (await client(statusKey).applicant("bp-fatima"))!.data as Json;
    expect(data).toMatchObject({ status: "blocked", reasonCodes: expect.arrayContaining(["AML_MATCH"]) });
    expect(data).not.toHaveProperty("identities");
    expect(data).not.toHaveProperty("certs");
    expect(JSON.stringify(data)).not.toMatch(/Fatima|Al-Sayed|1985/);
  });
});

describe("webhooks a Blockpass receiver accepts", () => {
  function verifiedBoth(delivery: ReceivedWebhook, secret: string, whsec: string): boolean {
    return (
      blockpassSignatureValid(
        delivery.rawBody,
        delivery.headers["x-hub-signature"] as string | undefined,
        secret,
      ) && standardWebhooksValid(delivery.rawBody, delivery.headers, whsec)
    );
  }

  it("delivers Blockpass's events and body, signed both ways; the highest profileVersion is the API's status", async () => {
    await invoke("webhook-publisher", { action: "drain" });
    const statuses = new Map(
      (await client(statusKey).allApplicants(100)).map((record) => [record.refId as string, record.status]),
    );
    // Deliveries may arrive in any order: the receiver keeps the highest profileVersion per refId,
    // and that must end at the status the API answers, for every profile.
    await waitUntil(
      "every profile's latest delivery to match the API",
      async () => {
        const latest = receiver.latestByRefId();
        return [...statuses].every(([refId, status]) => latest.get(refId)?.status === status);
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    for (const delivery of receiver.received) {
      expect(verifiedBoth(delivery, webhookSecret, whsecSecret)).toBe(true);
      expect(
        blockpassSignatureValid(
          delivery.rawBody,
          delivery.headers["x-hub-signature"] as string,
          `${webhookSecret}0`,
        ),
      ).toBe(false);
      expect(delivery.headers["x-blockpass-event"]).toBe(delivery.body.event);
      expect(delivery.headers["x-blockpass-delivery"]).toBe(delivery.body.guid);
      expect(delivery.headers["webhook-id"]).toBe(delivery.body.guid);
      expect(delivery.body).toMatchObject({
        clientId: CLIENT_ID,
        isPing: false,
        env: "local",
        webhookId: null,
        blockPassID: null,
      });
      for (const field of [
        "status",
        "recordId",
        "refId",
        "submitCount",
        "isArchived",
        "inreviewDate",
        "waitingDate",
        "approvedDate",
        "profileVersion",
        "changedAt",
      ]) {
        expect(delivery.body).toHaveProperty(field);
      }
    }
    const events = new Set(receiver.received.map((d) => d.body.event));
    for (const event of ["user.created", "user.readyToReview", "review.approved", "user.blocked"]) {
      expect(events).toContain(event);
    }
    expect(receiver.latestByRefId().get("bp-fatima")).toMatchObject({
      event: "user.blocked",
      status: "blocked",
    });
  });

  it("sends a signed test ping, and signs with both secrets during one service's rotation overlap", async () => {
    const ping = await invoke("ops-service", {
      action: "webhook-ping",
      clientId: CLIENT_ID,
      operator: "test",
    });
    expect(ping.ping).toMatchObject({ httpStatus: 200, delivered: true });
    const pinged = receiver.received.find((d) => d.body.guid === (ping.ping as Json).guid);
    expect(pinged?.body).toMatchObject({ event: "ping", isPing: true, clientId: CLIENT_ID });
    expect(pinged?.headers["x-blockpass-event"]).toBe("ping");
    expect(verifiedBoth(pinged!, webhookSecret, whsecSecret)).toBe(true);

    const rotated = (
      await invoke("ops-service", {
        action: "webhook-rotate",
        clientId: CLIENT_ID,
        operator: "test",
        overlapSeconds: 3600,
      })
    ).webhook as Json;
    expect(rotated.secret).not.toBe(webhookSecret);
    const second = await invoke("ops-service", {
      action: "webhook-ping",
      clientId: CLIENT_ID,
      operator: "test",
    });
    const during = receiver.received.find((d) => d.body.guid === (second.ping as Json).guid)!;
    // Standard Webhooks receivers accept either secret; a Blockpass receiver keeps its old one until the overlap ends.
    expect(
      standardWebhooksValid(during.rawBody, during.headers, rotated.standardWebhooksSecret as string),
    ).toBe(true);
    expect(verifiedBoth(during, webhookSecret, whsecSecret)).toBe(true);
    expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
  });
});
