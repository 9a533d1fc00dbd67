import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { HmacIdentifierHasher } from "../../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { DynamoDbChainRecordStore } from "../../../lambdas/adapters/dynamodb/chain-record-store.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbOutboxStore } from "../../../lambdas/adapters/dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import { DynamoDbHolidayCalendar } from "../../../lambdas/adapters/dynamodb/ticket-store.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import { indexChangeFor } from "../../../lambdas/domain/use-cases/index-change.js";
import {
  createOpsProfile,
  opsProfileDepsFromEnv,
  type OpsProfileRequest,
  type OpsProfileResponse,
} from "../../../lambdas/handlers/ops-profile.js";
import { aProfile, aSeedAudit, aService, clearCertificates } from "../../support/domain-builders.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";

const ALICE = "operator-alice@example.com";
const BOB = "operator-bob@example.com";
/** Monday 2026-12-07 11:00 at GMT+7: inside support working hours. */
const NOW = "2026-12-07T04:00:00.000Z";
const minutesBefore = (minutes: number) => new Date(Date.parse(NOW) - minutes * 60_000).toISOString();

let local: LocalServices;
let restoreEnv: () => void;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let outbox: DynamoDbOutboxStore;
let ops: (request: OpsProfileRequest) => Promise<OpsProfileResponse>;

beforeAll(async () => {
  local = await startLocalServices("ops-console");
  restoreEnv = local.applyEnv();
  process.env.ARCHIVE_BUCKET = "ops-console-archive";
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  outbox = new DynamoDbOutboxStore(documents, local.tableName);
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  await services.put(
    aService({
      clientId: "acme",
      plan: "managed",
      onchainServiceId: "1",
      webhookUrl: "https://hooks.example.org/kyc",
    }),
  );
  await services.put(aService({ clientId: "dedi", plan: "managed-dedicated", onchainServiceId: "2" }));
  await services.put(aService({ clientId: "shop", plan: "payg" }));
  // The operators' clock is the handler's clock: fixed, so ages and SLA standings are exact.
  const deps = { ...opsProfileDepsFromEnv(), clock: { now: () => NOW } };
  ops = createOpsProfile(() => deps);
});

afterAll(async () => {
  documents?.destroy();
  restoreEnv?.();
  delete process.env.ARCHIVE_BUCKET;
  await local?.stop();
});

async function seed(clientId: string, refId: string, overrides: Partial<Profile>): Promise<Profile> {
  // Each profile its own wallet: only the duplicates a test means share an identifier.
  const wallet = `0x${createHash("sha256").update(refId).digest("hex").slice(0, 40)}`;
  const profile = aProfile({
    clientId,
    refId,
    certificates: clearCertificates(),
    version: 3,
    wallet,
    ...overrides,
  });
  await profiles.createIfAbsent({
    profile,
    audit: aSeedAudit(profile, profile.lastStatusChangeAt),
    index: indexChangeFor(null, profile, HmacIdentifierHasher.fromSecret(local.env.IDENTIFIER_PEPPER)).put,
  });
  return profile;
}

/** A profile waiting for review since `minutes` ago, with the bots' reason codes. */
const waitingSince = (minutes: number, reasonCodes: string[], overrides: Partial<Profile> = {}) => {
  const at = minutesBefore(minutes);
  return {
    status: "waiting" as const,
    waitingDate: at,
    lastStatusChangeAt: at,
    statusReasonCodes: reasonCodes,
    documents: [],
    ...overrides,
  };
};

async function succeed<T>(request: OpsProfileRequest): Promise<T> {
  const response = await ops(request);
  if (response.status !== "success") throw new Error(`ops-profile refused: ${JSON.stringify(response)}`);
  return response.data as T;
}

