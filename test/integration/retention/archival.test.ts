import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyResult, Context, ScheduledEvent } from "aws-lambda";
import { HmacIdentifierHasher } from "../../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { identifierKey, outboxKey } from "../../../lambdas/adapters/dynamodb/keys.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { retentionDepsFromEnv } from "../../../lambdas/adapters/dynamodb/retention-deps-from-env.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import { S3ArchiveStore } from "../../../lambdas/adapters/s3/archive-store.js";
import { FixedClock } from "../../../lambdas/adapters/system/system-clock.js";
import { indexEntriesFor } from "../../../lambdas/domain/dedup/identifiers.js";
import { applyTransition } from "../../../lambdas/domain/transitions.js";
import { indexChangeFor } from "../../../lambdas/domain/use-cases/index-change.js";
import { deterministicId } from "../../../lambdas/domain/ids.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import {
  ARCHIVED_ON_REQUEST_REASON,
  ARCHIVED_REASON,
} from "../../../lambdas/domain/retention/retention-audit.js";
import { archiveProfile } from "../../../lambdas/domain/use-cases/archive-profile.js";
import { eraseProfile } from "../../../lambdas/domain/use-cases/erase-profile.js";
import { runArchival, type RunArchivalResult } from "../../../lambdas/domain/use-cases/run-archival.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import { aProfile, aService, clearCertificates } from "../../support/domain-builders.js";
import { callApi, type LambdaHandler } from "../../support/handler-harness.js";
import { lambdaContext, scheduledEvent } from "../../support/lambda-events.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";
import { allObjects, createArchiveBucket, s3Client } from "./retention-services.js";

type ApiHandler = LambdaHandler<never, APIGatewayProxyResult>;
type JobHandler = (
  event: ScheduledEvent | Record<string, unknown>,
  context: Context,
) => Promise<RunArchivalResult>;

let local: LocalServices;
let restoreEnv: () => void;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let hasher: HmacIdentifierHasher;
let archiveJob: JobHandler;
let statusArchive: ApiHandler;
let archive: S3ArchiveStore;

const NOW = "2026-04-15T00:00:00.000Z";
let walletCounter = 0x5000;

/** Stores a profile (with its creation audit entry and identifier index rows) as intake would. */
async function seed(clientId: string, refId: string, overrides: Partial<Profile>): Promise<Profile> {
  walletCounter += 1;
  const profile = aProfile({
    clientId,
    refId,
    wallet: `0x${walletCounter.toString(16).padStart(40, "0")}`,
    documents: [{ type: "passport", number: `P-${refId}`, country: "DE" }],
    certificates: clearCertificates(),
    ...overrides,
  });
  const result = await profiles.createIfAbsent({
    profile,
    audit: {
      id: deterministicId(clientId, refId, profile.version, "audit"),
      clientId,
      refId,
      recordId: profile.recordId,
      from: null,
      to: profile.status,
      actor: { kind: "customer", id: "intake-key" },
      reasonCodes: [],
      ruleVersion: "test",
      at: profile.createdAt,
      profileVersion: profile.version,
      note: "operator note naming Ana Pereira",
    },
    index: indexEntriesFor(profile, (key) => hasher.hash(key)),
  });
  expect(result.created).toBe(true);
  return profile;
}

async function indexRow(profile: Profile, which: number) {
  const entry = indexEntriesFor(profile, (key) => hasher.hash(key))[which];
  if (entry === undefined) throw new Error("no such index row");
  const { Item: item } = await documents.send(
    new GetCommand({
      TableName: local.tableName,
      Key: identifierKey(profile.clientId, entry.identifierHash, profile.refId),
    }),
  );
  return item;
}

const profileOf = async (clientId: string, refId: string) => (await profiles.get(clientId, refId)) as Profile;

let acmeOld: Profile;
let acmeApproved: Profile;
let acmeRecent: Profile;
let acmeExpiredApproval: Profile;

