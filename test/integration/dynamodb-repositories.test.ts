import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { HmacIdentifierHasher } from "../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbIdentifierIndex } from "../../lambdas/adapters/dynamodb/identifier-index.js";
import { DynamoDbOutboxStore } from "../../lambdas/adapters/dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../lambdas/adapters/dynamodb/service-repository.js";
import type { AuditEntry } from "../../lambdas/domain/audit.js";
import { identifierKeysOf, indexEntriesFor } from "../../lambdas/domain/dedup/identifiers.js";
import { ConflictError, VersionConflictError } from "../../lambdas/domain/errors.js";
import type { Profile } from "../../lambdas/domain/profile.js";
import { applyTransition } from "../../lambdas/domain/transitions.js";
import { aProfile, aService, clearCertificates, T0 } from "../support/domain-builders.js";
import { LOCAL_AWS } from "../support/dynamodb-local.js";
import { startLocalServices, type LocalServices } from "../support/local-services.js";

const system = { kind: "system", id: "intake" } as const;
const bot = { kind: "bot", id: "kyc-bot" } as const;
const hasher = new HmacIdentifierHasher(Buffer.alloc(32, 7));
const hash = (key: string) => hasher.hash(key);

let local: LocalServices;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let services: DynamoDbServiceRepository;
let identifiers: DynamoDbIdentifierIndex;
let outbox: DynamoDbOutboxStore;

beforeAll(async () => {
  local = await startLocalServices("repo-test");
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  services = new DynamoDbServiceRepository(documents, local.tableName);
  identifiers = new DynamoDbIdentifierIndex(documents, local.tableName);
  outbox = new DynamoDbOutboxStore(documents, local.tableName);
});

afterAll(async () => {
  documents?.destroy();
  await local?.stop();
});

function creationAudit(profile: Profile): AuditEntry {
  return {
    id: `create-${profile.refId}`,
    clientId: profile.clientId,
    refId: profile.refId,
    recordId: profile.recordId,
    from: null,
    to: profile.status,
    actor: system,
    reasonCodes: ["PROFILE_CREATED"],
    ruleVersion: "test",
    at: profile.createdAt,
    profileVersion: profile.version,
  };
}

async function created(overrides: Partial<Profile>): Promise<Profile> {
  const profile = aProfile(overrides);
  const result = await profiles.createIfAbsent({
    profile,
    audit: creationAudit(profile),
    index: indexEntriesFor(profile, hash),
  });
  expect(result.created).toBe(true);
  return profile;
}

/** incomplete -> waiting -> approved, each written as one transaction. */
async function approve(profile: Profile, at: string): Promise<Profile> {
  const waiting = applyTransition({ ...profile, certificates: clearCertificates() }, "waiting", {
    actor: system,
    reasonCodes: ["CERTIFICATES_COMPLETE"],
    ruleVersion: "test",
    at,
  });
  await profiles.save({
    ...waiting,
    expectedVersion: profile.version,
    index: { put: indexEntriesFor(waiting.profile, hash), removeHashes: [] },
  });
  const approved = applyTransition(waiting.profile, "approved", {
    actor: bot,
    reasonCodes: ["ALL_CLEAR"],
    ruleVersion: "test",
    at,
  });
  await profiles.save({
    ...approved,
    expectedVersion: waiting.profile.version,
    index: { put: indexEntriesFor(approved.profile, hash), removeHashes: [] },
  });
  return approved.profile;
}

