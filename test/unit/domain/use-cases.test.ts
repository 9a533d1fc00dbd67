import { describe, expect, it } from "@jest/globals";
import type { AmlScreener } from "../../../lambdas/domain/bots/aml-screening.js";
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from "../../../lambdas/domain/errors.js";
import { dedupOnDecision } from "../../../lambdas/domain/use-cases/dedup-on-decision.js";
import { dedupSweep } from "../../../lambdas/domain/use-cases/dedup-sweep.js";
import { reviewProfile } from "../../../lambdas/domain/use-cases/review-profile.js";
import { submitCertificates } from "../../../lambdas/domain/use-cases/submit-certificates.js";
import type { SubmitProfileInput } from "../../../lambdas/domain/use-cases/submit-profile.js";
import { submitProfile } from "../../../lambdas/domain/use-cases/submit-profile.js";
import type { Plan } from "../../../lambdas/domain/service.js";
import { aService, allClear, clear, consider, WALLET_A, WALLET_B } from "./support/fixtures.js";
import type { TestWorld } from "./support/in-memory-ports.js";
import { createWorld } from "./support/in-memory-ports.js";

const clearAml: AmlScreener = () => ({ outcome: "clear", topScore: 0, verdicts: [] });

function submission(refId: string, overrides: Partial<SubmitProfileInput> = {}): SubmitProfileInput {
  return {
    clientId: "acme",
    principalId: "key-1",
    refId,
    wallet: WALLET_A,
    identity: { givenName: "Maria", familyName: "Schmidt", dob: "1990-04-12", nationality: "DE" },
    documents: [{ type: "passport", number: `P-${refId}`, country: "DE" }],
    ipCountry: "DE",
    ...overrides,
  };
}

async function world(plan: Plan = "managed"): Promise<TestWorld> {
  const w = createWorld();
  await w.services.put(aService({ plan }));
  return w;
}

/** Submit, complete the certificates and let the bot decide. */
async function onboard(
  w: TestWorld,
  refId: string,
  overrides: Partial<SubmitProfileInput> = {},
  certs = allClear(),
) {
  await submitProfile(w, submission(refId, overrides));
  await submitCertificates(w, { clientId: "acme", refId, principalId: "provider", certificates: certs });
  return reviewProfile(w, { clientId: "acme", refId }, { screenAml: clearAml });
}

describe("submitProfile", () => {
  it("creates an incomplete profile with a creation audit entry and index rows", async () => {
    const w = await world();
    const { profile, outcome } = await submitProfile(w, submission("u1"));
    expect(outcome).toBe("created");
    expect(profile).toMatchObject({ status: "incomplete", submitCount: 1, rejectionCount: 0, version: 1 });
    expect(profile.recordId).toMatch(/^[0-9a-f]{24}$/);
    expect(await w.profiles.listAudit("acme", "u1")).toEqual([
      expect.objectContaining({ from: null, to: "incomplete", actor: { kind: "customer", id: "key-1" } }),
    ]);
    expect(w.store.indexRows.get("acme")?.size).toBe(2); // wallet + passport
  });

  it("is idempotent for the same body and refuses different data (409)", async () => {
    const w = await world();
    await submitProfile(w, submission("u1"));
    expect((await submitProfile(w, submission("u1"))).outcome).toBe("unchanged");
    await expect(submitProfile(w, submission("u1", { wallet: WALLET_B }))).rejects.toThrow(ConflictError);
  });

  it("404s for an unknown service and 400s for a repeated document", async () => {
    const w = await world();
    await expect(submitProfile(w, submission("u1", { clientId: "nope" }))).rejects.toThrow(NotFoundError);
    const doc = { type: "passport" as const, number: "X 1", country: "DE" };
    await expect(
      submitProfile(w, submission("u1", { documents: [doc, { ...doc, number: "x-1" }] })),
    ).rejects.toMatchObject({ name: "ValidationError", field: "documents.1" });
    await expect(
      submitProfile(w, submission("u1", { documents: [{ ...doc, number: " - " }] })),
    ).rejects.toThrow(ValidationError);
  });

  it("resubmits a rejected profile: submitCount + 1, certificates cleared, back to incomplete", async () => {
    const w = await world();
    const decided = await onboard(w, "u1", {}, [
      consider("identity-document", "DOC_EXPIRED"),
      clear("selfie"),
      clear("aml"),
    ]);
    expect(decided.profile.status).toBe("rejected");
    const newDoc = [{ type: "passport" as const, number: "NEW123", country: "DE" }];
    const { profile, outcome } = await submitProfile(w, submission("u1", { documents: newDoc }));
    expect(outcome).toBe("resubmitted");
    expect(profile).toMatchObject({
      status: "incomplete",
      submitCount: 2,
      rejectionCount: 1,
      certificates: [],
    });
    const audit = await w.profiles.listAudit("acme", "u1");
    expect(audit.at(-1)).toMatchObject({ from: "rejected", to: "incomplete", reasonCodes: ["RESUBMITTED"] });
    // The old passport's index row is gone, the new one is there.
    const rows = [...(w.store.indexRows.get("acme")?.values() ?? [])];
    expect(rows.filter((r) => r.refId === "u1")).toHaveLength(2);
    expect(rows.some((r) => r.identifierHash === w.hasher.hash("passport:DE:NEW123"))).toBe(true);
    expect(rows.some((r) => r.identifierHash === w.hasher.hash("passport:DE:PU1"))).toBe(false);
  });
});