beforeAll(async () => {
  local = await startLocalServices("archive-test");
  const bucket = await createArchiveBucket(local, "archive-test-archive");
  restoreEnv = local.applyEnv();
  process.env.ARCHIVE_BUCKET = bucket;
  archiveJob = (await import("../../../lambdas/handlers/archive-job.js")).handler as unknown as JobHandler;
  statusArchive = (await import("../../../lambdas/handlers/status-archive.js"))
    .handler as unknown as ApiHandler;
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  hasher = HmacIdentifierHasher.fromSecret(local.env.IDENTIFIER_PEPPER);
  archive = new S3ArchiveStore(s3Client(local), bucket);
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  await services.put(aService({ clientId: "acme", attestationValidityDays: 365 }));
  await services.put(
    aService({
      clientId: "fair",
      retention: { mode: "single-event", eventEndDate: "2026-03-01T00:00:00.000Z" },
    }),
  );
  await services.put(
    aService({
      clientId: "expo",
      retention: { mode: "single-event", eventEndDate: "2026-03-31T00:00:00.000Z" },
    }),
  );
  await services.put(aService({ clientId: "paged" }));

  // acme (ongoing): due when the last status change is at or before 2026-02-15.
  acmeOld = await seed("acme", "old-rejected", {
    status: "rejected",
    rejectedDate: "2026-01-20T00:00:00.000Z",
    lastStatusChangeAt: "2026-01-20T00:00:00.000Z",
  });
  acmeApproved = await seed("acme", "old-approved", {
    status: "approved",
    approvedDate: "2026-02-14T23:59:59.000Z",
    lastStatusChangeAt: "2026-02-14T23:59:59.000Z",
  });
  acmeExpiredApproval = await seed("acme", "old-approved-expired", {
    status: "approved",
    approvedDate: "2025-01-02T00:00:00.000Z",
    lastStatusChangeAt: "2025-01-02T00:00:00.000Z",
    createdAt: "2025-01-01T00:00:00.000Z",
  });
  acmeRecent = await seed("acme", "recent-waiting", {
    status: "waiting",
    waitingDate: "2026-02-15T00:00:01.000Z",
    lastStatusChangeAt: "2026-02-15T00:00:01.000Z",
  });
  // fair (event ended 2026-03-01): everything is due on 2026-04-01, even recent changes.
  await seed("fair", "fair-1", { status: "incomplete", lastStatusChangeAt: "2026-03-20T00:00:00.000Z" });
  await seed("fair", "fair-2", {
    status: "blocked",
    blockedDate: "2026-04-10T00:00:00.000Z",
    lastStatusChangeAt: "2026-04-10T00:00:00.000Z",
  });
  // expo (event ends 2026-03-31): nothing is due before 2026-04-30.
  await seed("expo", "expo-1", { status: "rejected", lastStatusChangeAt: "2026-01-01T00:00:00.000Z" });
  for (let i = 0; i < 5; i += 1) {
    await seed("paged", `paged-${i}`, {
      status: "rejected",
      lastStatusChangeAt: `2026-01-0${i + 1}T00:00:00.000Z`,
    });
  }
}, 60_000);

afterAll(async () => {
  delete process.env.ARCHIVE_BUCKET;
  restoreEnv?.();
  documents?.destroy();
  await local?.stop();
});