describe("ops-profile open", () => {
  it("marks a waiting profile inreview with its audit entry and the business's webhook; again: unchanged", async () => {
    await seed("acme", "open-1", waitingSince(30, ["AML_REVIEW"]));
    const opened = await succeed<{ changed: boolean; profile: Record<string, unknown> }>({
      action: "open",
      clientId: "acme",
      refId: "open-1",
      operator: ALICE,
    });
    expect(opened).toMatchObject({
      changed: true,
      profile: { status: "inreview", inreviewDate: NOW, version: 4, statusReasonCodes: ["OPERATOR_OPENED"] },
    });
    expect((opened.profile as { personalData: { identity: unknown } }).personalData.identity).toMatchObject({
      familyName: "Pereira",
    });
    expect((await profiles.listAudit("acme", "open-1")).at(-1)).toMatchObject({
      from: "waiting",
      to: "inreview",
      actor: { kind: "operator", id: ALICE },
      reasonCodes: ["OPERATOR_OPENED"],
    });
    const hooks = (await outbox.listPending("webhook", null, 100)).items.filter((r) => r.refId === "open-1");
    expect(hooks).toMatchObject([{ event: "user.inReview", status: "inreview", profileVersion: 4 }]);
    const notices = (await outbox.listPending("user-notification", null, 100)).items;
    expect(notices.filter((r) => r.refId === "open-1")).toEqual([]);

    expect(await succeed({ action: "open", clientId: "acme", refId: "open-1", operator: BOB })).toMatchObject(
      {
        changed: false,
        profile: { version: 4 },
      },
    );
    expect(await profiles.listAudit("acme", "open-1")).toHaveLength(2);
  });

  it("answers 409 for a decided profile and 403 on a payg service", async () => {
    await seed("acme", "open-approved", {
      status: "approved",
      approvedDate: minutesBefore(5),
      documents: [],
    });
    await seed("shop", "open-payg", waitingSince(5, []));
    expect(
      await ops({ action: "open", clientId: "acme", refId: "open-approved", operator: ALICE }),
    ).toMatchObject({
      status: "error",
      code: 409,
      message: expect.stringContaining("only a profile waiting for review can be opened"),
    });
    expect(
      await ops({ action: "open", clientId: "shop", refId: "open-payg", operator: ALICE }),
    ).toMatchObject({
      status: "error",
      code: 403,
    });
    expect((await profiles.get("shop", "open-payg"))?.status).toBe("waiting");
  });
});

describe("ops-profile act: remediation and versions", () => {
  it("requests a resubmission: rejected, and the user's notice carries the remediation", async () => {
    await seed("acme", "resubmit-1", waitingSince(10, ["SELFIE_QUALITY"]));
    const remediation = "Please retake your selfie in daylight, without glasses.";
    const data = await succeed<{ changed: boolean; profile: { status: string } }>({
      action: "act",
      clientId: "acme",
      refId: "resubmit-1",
      decision: "request-resubmission",
      reason: "selfie too dark to compare",
      remediation,
      version: 3,
      operator: ALICE,
    });
    expect(data).toMatchObject({
      changed: true,
      profile: { status: "rejected", version: 4, statusReasonCodes: ["OPERATOR_REQUESTED_RESUBMISSION"] },
    });
    const notices = (await outbox.listPending("user-notification", null, 100)).items.filter(
      (r) => r.refId === "resubmit-1",
    );
    expect(notices).toEqual([
      expect.objectContaining({
        status: "rejected",
        message: remediation,
        reasonCodes: ["OPERATOR_REQUESTED_RESUBMISSION"],
      }),
    ]);
    expect((await profiles.listAudit("acme", "resubmit-1")).at(-1)).toMatchObject({
      note: "selfie too dark to compare",
      reasonCodes: ["OPERATOR_REQUESTED_RESUBMISSION"],
    });
  });

  it("refuses a resubmission request without remediation (400) and writes nothing", async () => {
    await seed("acme", "resubmit-2", waitingSince(10, []));
    for (const remediation of [undefined, "   "]) {
      expect(
        await ops({
          action: "act",
          clientId: "acme",
          refId: "resubmit-2",
          decision: "request-resubmission",
          reason: "selfie",
          ...(remediation === undefined ? {} : { remediation }),
          operator: ALICE,
        }),
      ).toMatchObject({ status: "error", code: 400, message: expect.stringContaining("remediation") });
    }
    expect(await profiles.get("acme", "resubmit-2")).toMatchObject({ status: "waiting", version: 3 });
  });

  it("of two operators acting on the same version, one wins; the other's 409 names the winner", async () => {
    await seed("acme", "race-1", { status: "blocked", blockedDate: minutesBefore(60), documents: [] });
    const act = (operator: string, decision: "unblock" | "reject") =>
      ops({
        action: "act",
        clientId: "acme",
        refId: "race-1",
        decision,
        reason: "audited",
        version: 3,
        operator,
      });
    const answers = await Promise.all([act(ALICE, "unblock"), act(BOB, "reject")]);
    const won = answers.findIndex((answer) => answer.status === "success");
    expect(won).toBeGreaterThanOrEqual(0);
    const lost = answers[1 - won] as { status: string; code: number; message: string };
    const [winner, status] = won === 0 ? [ALICE, "approved"] : [BOB, "rejected"];
    expect(lost).toMatchObject({ status: "error", code: 409 });
    expect(lost.message).toBe(
      `the profile was changed by operator:${winner} at ${NOW} (version 3 → 4, now ${status}): reload it before acting`,
    );
    const stored = await profiles.get("acme", "race-1");
    expect(stored).toMatchObject({ status, version: 4 });
    expect(await profiles.listAudit("acme", "race-1")).toHaveLength(2);
  });
});