describe("submitCertificates", () => {
  it("stores partial certificates, then moves to waiting and queues the bots when all are in", async () => {
    const w = await world();
    await submitProfile(w, submission("u1"));
    const first = await submitCertificates(w, {
      clientId: "acme",
      refId: "u1",
      principalId: "provider",
      certificates: [clear("identity-document")],
    });
    expect(first).toMatchObject({ outcome: "stored", profile: { status: "incomplete", version: 2 } });
    expect(w.queue.requests).toEqual([]);
    const second = await submitCertificates(w, {
      clientId: "acme",
      refId: "u1",
      principalId: "provider",
      certificates: [clear("selfie"), clear("aml")],
    });
    expect(second).toMatchObject({ outcome: "completed", profile: { status: "waiting", version: 3 } });
    expect(second.profile.waitingDate).not.toBeNull();
    expect(w.queue.requests).toEqual([{ clientId: "acme", refId: "u1", profileVersion: 3 }]);
    expect((await w.profiles.listAudit("acme", "u1")).at(-1)).toMatchObject({
      from: "incomplete",
      to: "waiting",
      actor: { kind: "system", id: "provider" },
      reasonCodes: ["CERTIFICATES_COMPLETE"],
    });
  });

  it("re-delivery of the same certificates re-queues a waiting profile without writing", async () => {
    const w = await world();
    await submitProfile(w, submission("u1"));
    const input = { clientId: "acme", refId: "u1", principalId: "provider", certificates: allClear() };
    w.queue.failNext = true;
    await expect(submitCertificates(w, input)).rejects.toThrow("queue unavailable");
    const writes = w.store.writes;
    expect(await submitCertificates(w, input)).toMatchObject({ outcome: "unchanged" });
    expect(w.store.writes).toBe(writes);
    expect(w.queue.requests).toHaveLength(1);
  });

  it("409s certificates for a blocked or decided profile, 404s an unknown refId", async () => {
    const w = await world();
    await onboard(w, "u1");
    await expect(
      submitCertificates(w, {
        clientId: "acme",
        refId: "u1",
        principalId: "provider",
        certificates: [consider("selfie", "SELFIE_QUALITY")],
      }),
    ).rejects.toThrow(ConflictError);
    await expect(
      submitCertificates(w, {
        clientId: "acme",
        refId: "zz",
        principalId: "p",
        certificates: [clear("aml")],
      }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe("reviewProfile", () => {
  it("approves an all-clear profile with an audit entry, an attest record and a user notification", async () => {
    const w = await world();
    const result = await onboard(w, "u1");
    expect(result).toMatchObject({ outcome: "decided", profile: { status: "approved" } });
    const kinds = [...w.store.outbox.values()].map(
      (o) => `${o.kind}:${"intent" in o ? o.intent : "status" in o ? o.status : o.event}`,
    );
    expect(kinds.sort()).toEqual(["chain:attest", "user-notification:approved"]);
    expect((await w.profiles.listAudit("acme", "u1")).at(-1)).toMatchObject({
      from: "waiting",
      to: "approved",
      actor: { kind: "bot", id: "kyc-bot" },
      reasonCodes: ["ALL_CLEAR"],
    });
  });

  it("is idempotent: running again on the same message changes nothing", async () => {
    const w = await world();
    await onboard(w, "u1");
    const snapshot = structuredClone(w.store.profilesByKey);
    const writes = w.store.writes;
    const again = await reviewProfile(w, { clientId: "acme", refId: "u1" }, { screenAml: clearAml });
    expect(again.outcome).toBe("skipped");
    expect(w.store.writes).toBe(writes);
    expect(w.store.profilesByKey).toEqual(snapshot);
  });

  it("leaves unsure cases waiting without writing", async () => {
    const w = await world();
    const result = await onboard(w, "u1", {}, [
      consider("identity-document", "DOC_WEIRD"),
      clear("selfie"),
      clear("aml"),
    ]);
    expect(result).toMatchObject({ outcome: "review", profile: { status: "waiting" } });
    expect(result.decision?.reasonCodes).toEqual(["UNKNOWN_CHECK_CODE"]);
  });

  it("surfaces a lost version race so the message is retried", async () => {
    const w = await world();
    await submitProfile(w, submission("u1"));
    await submitCertificates(w, {
      clientId: "acme",
      refId: "u1",
      principalId: "p",
      certificates: allClear(),
    });
    w.store.beforeSave = (write) => {
      w.store.beforeSave = null;
      const stored = w.store.profile("acme", write.profile.refId);
      w.store.profilesByKey.set(`acme#${stored.refId}`, { ...stored, version: stored.version + 1 });
    };
    await expect(reviewProfile(w, { clientId: "acme", refId: "u1" })).rejects.toThrow(VersionConflictError);
  });
});

describe("deduplication use cases", () => {
  it("blocks a later approval sharing the wallet, with DUPLICATE and the original's refId in the audit only", async () => {
    const w = await world();
    await onboard(w, "first");
    const second = await onboard(w, "second"); // same wallet (WALLET_A), other passport
    expect(second.profile.status).toBe("blocked");
    expect(second.dedup).toEqual({ originalRefId: "first", blocked: ["second"], groupSize: 2 });
    expect(w.store.profile("acme", "first").status).toBe("approved");
    const audit = await w.profiles.listAudit("acme", "second");
    expect(audit.at(-1)).toMatchObject({
      from: "approved",
      to: "blocked",
      reasonCodes: ["DUPLICATE"],
      originalRefId: "first",
      actor: { kind: "bot", id: "dedup" },
    });
    // Leaving approved revokes on-chain; the user notice does not name the original.
    const outbox = [...w.store.outbox.values()].filter((o) => o.refId === "second");
    expect(outbox.map((o) => o.kind === "chain" && o.intent).filter(Boolean)).toEqual(["attest", "revoke"]);
    expect(JSON.stringify(outbox)).not.toContain("first");
  });

  it("matches passports after normalisation and blocks waiting/rejected duplicates too", async () => {
    const w = await world();
    await onboard(w, "orig", {
      wallet: WALLET_B,
      documents: [{ type: "passport", number: "AB 12-34.5", country: "FR" }],
    });
    await submitProfile(
      w,
      submission("dup", { documents: [{ type: "passport", number: "ab12345", country: "fr" }] }),
    );
    const result = await dedupOnDecision(w, { clientId: "acme", refId: "orig" });
    expect(result).toEqual({ entitled: true, originalRefId: "orig", blocked: ["dup"], groupSize: 2 });
    expect(w.store.profile("acme", "dup").status).toBe("blocked");
  });

  it("does nothing without the deduplication entitlement", async () => {
    const w = await world("payg");
    await onboard(w, "a");
    const b = await onboard(w, "b");
    expect(b.profile.status).toBe("approved");
    expect(b.dedup).toBeNull();
    expect(await dedupOnDecision(w, { clientId: "acme", refId: "b" })).toEqual({ entitled: false });
    expect(await dedupSweep(w, { clientId: "acme" })).toEqual({ status: "not-entitled" });
  });

  it("the sweep finds what the real-time path missed, pages through the index and can resume", async () => {
    const w = await world("self-managed"); // no dedup while these are approved
    for (const refId of ["a", "b", "c", "d"]) await onboard(w, refId);
    await onboard(w, "e", { wallet: WALLET_B });
    expect([..."abcde"].map((r) => w.store.profile("acme", r).status)).toEqual(Array(5).fill("approved"));
    await w.services.put(aService({ plan: "self-managed", advancedBotEnabled: true }));

    let pauses = 0;
    const paused = await dedupSweep(w, { clientId: "acme", pageSize: 3, shouldPause: () => pauses++ < 1 });
    expect(paused).toMatchObject({ status: "paused", phase: "scan", pagesRead: 1 });
    expect(w.checkpoints.saved.get("acme")?.cursor).not.toBeNull();

    const done = await dedupSweep(w, { clientId: "acme", pageSize: 3 });
    expect(done).toMatchObject({
      status: "completed",
      rows: 10,
      profiles: 5,
      groups: 1,
      blocked: ["b", "c", "d"],
    });
    expect(done.status === "completed" && done.pagesRead).toBe(4);
    expect(w.checkpoints.saved.size).toBe(0);
    expect([..."abcde"].map((r) => w.store.profile("acme", r).status)).toEqual([
      "approved",
      "blocked",
      "blocked",
      "blocked",
      "approved",
    ]);
    // A second sweep finds nothing more to do.
    expect(await dedupSweep(w, { clientId: "acme" })).toMatchObject({
      status: "completed",
      groups: 0,
      blocked: [],
    });
  });

  it("a sweep paused while applying resumes at the next group", async () => {
    const w = await world("self-managed");
    await onboard(w, "a1");
    await onboard(w, "a2");
    await onboard(w, "b1", { wallet: WALLET_B });
    await onboard(w, "b2", { wallet: WALLET_B });
    await w.services.put(aService({ plan: "self-managed", advancedBotEnabled: true }));
    let asked = 0;
    // Scan pages: 1 (never asked after the last page); apply: ask before group 0 (no), group 1 (yes).
    const paused = await dedupSweep(w, { clientId: "acme", shouldPause: () => ++asked === 2 });
    expect(paused).toMatchObject({ status: "paused", phase: "apply", groupsApplied: 1 });
    const done = await dedupSweep(w, { clientId: "acme" });
    expect(done).toMatchObject({ status: "completed", groups: 2 });
    expect(["a2", "b2"].map((r) => w.store.profile("acme", r).status)).toEqual(["blocked", "blocked"]);
  });
});

describe("webhook outbox records", () => {
  const webhookEvents = (w: TestWorld) =>
    [...w.store.outbox.values()].flatMap((record) =>
      record.kind === "webhook" ? [`${record.refId}:${record.event}`] : [],
    );

  it("are written with each status change when the service has a webhook URL", async () => {
    const w = createWorld();
    await w.services.put(aService({ plan: "managed", webhookUrl: "https://hooks.example.org/kyc" }));
    await onboard(w, "u1");
    await onboard(w, "u2", {
      documents: [{ type: "passport", number: "P-u1", country: "DE" }],
      wallet: WALLET_B,
    });
    expect(webhookEvents(w)).toEqual(
      expect.arrayContaining([
        "u1:user.created",
        "u1:user.readyToReview",
        "u1:review.approved",
        "u2:user.readyToReview",
        "u2:review.approved",
        "u2:user.blocked",
      ]),
    );
  });

  it("are not written for a service without a webhook URL", async () => {
    const w = await world();
    await onboard(w, "u1");
    expect(webhookEvents(w)).toEqual([]);
  });
});