describe("the daily archival job", () => {
  let first: RunArchivalResult;

  beforeAll(async () => {
    first = await archiveJob(scheduledEvent(NOW, "archive-job"), lambdaContext("archive-job"));
  });

  it("archives exactly the profiles the retention rules make due", async () => {
    expect(first.status).toBe("completed");
    const byService = Object.fromEntries(first.services.map((s) => [s.clientId, s.archived]));
    expect(byService).toEqual({ acme: 3, fair: 2, expo: 0, paged: 5 });
    for (const [clientId, refId] of [
      ["acme", "old-rejected"],
      ["acme", "old-approved"],
      ["acme", "old-approved-expired"],
      ["fair", "fair-1"],
      ["fair", "fair-2"],
    ] as const) {
      expect(await profileOf(clientId, refId)).toMatchObject({
        isArchived: true,
        identity: null,
        documents: [],
        certificates: [],
        ipCountry: null,
      });
    }
    expect(await profileOf("acme", "recent-waiting")).toEqual(acmeRecent);
    expect((await profileOf("expo", "expo-1")).isArchived).toBe(false);
  });

  it("keeps the status record and audits the archival with the job's clock", async () => {
    const archived = await profileOf("acme", "old-rejected");
    expect(archived).toMatchObject({
      status: "rejected",
      rejectedDate: acmeOld.rejectedDate,
      lastStatusChangeAt: acmeOld.lastStatusChangeAt,
      recordId: acmeOld.recordId,
      version: acmeOld.version + 1,
      updatedAt: NOW,
      wallet: "",
    });
    expect((await profiles.listAudit("acme", "old-rejected")).at(-1)).toMatchObject({
      actor: { kind: "system", id: "archival-job" },
      reasonCodes: [ARCHIVED_REASON],
      at: NOW,
    });
  });

  it("removes identifier rows dedup may not keep, and keeps an approval's rows until its flag expires", async () => {
    expect(await indexRow(acmeOld, 0)).toBeUndefined();
    expect(await indexRow(acmeOld, 1)).toBeUndefined();
    expect(await indexRow(acmeExpiredApproval, 0)).toBeUndefined();
    const kept = await indexRow(acmeApproved, 0);
    expect(kept).toMatchObject({ refId: "old-approved", status: "approved" });
    expect(kept?.expiresAt).toBe(Date.parse("2027-02-14T23:59:59.000Z") / 1000);
    expect((await profileOf("acme", "old-approved")).wallet).toBe(acmeApproved.wallet);
  });

  it("copies status, dates and audit trail, without personal data or notes, to the archive bucket", async () => {
    const record = await archive.get("acme", "old-approved");
    expect(record).toMatchObject({
      clientId: "acme",
      refId: "old-approved",
      status: "approved",
      approvedDate: acmeApproved.approvedDate,
      isArchived: true,
      archivedAt: NOW,
      onchain: null,
    });
    expect(record?.audit.map((e) => e.reasonCodes)).toEqual([[], [ARCHIVED_REASON]]);
    const objects = await allObjects(local);
    expect(objects.filter((o) => o.key.startsWith("archive-test-archive/"))).toHaveLength(10);
    for (const object of objects) {
      for (const personal of ["Ana", "Pereira", "1990-04-01", "P-old", acmeApproved.wallet.toLowerCase()]) {
        expect(object.text.toLowerCase()).not.toContain(personal.toLowerCase());
      }
    }
  });

  it("finds nothing twice: a second run archives nothing", async () => {
    const second = await archiveJob(scheduledEvent(NOW, "archive-job"), lambdaContext("archive-job"));
    expect(second.services.map((s) => s.archived + s.alreadyArchived)).toEqual([0, 0, 0, 0]);
  });

  it("archives later profiles once they are due, on an operator run with --now", async () => {
    const run = await archiveJob(
      { now: "2026-04-16T00:00:02.000Z", clientId: "acme" },
      lambdaContext("archive-job"),
    );
    expect(run.services).toEqual([{ clientId: "acme", archived: 1, alreadyArchived: 0, skipped: 0 }]);
    expect((await profileOf("acme", "recent-waiting")).isArchived).toBe(true);
  });

  it("pauses before the Lambda timeout and resumes where it stopped", async () => {
    await seed("paged", "paged-late-1", {
      status: "blocked",
      lastStatusChangeAt: "2026-02-01T00:00:00.000Z",
    });
    await seed("paged", "paged-late-2", {
      status: "blocked",
      lastStatusChangeAt: "2026-02-02T00:00:00.000Z",
    });
    await seed("paged", "paged-late-3", {
      status: "blocked",
      lastStatusChangeAt: "2026-02-03T00:00:00.000Z",
    });
    const paused = await archiveJob({ now: NOW, clientId: "paged" }, lambdaContext("archive-job", 1_000));
    expect(paused).toEqual({
      status: "paused",
      services: [{ clientId: "paged", archived: 0, alreadyArchived: 0, skipped: 0 }],
    });

    const adapters = retentionDepsFromEnv();
    let pagesRead = 0;
    const deps = {
      ...adapters,
      clock: new FixedClock(NOW),
      // Counts the pages that had candidates, to pause after the second one.
      candidates: {
        list: async (...args: Parameters<typeof adapters.candidates.list>) => {
          const page = await adapters.candidates.list(...args);
          if (page.length > 0) pagesRead += 1;
          return page;
        },
      },
    };
    const partial = await runArchival(deps, {
      now: NOW,
      clientId: "paged",
      pageSize: 1,
      shouldPause: () => pagesRead >= 2,
    });
    expect(partial.status).toBe("paused");
    expect(partial.services[0]?.archived).toBe(2);
    const rest = await runArchival(deps, {
      now: NOW,
      clientId: "paged",
      pageSize: 1,
      shouldPause: () => false,
    });
    expect(rest).toEqual({
      status: "completed",
      services: [{ clientId: "paged", archived: 1, alreadyArchived: 0, skipped: 0 }],
    });
    for (const refId of ["paged-late-1", "paged-late-2", "paged-late-3"]) {
      expect((await profileOf("paged", refId)).isArchived).toBe(true);
    }
  });

  it("rejects an invoke request that is not one", async () => {
    await expect(archiveJob({ now: "yesterday" }, lambdaContext("archive-job"))).rejects.toThrow(
      /invalid archive job request/,
    );
    await expect(archiveJob({ clientId: "acme", extra: 1 }, lambdaContext("archive-job"))).rejects.toThrow(
      /invalid archive job request/,
    );
  });
});

