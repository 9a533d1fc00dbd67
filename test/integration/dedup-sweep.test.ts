import type { Context, ScheduledEvent } from "aws-lambda";
import { HmacIdentifierHasher } from "../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../lambdas/adapters/dynamodb/service-repository.js";
import type { AuditEntry } from "../../lambdas/domain/audit.js";
import type { IdentityDocument, Profile, ProfileStatus } from "../../lambdas/domain/profile.js";
import { applyTransition } from "../../lambdas/domain/transitions.js";
import { indexChangeFor } from "../../lambdas/domain/use-cases/index-change.js";
import type { SweepJobResult } from "../../lambdas/shared/dedup-sweep-job.js";
import { aProfile, aService, clearCertificates } from "../support/domain-builders.js";
import { LOCAL_AWS } from "../support/dynamodb-local.js";
import { lambdaContext, scheduledEvent } from "../support/lambda-events.js";
import { startLocalServices, type LocalServices } from "../support/local-services.js";

type SweepHandler = (event: ScheduledEvent, context: Context) => Promise<SweepJobResult>;

const MARGIN_MS = 30_000;
let local: LocalServices;
let restoreEnv: () => void;
let sweep: SweepHandler;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let hasher: HmacIdentifierHasher;

beforeAll(async () => {
  local = await startLocalServices("sweep-test");
  restoreEnv = local.applyEnv();
  process.env.SWEEP_PAGE_SIZE = "4";
  process.env.SWEEP_TIME_MARGIN_MS = String(MARGIN_MS);
  sweep = (await import("../../lambdas/handlers/dedup-sweep.js")).handler as unknown as SweepHandler;
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  hasher = HmacIdentifierHasher.fromSecret(local.env.IDENTIFIER_PEPPER);
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  await services.put(aService({ clientId: "acme", plan: "managed" }));
  await services.put(aService({ clientId: "solo", plan: "self-managed", advancedBotEnabled: false }));
});

afterAll(async () => {
  restoreEnv?.();
  delete process.env.SWEEP_PAGE_SIZE;
  delete process.env.SWEEP_TIME_MARGIN_MS;
  documents?.destroy();
  await local?.stop();
});

const system = { kind: "system", id: "seed" } as const;
const operator = { kind: "operator", id: "seed" } as const;

/**
 * Writes a profile straight through the repository, reaching `status` at `at`, the way profiles
 * look when the real-time dedup never ran on them (e.g. a crash between decision and dedup).
 */
async function seed(
  clientId: string,
  refId: string,
  status: ProfileStatus,
  at: string,
  identifiers: { wallet: string; documents?: IdentityDocument[] },
): Promise<void> {
  let profile: Profile = aProfile({
    clientId,
    refId,
    wallet: identifiers.wallet,
    documents: identifiers.documents ?? [],
    createdAt: at,
    updatedAt: at,
    lastStatusChangeAt: at,
  });
  const audit: AuditEntry = {
    id: `seed-${refId}`,
    clientId,
    refId,
    recordId: profile.recordId,
    from: null,
    to: "incomplete",
    actor: system,
    reasonCodes: [],
    ruleVersion: "seed",
    at,
    profileVersion: 1,
  };
  await profiles.createIfAbsent({ profile, audit, index: indexChangeFor(null, profile, hasher).put });
  const path: Partial<Record<ProfileStatus, [ProfileStatus, typeof system | typeof operator][]>> = {
    incomplete: [],
    waiting: [["waiting", system]],
    approved: [
      ["waiting", system],
      ["approved", operator],
    ],
    rejected: [
      ["waiting", system],
      ["rejected", operator],
    ],
  };
  for (const [to, actor] of path[status] ?? []) {
    const before: Profile = { ...profile, certificates: clearCertificates() };
    const change = applyTransition(before, to, { actor, reasonCodes: ["SEED"], ruleVersion: "seed", at });
    await profiles.save({
      ...change,
      expectedVersion: profile.version,
      index: indexChangeFor(profile, change.profile, hasher),
    });
    profile = change.profile;
  }
}

const wallet = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const passport = (number: string): IdentityDocument[] => [{ type: "passport", number, country: "DE" }];
const nationalId = (number: string): IdentityDocument[] => [{ type: "national_id", number, country: "DE" }];

async function statuses(clientId: string, refIds: string[]): Promise<Record<string, string | undefined>> {
  const entries = await Promise.all(
    refIds.map(async (refId) => [refId, (await profiles.get(clientId, refId))?.status]),
  );
  return Object.fromEntries(entries) as Record<string, string | undefined>;
}