describe("ops-profile queue", () => {
  beforeAll(async () => {
    // dedi (managed-dedicated, 3 working hours): oldest first, mixed reason codes.
    await seed("dedi", "q-old", waitingSince(200, ["AML_REVIEW"]));
    await seed("dedi", "q-mid", waitingSince(150, ["DOC_BLURRY"]));
    await seed("dedi", "q-new", waitingSince(20, ["AML_REVIEW"]));
    await seed("dedi", "q-newest", waitingSince(10, ["DOC_BLURRY"]));
    await seed("dedi", "q-review", {
      ...waitingSince(100, ["OPERATOR_OPENED"]),
      status: "inreview",
      inreviewDate: minutesBefore(5),
      lastStatusChangeAt: minutesBefore(5),
    });
    await seed("dedi", "q-blocked", {
      status: "blocked",
      blockedDate: minutesBefore(60),
      lastStatusChangeAt: minutesBefore(60),
      statusReasonCodes: ["AML_MATCH"],
      documents: [],
    });
    await seed("dedi", "q-erased", { ...waitingSince(300, ["AML_REVIEW"]), deleted: true });
  });

  it("counts every status exactly and lists the oldest first with age, version and SLA", async () => {
    const page = await succeed<{
      counts: Record<string, number>;
      records: Record<string, unknown>[];
      cursor: string | null;
    }>({ action: "queue", clientId: "dedi", status: "waiting", limit: 2 });
    expect(page.counts).toEqual({
      waiting: 4,
      inreview: 1,
      blocked: 1,
      approved: 0,
      rejected: 0,
      incomplete: 0,
    });
    expect(page.records).toEqual([
      {
        refId: "q-old",
        recordId: expect.any(String),
        status: "waiting",
        since: minutesBefore(200),
        ageSeconds: 200 * 60,
        reasonCodes: ["AML_REVIEW"],
        version: 3,
        // Waiting since Monday 07:40 GMT+7 (before opening): due 3 working hours after 9:00.
        sla: { dueAt: "2026-12-07T05:00:00.000Z", standing: "at-risk" },
      },
      expect.objectContaining({ refId: "q-mid", since: minutesBefore(150) }),
    ]);
    expect(page.cursor).not.toBeNull();
    const next = await succeed<{ records: { refId: string }[]; cursor: string | null }>({
      action: "queue",
      clientId: "dedi",
      status: "waiting",
      limit: 2,
      cursor: page.cursor as string,
    });
    expect(next.records.map((r) => r.refId)).toEqual(["q-new", "q-newest"]);
    const blocked = await succeed<{ records: Record<string, unknown>[] }>({
      action: "queue",
      clientId: "dedi",
      status: "blocked",
    });
    expect(blocked.records).toMatchObject([{ refId: "q-blocked", reasonCodes: ["AML_MATCH"], sla: null }]);
    const review = await succeed<{ records: Record<string, unknown>[] }>({
      action: "queue",
      clientId: "dedi",
      status: "inreview",
    });
    // The review clock started when it became waiting: opening it does not restart it.
    expect(review.records).toMatchObject([
      { refId: "q-review", since: minutesBefore(5), sla: { standing: "on-time" } },
    ]);
  });

  it("filters by reason code across pages: short pages continue with the cursor, nothing skipped", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let round = 0; round < 10; round += 1) {
      const page = await succeed<{
        records: { refId: string; reasonCodes: string[] }[];
        cursor: string | null;
      }>({
        action: "queue",
        clientId: "dedi",
        status: "waiting",
        reasonCode: "DOC_BLURRY",
        limit: 1,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(page.records.length).toBeLessThanOrEqual(1);
      for (const record of page.records) expect(record.reasonCodes).toContain("DOC_BLURRY");
      seen.push(...page.records.map((r) => r.refId));
      if (page.cursor === null) break;
      cursor = page.cursor;
    }
    expect(seen).toEqual(["q-mid", "q-newest"]);
  });

  it("uses the support desk's holidays for the SLA", async () => {
    const calendar = new DynamoDbHolidayCalendar(documents, local.tableName);
    await calendar.add({ date: "2026-12-07", name: "Test holiday", addedBy: ALICE, addedAt: NOW });
    try {
      const page = await succeed<{ records: { refId: string; sla: { dueAt: string } }[] }>({
        action: "queue",
        clientId: "dedi",
        status: "waiting",
        limit: 1,
      });
      // Monday is off: the 3 working hours run Tuesday 9:00–12:00 GMT+7.
      expect(page.records[0]?.sla.dueAt).toBe("2026-12-08T05:00:00.000Z");
    } finally {
      await calendar.remove("2026-12-07");
    }
  });

  it("is refused on payg (403) and validates its request (400)", async () => {
    expect(await ops({ action: "queue", clientId: "shop", status: "waiting" })).toMatchObject({ code: 403 });
    const bad = [
      { action: "queue", clientId: "dedi", status: "rejected" },
      { action: "queue", clientId: "dedi", status: "waiting", limit: 101 },
      { action: "queue", clientId: "dedi", status: "waiting", reasonCode: "lower case" },
      { action: "queue", clientId: "dedi", status: "waiting", cursor: "not-ours" },
    ];
    for (const request of bad) {
      expect(await ops(request as OpsProfileRequest)).toMatchObject({ status: "error", code: 400 });
    }
  });
});