describe("POST /kyc/1.0/connect/{clientId}/refId/{refId}/archive (Archive Dashboard API)", () => {
  const ROUTE = "/kyc/1.0/connect/{clientId}/refId/{refId}/archive";
  const archiveNow = (clientId: string, refId: string, authorizer: Record<string, string> | null) =>
    callApi(statusArchive, {
      method: "POST",
      resource: ROUTE,
      pathParameters: { clientId, refId },
      authorizer,
    });
  const statusKey = { clientId: "expo", scope: "status", principalId: "key-expo-1" };

  it("archives the profile now, whatever its schedule, and answers its status record", async () => {
    const response = await archiveNow("expo", "expo-1", statusKey);
    expect(response).toEqual({
      statusCode: 200,
      body: {
        status: "success",
        data: {
          refId: "expo-1",
          recordId: expect.stringMatching(/^[0-9a-f]{24}$/),
          status: "rejected",
          submitCount: 1,
          isArchived: true,
        },
      },
    });
    const audit = await profiles.listAudit("expo", "expo-1");
    expect(audit.at(-1)).toMatchObject({
      actor: { kind: "customer", id: "key-expo-1" },
      reasonCodes: [ARCHIVED_ON_REQUEST_REASON],
    });
    expect(await archive.get("expo", "expo-1")).toMatchObject({ isArchived: true, status: "rejected" });
  });

  it("is idempotent", async () => {
    const before = await profileOf("expo", "expo-1");
    const again = await archiveNow("expo", "expo-1", statusKey);
    expect(again.statusCode).toBe(200);
    expect(await profileOf("expo", "expo-1")).toEqual(before);
  });

  it("refuses other services' keys, missing scopes and unknown profiles without archiving anything", async () => {
    await seed("expo", "expo-2", { status: "waiting" });
    expect((await archiveNow("expo", "expo-2", { ...statusKey, clientId: "acme" })).statusCode).toBe(403);
    expect((await archiveNow("expo", "expo-2", { ...statusKey, scope: "intake" })).statusCode).toBe(403);
    expect((await archiveNow("expo", "expo-2", null)).statusCode).toBe(401);
    expect(await archiveNow("expo", "nobody", statusKey)).toMatchObject({
      statusCode: 404,
      body: { status: "error", code: 404 },
    });
    expect((await archiveNow("expo", "bad#ref", statusKey)).statusCode).toBe(400);
    expect((await profileOf("expo", "expo-2")).isArchived).toBe(false);
  });
});

describe("resuming after a failure part-way", () => {
  class InjectedFailure extends Error {
    override readonly name = "InjectedFailure";
  }

  it("finishes an archival whose archive copy failed after the transaction", async () => {
    await seed("acme", "resume-archive", { status: "rejected" });
    const adapters = { ...retentionDepsFromEnv(), clock: new FixedClock(NOW) };
    const failingArchive = {
      get: adapters.archive.get.bind(adapters.archive),
      put: () => Promise.reject(new InjectedFailure("S3 unavailable")),
    };
    const input = {
      clientId: "acme",
      refId: "resume-archive",
      actor: { kind: "system", id: "t" },
      trigger: "schedule",
    } as const;
    await expect(archiveProfile({ ...adapters, archive: failingArchive }, input)).rejects.toBeInstanceOf(
      InjectedFailure,
    );
    expect((await profileOf("acme", "resume-archive")).isArchived).toBe(true);
    expect(await archive.get("acme", "resume-archive")).toBeNull();

    expect((await archiveProfile(adapters, input)).outcome).toBe("already-archived");
    expect(await archive.get("acme", "resume-archive")).toMatchObject({
      refId: "resume-archive",
      isArchived: true,
    });
  });

  it("finishes an erasure whose clean-up failed after the transaction", async () => {
    await seed("acme", "resume-erase", { status: "blocked" });
    const adapters = { ...retentionDepsFromEnv(), clock: new FixedClock(NOW) };
    const failingCleanup = {
      deleteOutboxRecords: adapters.cleanup.deleteOutboxRecords.bind(adapters.cleanup),
      expireIdentifierRows: adapters.cleanup.expireIdentifierRows.bind(adapters.cleanup),
      deleteRetainedIdentifierRows: adapters.cleanup.deleteRetainedIdentifierRows.bind(adapters.cleanup),
      removeAuditNotes: () => Promise.reject(new InjectedFailure("throttled")),
    };
    const input = { clientId: "acme", refId: "resume-erase", operator: "ops-1" };
    await expect(eraseProfile({ ...adapters, cleanup: failingCleanup }, input)).rejects.toBeInstanceOf(
      InjectedFailure,
    );
    expect((await profileOf("acme", "resume-erase")).deleted).toBe(true);
    expect((await profiles.listAudit("acme", "resume-erase"))[0]?.note).toContain("Pereira");

    expect((await eraseProfile(adapters, input)).outcome).toBe("already-erased");
    expect((await profiles.listAudit("acme", "resume-erase")).map((entry) => entry.note)).toEqual([
      undefined,
      undefined,
    ]);
  });
});