describe("scheduled dedup sweep", () => {
  it("blocks missed decided duplicates, pausing and resuming across invocations, and is idempotent", async () => {
    // Group 1: two approvals of one passport (written differently); the later one is the duplicate.
    await seed("acme", "p-early", "approved", "2026-02-01T00:00:00.000Z", {
      wallet: wallet(1),
      documents: passport("L01X-00T47"),
    });
    await seed("acme", "p-late", "approved", "2026-02-03T00:00:00.000Z", {
      wallet: wallet(2),
      documents: passport("l01x00t47"),
    });
    // Group 2, connected transitively: w-orig shares a wallet with w-rej, which shares a national ID with
    // w-wait. w-wait has no KYC decision yet: verification first, so the sweep leaves it alone.
    await seed("acme", "w-orig", "approved", "2026-02-02T00:00:00.000Z", { wallet: wallet(3) });
    await seed("acme", "w-rej", "rejected", "2026-02-04T00:00:00.000Z", {
      wallet: wallet(3),
      documents: nationalId("T220001293"),
    });
    await seed("acme", "w-wait", "waiting", "2026-02-05T00:00:00.000Z", {
      wallet: wallet(4),
      documents: nationalId("T22000129 3"),
    });
    // Group 3: duplicates without any approval are left alone.
    await seed("acme", "n-1", "waiting", "2026-02-01T00:00:00.000Z", { wallet: wallet(5) });
    await seed("acme", "n-2", "rejected", "2026-02-02T00:00:00.000Z", { wallet: wallet(5) });
    // Unique profiles, and a service without deduplication.
    for (let i = 0; i < 6; i += 1) {
      await seed("acme", `u-${i}`, "approved", "2026-02-01T00:00:00.000Z", { wallet: wallet(100 + i) });
    }
    await seed("solo", "s-1", "approved", "2026-02-01T00:00:00.000Z", { wallet: wallet(7) });
    await seed("solo", "s-2", "approved", "2026-02-02T00:00:00.000Z", { wallet: wallet(7) });

    const event = scheduledEvent("2026-02-10T00:00:00Z");
    // Just above the margin: the sweep reads one page, sees time running out and checkpoints.
    const first = await sweep(event, lambdaContext("dedup-sweep", MARGIN_MS + 1));
    expect(first).toMatchObject({
      status: "paused",
      clientId: "acme",
      serviceResult: { phase: "scan", pagesRead: 1 },
    });
    expect(await statuses("acme", ["p-late", "w-rej", "w-wait"])).toEqual({
      "p-late": "approved",
      "w-rej": "rejected",
      "w-wait": "waiting",
    });

    const second = await sweep(event, lambdaContext("dedup-sweep", 120_000));
    expect(second).toEqual({
      status: "completed",
      jobId: "2026-02-10T00:00:00Z",
      services: [{ clientId: "acme", blocked: 2, profiles: 13 }],
    });
    expect(
      await statuses("acme", ["p-early", "p-late", "w-orig", "w-rej", "w-wait", "n-1", "n-2", "u-0"]),
    ).toEqual({
      "p-early": "approved",
      "p-late": "blocked",
      "w-orig": "approved",
      "w-rej": "blocked",
      "w-wait": "waiting",
      "n-1": "waiting",
      "n-2": "rejected",
      "u-0": "approved",
    });
    expect(await statuses("solo", ["s-1", "s-2"])).toEqual({ "s-1": "approved", "s-2": "approved" });

    const lastAudit = (await profiles.listAudit("acme", "w-rej")).at(-1);
    expect(lastAudit).toMatchObject({
      to: "blocked",
      reasonCodes: ["DUPLICATE"],
      originalRefId: "w-orig",
      actor: { kind: "bot", id: "dedup" },
      at: "2026-02-10T00:00:00Z",
    });

    // The same event again: the job is done; a later schedule finds nothing new to block.
    expect(await sweep(event, lambdaContext("dedup-sweep", 120_000))).toEqual({
      status: "already-completed",
      jobId: "2026-02-10T00:00:00Z",
    });
    const versions = await Promise.all(
      ["p-late", "w-rej"].map(async (r) => (await profiles.get("acme", r))?.version),
    );
    const next = await sweep(scheduledEvent("2026-02-10T12:00:00Z"), lambdaContext("dedup-sweep", 120_000));
    expect(next).toMatchObject({ status: "completed", services: [{ clientId: "acme", blocked: 0 }] });
    expect(
      await Promise.all(["p-late", "w-rej"].map(async (r) => (await profiles.get("acme", r))?.version)),
    ).toEqual(versions);
  });

  it("answers a malformed invoke payload with a 400, no stack or paths", async () => {
    const cases: [unknown, unknown][] = [
      [
        { ...scheduledEvent("2026-02-10T00:00:00Z"), time: "yesterday" },
        "Invalid time: must be an ISO 8601 time",
      ],
      [{}, expect.stringMatching(/^Invalid time: /)],
      [null, expect.stringMatching(/^Invalid request: /)],
      ["sweep", expect.stringMatching(/^Invalid request: /)],
    ];
    for (const [event, message] of cases) {
      const answer = await sweep(event as ScheduledEvent, lambdaContext("x"));
      expect(answer).toEqual({ status: "error", code: 400, message });
      expect(JSON.stringify(answer)).not.toMatch(/\.ts|\.js|node_modules|at /);
    }
  });
});