describe("DynamoDB repositories", () => {
  it("stores and lists services", async () => {
    await services.put(aService({ clientId: "svc-b" }));
    await services.put(aService({ clientId: "svc-a", plan: "payg" }));
    expect(await services.get("svc-a")).toEqual(aService({ clientId: "svc-a", plan: "payg" }));
    expect(await services.get("missing")).toBeNull();
    const first = await services.list(null, 1);
    const second = await services.list(first.cursor, 10);
    expect([...first.items, ...second.items].map((s) => s.clientId)).toEqual(["svc-a", "svc-b"]);
  });

  it("creates a profile once and returns the existing one on a second create", async () => {
    const profile = await created({ refId: "create-once" });
    const again = await profiles.createIfAbsent({
      profile: { ...profile, submitCount: 9 },
      audit: creationAudit(profile),
      index: [],
    });
    expect(again).toEqual({ created: false, existing: profile });
    expect(await profiles.get("acme", "create-once")).toEqual(profile);
    expect(await profiles.getByRecordId("acme", profile.recordId)).toEqual(profile);
  });

  it("writes profile, audit, outbox and index together and lists audit in order", async () => {
    const profile = await created({ refId: "approve-me" });
    const approved = await approve(profile, "2026-01-10T11:00:00.000Z");

    expect(await profiles.get("acme", "approve-me")).toEqual(approved);
    const audit = await profiles.listAudit("acme", "approve-me");
    expect(audit.map((entry) => [entry.from, entry.to, entry.profileVersion])).toEqual([
      [null, "incomplete", 1],
      ["incomplete", "waiting", 2],
      ["waiting", "approved", 3],
    ]);
    const pendingChain = await outbox.listPending("chain", null, 100);
    expect(pendingChain.items).toEqual([
      expect.objectContaining({ kind: "chain", intent: "attest", refId: "approve-me", profileVersion: 3 }),
    ]);
    const rows = await identifiers.findByHash("acme", hash("passport:PT:CA123456"));
    expect(rows.filter((row) => row.refId === "approve-me")).toEqual([
      expect.objectContaining({ status: "approved", approvedDate: "2026-01-10T11:00:00.000Z" }),
    ]);
  });

  it("a version conflict writes neither audit, outbox nor index rows", async () => {
    const profile = await created({
      refId: "conflict",
      wallet: "0x0000000000000000000000000000000000000001",
    });
    const move = applyTransition({ ...profile, certificates: clearCertificates() }, "waiting", {
      actor: system,
      reasonCodes: ["CERTIFICATES_COMPLETE"],
      ruleVersion: "test",
      at: T0,
    });
    const approved = applyTransition(move.profile, "approved", {
      actor: bot,
      reasonCodes: ["ALL_CLEAR"],
      ruleVersion: "test",
      at: T0,
    });
    const write = {
      ...approved,
      profile: {
        ...approved.profile,
        documents: [{ type: "national_id" as const, number: "X1", country: "FR" }],
      },
      expectedVersion: 2, // the stored version is 1
      index: {
        put: indexEntriesFor(
          { ...approved.profile, documents: [{ type: "national_id", number: "X1", country: "FR" }] },
          hash,
        ),
        removeHashes: [],
      },
    };

    const failure = await profiles.save(write).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VersionConflictError);
    expect((failure as VersionConflictError).cause).toMatchObject({ name: "TransactionCanceledException" });

    expect(await profiles.get("acme", "conflict")).toEqual(profile);
    expect(await profiles.listAudit("acme", "conflict")).toHaveLength(1);
    const pending = await outbox.listPending("chain", null, 100);
    expect(pending.items.filter((record) => record.refId === "conflict")).toEqual([]);
    expect(await identifiers.findByHash("acme", hash("national_id:FR:X1"))).toEqual([]);
  });

  it("refuses to record the same audit id twice", async () => {
    const profile = await created({ refId: "twice" });
    const move = applyTransition({ ...profile, certificates: clearCertificates() }, "waiting", {
      actor: system,
      reasonCodes: [],
      ruleVersion: "test",
      at: T0,
    });
    const index = { put: [], removeHashes: [] };
    await profiles.save({ ...move, expectedVersion: 1, index });
    // Pretend the profile was written back to version 1 by someone replaying an old state.
    await profiles.save({ profile, expectedVersion: 2, audit: null, outbox: [], index });
    const replay = await profiles.save({ ...move, expectedVersion: 1, index }).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(ConflictError);
    expect(replay).not.toBeInstanceOf(VersionConflictError);
  });

  it("removes stale identifier rows when documents change", async () => {
    const profile = await created({
      refId: "docs-change",
      wallet: "0x0000000000000000000000000000000000000002",
    });
    const before = indexEntriesFor(profile, hash).map((entry) => entry.identifierHash);
    const changed: Profile = {
      ...profile,
      documents: [{ type: "national_id", number: "N-9", country: "ES" }],
      version: 2,
    };
    const after = indexEntriesFor(changed, hash);
    await profiles.save({
      profile: changed,
      expectedVersion: 1,
      audit: null,
      outbox: [],
      index: { put: after, removeHashes: before },
    });
    expect(await identifiers.findByHash("acme", hash("national_id:ES:N9"))).toHaveLength(1);
    expect(await identifiers.findByHash("acme", hash("passport:PT:CA123456"))).not.toContainEqual(
      expect.objectContaining({ refId: "docs-change" }),
    );
    // The wallet row is kept (it was both removed and re-put: the put wins).
    expect(
      await identifiers.findByHash("acme", hash("wallet:0x0000000000000000000000000000000000000002")),
    ).toHaveLength(1);
  });

  it("scans a service's identifier rows in hash order, resumably, across shards", async () => {
    const clientId = "scan-svc";
    const expected: string[] = [];
    for (let i = 0; i < 24; i += 1) {
      const profile = aProfile({
        clientId,
        refId: `p-${i}`,
        wallet: `0x${(i + 1).toString(16).padStart(40, "0")}`,
        documents: [{ type: "passport", number: `P${i}`, country: "DE" }],
      });
      await profiles.createIfAbsent({
        profile,
        audit: creationAudit(profile),
        index: indexEntriesFor(profile, hash),
      });
      for (const entry of indexEntriesFor(profile, hash))
        expected.push(`${entry.identifierHash}#${entry.refId}`);
    }
    expected.sort();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await identifiers.scan(clientId, cursor, 7);
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((entry) => `${entry.identifierHash}#${entry.refId}`));
      cursor = page.cursor;
      pages += 1;
    } while (cursor !== null);
    expect(seen).toEqual(expected);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(48 / 7));
  });

  it("lists profiles by status through the status index", async () => {
    const clientId = "status-svc";
    for (const [refId, at] of [
      ["s-2", "2026-01-12T00:00:00.000Z"],
      ["s-1", "2026-01-11T00:00:00.000Z"],
    ] as const) {
      const profile = aProfile({ clientId, refId, wallet: "0x0000000000000000000000000000000000000003" });
      await profiles.createIfAbsent({ profile, audit: creationAudit(profile), index: [] });
      await approve(profile, at);
    }
    const page = await profiles.listByStatus(clientId, "approved", null, 10);
    expect(page.items.map((row) => row.refId)).toEqual(["s-1", "s-2"]);
    expect(page.items[0]).not.toHaveProperty("identity");
    expect(page.items[0]).not.toHaveProperty("wallet");
    expect((await profiles.listByStatus(clientId, "incomplete", null, 10)).items).toEqual([]);
  });

  it("publishing an outbox record removes it from the pending index once", async () => {
    const profile = await created({ refId: "publish", wallet: "0x0000000000000000000000000000000000000004" });
    await approve(profile, T0);
    const pending = (await outbox.listPending("chain", null, 100)).items.find((r) => r.refId === "publish");
    expect(pending).toBeDefined();
    expect(await outbox.markPublished(pending!.id, "2026-01-10T12:00:00.000Z")).toBe(true);
    expect(await outbox.markPublished(pending!.id, "2026-01-10T12:00:01.000Z")).toBe(false);
    const after = await outbox.listPending("chain", null, 100);
    expect(after.items.map((r) => r.id)).not.toContain(pending!.id);
  });

  it("publishes many outbox records per transaction; one already published falls back per record", async () => {
    const wallets = ["5", "6", "7"].map((digit) => `0x${digit.repeat(40)}`);
    for (const [index, wallet] of wallets.entries()) {
      await approve(await created({ refId: `many-${index}`, wallet }), T0);
    }
    const pending = (await outbox.listPending("chain", null, 100)).items.filter((r) =>
      r.refId.startsWith("many-"),
    );
    expect(pending).toHaveLength(3);
    const ids = pending.map((record) => record.id);
    expect(await outbox.markPublished(ids[1]!, "2026-01-10T12:00:00.000Z")).toBe(true);
    // The transaction is refused (ids[1] is published); the fallback marks the other two.
    expect(await outbox.markPublishedMany(ids, "2026-01-10T12:00:01.000Z")).toBe(2);
    expect(await outbox.markPublishedMany(ids, "2026-01-10T12:00:02.000Z")).toBe(0);
    const after = await outbox.listPending("chain", null, 100);
    expect(after.items.filter((r) => ids.includes(r.id))).toEqual([]);
  });

  it("keeps identifiers and personal data out of identifier index items", async () => {
    const profile = await created({
      refId: "pii-check",
      wallet: "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B",
      documents: [{ type: "national_id", number: "ZX-998877", country: "IT" }],
    });
    const { Items: items = [] } = await documents.send(
      new ScanCommand({
        TableName: local.tableName,
        FilterExpression: "entity = :e",
        ExpressionAttributeValues: { ":e": "identifier" },
      }),
    );
    const mine = items.filter((item) => item.refId === "pii-check");
    expect(mine).toHaveLength(identifierKeysOf(profile).length);
    const text = JSON.stringify(mine).toLowerCase();
    for (const secret of [
      "ab5801a7d398351b8be11c439e05c5b3259aec9b",
      "zx-998877",
      "zx998877",
      "ana",
      "pereira",
      "1990-04-01",
    ]) {
      expect(text).not.toContain(secret);
    }
    for (const item of mine) expect(item.identifierHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