describe("an archived approval that later leaves approved", () => {
  it("loses its wallet and identifier rows when it is archived again", async () => {
    const adapters = { ...retentionDepsFromEnv(), clock: new FixedClock(NOW) };
    const input = {
      clientId: "acme",
      refId: "kept-then-blocked",
      actor: { kind: "system", id: "t" },
    } as const;
    const original = await seed("acme", "kept-then-blocked", {
      status: "approved",
      approvedDate: "2026-04-01T00:00:00.000Z",
    });
    const { profile: archived } = await archiveProfile(adapters, { ...input, trigger: "request" });
    expect(archived.wallet).toBe(original.wallet);
    expect(await indexRow(original, 1)).toMatchObject({ status: "approved", expiresAt: expect.any(Number) });
    // Deduplication blocks it against an earlier approval (the index rows it kept are found).
    const blocked = applyTransition(archived, "blocked", {
      actor: { kind: "bot", id: "dedup" },
      reasonCodes: ["DUPLICATE"],
      ruleVersion: "test",
      at: NOW,
    });
    await profiles.save({
      profile: blocked.profile,
      expectedVersion: archived.version,
      audit: blocked.audit,
      outbox: blocked.outbox,
      index: indexChangeFor(archived, blocked.profile, hasher),
    });

    const again = await archiveProfile(adapters, { ...input, trigger: "schedule" });
    expect(again.outcome).toBe("archived");
    expect(await profileOf("acme", "kept-then-blocked")).toMatchObject({
      status: "blocked",
      wallet: "",
      isArchived: true,
    });
    // Rows are in identifier key order: 0 is the passport, 1 the wallet.
    expect(await indexRow(original, 0)).toBeUndefined();
    expect(await indexRow(original, 1)).toBeUndefined();
    expect((await archiveProfile(adapters, { ...input, trigger: "schedule" })).outcome).toBe(
      "already-archived",
    );
  });
});

describe("erasure and the on-chain flag", () => {
  const erase = (refId: string) =>
    eraseProfile(
      { ...retentionDepsFromEnv(), clock: new FixedClock(NOW) },
      { clientId: "acme", refId, operator: "ops-1" },
    );

  it("revokes for a profile that left approved (its revocation may still be pending) but not one never approved", async () => {
    await seed("acme", "was-approved", {
      status: "blocked",
      approvedDate: "2026-04-01T00:00:00.000Z",
      blockedDate: "2026-04-02T00:00:00.000Z",
    });
    await seed("acme", "never-approved", { status: "rejected" });
    expect((await erase("was-approved")).revoked).toBe(true);
    expect((await erase("never-approved")).revoked).toBe(false);
  });

  it("tells a business with a webhook URL that the user was deleted, without personal data", async () => {
    await new DynamoDbServiceRepository(documents, local.tableName).put(
      aService({ clientId: "hooked", webhookUrl: "https://hooks.example.com/kyc" }),
    );
    const profile = await seed("hooked", "hooked-1", { status: "rejected" });
    await eraseProfile(
      { ...retentionDepsFromEnv(), clock: new FixedClock(NOW) },
      { clientId: "hooked", refId: "hooked-1", operator: "ops-1" },
    );
    const { Item: item } = await documents.send(
      new GetCommand({
        TableName: local.tableName,
        Key: outboxKey(deterministicId("hooked", "hooked-1", profile.version + 1, "webhook", "user.deleted")),
      }),
    );
    expect(item?.record).toEqual({
      id: expect.any(String),
      kind: "webhook",
      event: "user.deleted",
      clientId: "hooked",
      refId: "hooked-1",
      recordId: profile.recordId,
      status: "rejected",
      submitCount: 1,
      isArchived: false,
      at: NOW,
      profileVersion: profile.version + 1,
      // Blockpass's status dates: an erased profile keeps none of them.
      waitingDate: null,
      inreviewDate: null,
      approvedDate: null,
      rejectedDate: null,
      blockedDate: null,
    });
  });
});