describe("ops-profile show", () => {
  it("lists the profiles sharing an identifier, the duplicate block's original, and the explorer link", async () => {
    const passport = [{ type: "passport" as const, number: "X 123-456", country: "DE" }];
    await seed("acme", "dup-original", {
      status: "approved",
      approvedDate: minutesBefore(500),
      documents: passport,
      wallet: "0x1111111111111111111111111111111111111111",
    });
    await seed("acme", "dup-later", {
      ...waitingSince(30, ["ALL_CLEAR"]),
      documents: [{ type: "passport", number: "x123456", country: "DEU" }],
      wallet: "0x2222222222222222222222222222222222222222",
    });
    // The later one is approved by an operator: real-time deduplication blocks it as a duplicate.
    await succeed({
      action: "act",
      clientId: "acme",
      refId: "dup-later",
      decision: "approve",
      reason: "ok",
      operator: ALICE,
    });
    const tx = `0x${"ab".repeat(32)}`;
    await new DynamoDbChainRecordStore(documents, local.tableName).recordProfile({
      clientId: "acme",
      refId: "dup-original",
      chainId: 11155111,
      registry: "0x3333333333333333333333333333333333333333",
      serviceId: "1",
      wallet: "0x1111111111111111111111111111111111111111",
      verifiedUntil: 1_900_000_000,
      txHash: tx,
      blockNumber: 10,
      txGasUsed: "50000",
      profileVersion: 3,
      confirmedAt: NOW,
    });

    const later = await succeed<{ profile: Record<string, unknown>; onchain: unknown }>({
      action: "show",
      clientId: "acme",
      refId: "dup-later",
    });
    expect(later.profile).toMatchObject({
      status: "blocked",
      statusReasonCodes: ["DUPLICATE"],
      version: 5,
      duplicates: {
        sharing: [{ refId: "dup-original", status: "approved", matchedOn: ["passport"] }],
        originalRefId: "dup-original",
      },
      amlEvidence: [],
    });
    expect(later.onchain).toBeNull();
    const original = await succeed<{ profile: Record<string, unknown>; onchain: Record<string, unknown> }>({
      action: "show",
      clientId: "acme",
      refId: "dup-original",
    });
    expect(original.profile).toMatchObject({
      duplicates: {
        sharing: [{ refId: "dup-later", status: "blocked", matchedOn: ["passport"] }],
        originalRefId: null,
      },
    });
    expect(original.onchain).toMatchObject({
      txHash: tx,
      verifiedUntil: 1_900_000_000,
      expiresAt: new Date(1_900_000_000_000).toISOString(),
      explorerUrl: `https://sepolia.etherscan.io/tx/${tx}`,
    });
  });
});
