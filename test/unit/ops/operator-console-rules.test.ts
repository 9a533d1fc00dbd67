import { describe, expect, it } from "@jest/globals";
import type { AuditEntry } from "../../../lambdas/domain/audit.js";
import { explorerTxUrlOf } from "../../../lambdas/domain/chain/explorers.js";
import { ForbiddenTransitionError, ValidationError } from "../../../lambdas/domain/errors.js";
import { actOnProfile } from "../../../lambdas/domain/operator/act-on-profile.js";
import { ProfileChangedByOtherError } from "../../../lambdas/domain/operator/errors.js";
import { openProfileAsOperator } from "../../../lambdas/domain/operator/open-profile.js";
import { remediationOf } from "../../../lambdas/domain/operator/operator-action.js";
import { profileChangedByOther } from "../../../lambdas/domain/operator/profile-changed.js";
import {
  readQueue,
  type QueueRow,
  type ReviewQueueReader,
} from "../../../lambdas/domain/operator/review-queue.js";
import { reviewSlaOf } from "../../../lambdas/domain/operator/review-sla.js";
import { showProfileToOperator } from "../../../lambdas/domain/operator/show-profile.js";
import type { Page } from "../../../lambdas/domain/ports.js";
import type { Profile, ProfileStatus } from "../../../lambdas/domain/profile.js";
import type { Plan } from "../../../lambdas/domain/service.js";
import type { Holiday, HolidayCalendar } from "../../../lambdas/domain/support/ports.js";
import { indexChangeFor } from "../../../lambdas/domain/use-cases/index-change.js";
import { aSeedAudit } from "../../support/domain-builders.js";
import { aProfile, aService, WALLET_B } from "../domain/support/fixtures.js";
import { createWorld, type TestWorld } from "../domain/support/in-memory-ports.js";

const ALICE = "alice@example.com";
const BOB = "bob@example.com";

async function worldWith(plan: Plan, ...profiles: Profile[]): Promise<TestWorld> {
  const world = createWorld();
  await world.services.put(aService({ plan }));
  for (const profile of profiles) {
    await world.store.createIfAbsent({
      profile,
      audit: aSeedAudit(profile, profile.createdAt, `seed-${profile.refId}`),
      index: indexChangeFor(null, profile, world.hasher).put,
    });
  }
  return world;
}

const notifications = (world: TestWorld) =>
  [...world.store.outbox.values()].filter((record) => record.kind === "user-notification");

describe("remediationOf", () => {
  it("requires the user's text for a resubmission request, allows it on reject, refuses it elsewhere", () => {
    expect(() => remediationOf("request-resubmission", undefined)).toThrow(ValidationError);
    expect(() => remediationOf("request-resubmission", "  ")).toThrow(/remediation text/);
    expect(remediationOf("request-resubmission", " Retake the selfie ")).toBe("Retake the selfie");
    expect(remediationOf("reject", undefined)).toBeUndefined();
    expect(remediationOf("reject", "Upload the back side")).toBe("Upload the back side");
    expect(() => remediationOf("approve", "x")).toThrow(/goes with reject or request-resubmission/);
    expect(() => remediationOf("reject", "x".repeat(1001))).toThrow(/longer than 1000/);
  });
});

describe("operator decisions with a remediation", () => {
  it("requests a resubmission: rejected with its reason code, the remediation is the user's notice", async () => {
    const world = await worldWith("managed", aProfile({ status: "inreview" }));
    const result = await actOnProfile(world, {
      clientId: "acme",
      refId: "user-1",
      action: "request-resubmission",
      reason: "selfie too dark",
      remediation: "Please retake your selfie in daylight.",
      operator: ALICE,
    });
    expect(result.profile).toMatchObject({
      status: "rejected",
      statusReasonCodes: ["OPERATOR_REQUESTED_RESUBMISSION"],
    });
    expect(notifications(world)).toMatchObject([
      {
        status: "rejected",
        message: "Please retake your selfie in daylight.",
        reasonCodes: ["OPERATOR_REQUESTED_RESUBMISSION"],
      },
    ]);
  });

  it("a reject without remediation keeps the default notice; with one, sends it", async () => {
    const world = await worldWith(
      "managed",
      aProfile({ refId: "a", status: "waiting" }),
      aProfile({ refId: "b", status: "waiting", wallet: WALLET_B, documents: [] }),
    );
    await actOnProfile(world, {
      clientId: "acme",
      refId: "a",
      action: "reject",
      reason: "blurry",
      operator: ALICE,
    });
    await actOnProfile(world, {
      clientId: "acme",
      refId: "b",
      action: "reject",
      reason: "blurry",
      remediation: "Upload a sharper photo of your passport.",
      operator: ALICE,
    });
    const byRef = new Map(notifications(world).map((record) => [record.refId, record]));
    expect(byRef.get("a")).toMatchObject({ message: expect.stringContaining("needs changes") });
    expect(byRef.get("b")).toMatchObject({ message: "Upload a sharper photo of your passport." });
  });
});

describe("optimistic concurrency for operators", () => {
  it("names who changed the profile, when, and what it is now", () => {
    const error = profileChangedByOther(
      { clientId: "acme", refId: "u", status: "approved", version: 4 },
      { actor: { kind: "operator", id: ALICE }, at: "2026-12-05T10:00:00Z" },
      3,
    );
    expect(error).toBeInstanceOf(ProfileChangedByOtherError);
    expect(error.message).toBe(
      "the profile was changed by operator:alice@example.com at 2026-12-05T10:00:00Z (version 3 → 4, now approved): reload it before acting",
    );
    expect(error.context).toMatchObject({
      changedBy: "operator:alice@example.com",
      readVersion: 3,
      version: 4,
    });
  });

  it("refuses an act on a version read before another operator's decision, naming that operator", async () => {
    const world = await worldWith("managed", aProfile({ status: "waiting", version: 3 }));
    await actOnProfile(world, {
      clientId: "acme",
      refId: "user-1",
      action: "approve",
      reason: "ok",
      version: 3,
      operator: ALICE,
    });
    const writes = world.store.writes;
    await expect(
      actOnProfile(world, {
        clientId: "acme",
        refId: "user-1",
        action: "block",
        reason: "aml",
        version: 3,
        operator: BOB,
      }),
    ).rejects.toThrow(/changed by operator:alice@example\.com at .* \(version 3 → 4, now approved\)/);
    expect(world.store.writes).toBe(writes);
    // Alice's own retry of the command she already wrote is not a conflict.
    await expect(
      actOnProfile(world, {
        clientId: "acme",
        refId: "user-1",
        action: "approve",
        reason: "ok",
        version: 3,
        operator: ALICE,
      }),
    ).resolves.toMatchObject({ changed: false, profile: { status: "approved" } });
  });

  it("maps a lost conditional write to the same message (the winner wrote between read and write)", async () => {
    const world = await worldWith("managed", aProfile({ status: "waiting", version: 3 }));
    world.store.beforeSave = () => {
      world.store.beforeSave = null;
      // The other operator's decision lands first.
      const stored = world.store.profile("acme", "user-1");
      void world.store.save({
        profile: { ...stored, status: "blocked", version: 4 },
        expectedVersion: 3,
        audit: {
          ...aSeedAudit(stored, "2026-01-02T00:00:00.000Z", "bob-block"),
          from: "waiting",
          to: "blocked",
          actor: { kind: "operator", id: BOB },
          profileVersion: 4,
        },
        outbox: [],
        index: { put: [], removeHashes: [] },
      });
    };
    await expect(
      actOnProfile(world, {
        clientId: "acme",
        refId: "user-1",
        action: "approve",
        reason: "ok",
        operator: ALICE,
      }),
    ).rejects.toThrow(
      "changed by operator:bob@example.com at 2026-01-02T00:00:00.000Z (version 3 → 4, now blocked)",
    );
  });
});

describe("openProfileAsOperator", () => {
  it("opens a waiting profile: inreview, audited OPERATOR_OPENED, no user notice; again: unchanged", async () => {
    const world = await worldWith("managed-dedicated", aProfile({ status: "waiting" }));
    const opened = await openProfileAsOperator(world, { clientId: "acme", refId: "user-1", operator: ALICE });
    expect(opened).toMatchObject({ changed: true, profile: { status: "inreview" } });
    expect((await world.store.listAudit("acme", "user-1")).at(-1)).toMatchObject({
      from: "waiting",
      to: "inreview",
      actor: { kind: "operator", id: ALICE },
      reasonCodes: ["OPERATOR_OPENED"],
    });
    expect(notifications(world)).toEqual([]);
    const writes = world.store.writes;
    await expect(
      openProfileAsOperator(world, { clientId: "acme", refId: "user-1", operator: BOB }),
    ).resolves.toMatchObject({ changed: false });
    expect(world.store.writes).toBe(writes);
  });

  it("refuses other statuses with 409 and other plans with 403", async () => {
    const world = await worldWith("managed", aProfile({ status: "approved" }));
    await expect(
      openProfileAsOperator(world, { clientId: "acme", refId: "user-1", operator: ALICE }),
    ).rejects.toThrow(ForbiddenTransitionError);
    const payg = await worldWith("payg", aProfile({ status: "waiting" }));
    await expect(
      openProfileAsOperator(payg, { clientId: "acme", refId: "user-1", operator: ALICE }),
    ).rejects.toThrow(/Operators have no access/);
  });
});

describe("the operator's profile view", () => {
  it("carries version, reason codes, the latest bot decision's AML evidence and the duplicates", async () => {
    const passport = [{ type: "passport" as const, number: "C01X00T47", country: "DE" }];
    const world = await worldWith(
      "managed",
      aProfile({
        refId: "first",
        status: "approved",
        approvedDate: "2026-01-01T00:00:00.000Z",
        documents: passport,
      }),
      aProfile({
        refId: "second",
        status: "blocked",
        wallet: WALLET_B,
        documents: passport,
        version: 5,
        statusReasonCodes: ["DUPLICATE"],
      }),
    );
    const evidence = [
      {
        categories: ["PEP"],
        nameScore: 100,
        score: 100,
        verdict: "match" as const,
        reasons: ["DOB_MATCH", "COUNTRY_MATCH"],
      },
    ];
    const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
      ...aSeedAudit(world.store.profile("acme", "second")),
      ...overrides,
    });
    world.store.audit.push(
      entry({
        id: "bot",
        to: "blocked",
        actor: { kind: "bot", id: "advanced-kyc-bot" },
        reasonCodes: ["AML_MATCH"],
        amlEvidence: evidence,
        profileVersion: 4,
      }),
      entry({
        id: "dedup",
        to: "blocked",
        actor: { kind: "bot", id: "dedup" },
        reasonCodes: ["DUPLICATE"],
        originalRefId: "first",
        profileVersion: 5,
      }),
    );
    const view = await showProfileToOperator(world, { clientId: "acme", refId: "second" });
    expect(view).toMatchObject({
      version: 5,
      statusReasonCodes: ["DUPLICATE"],
      amlEvidence: evidence,
      duplicates: {
        sharing: [{ refId: "first", status: "approved", matchedOn: ["passport"] }],
        originalRefId: "first",
      },
    });
    const first = await showProfileToOperator(world, { clientId: "acme", refId: "first" });
    expect(first.duplicates).toEqual({
      sharing: [{ refId: "second", status: "blocked", matchedOn: ["passport"] }],
      originalRefId: null,
    });
    expect(first.amlEvidence).toEqual([]);
  });

  it("links transactions on chains with a known explorer only", () => {
    const tx = `0x${"ab".repeat(32)}`;
    expect(explorerTxUrlOf(1, tx)).toBe(`https://etherscan.io/tx/${tx}`);
    expect(explorerTxUrlOf(11155111, tx)).toBe(`https://sepolia.etherscan.io/tx/${tx}`);
    expect(explorerTxUrlOf(8453, tx)).toBe(`https://basescan.org/tx/${tx}`);
    expect(explorerTxUrlOf(84532, tx)).toBe(`https://sepolia.basescan.org/tx/${tx}`);
    expect(explorerTxUrlOf(137, tx)).toBe(`https://polygonscan.com/tx/${tx}`);
    expect(explorerTxUrlOf(31337, tx)).toBeNull();
    expect(explorerTxUrlOf(1, "0x12")).toBeNull();
  });
});

describe("reviewSlaOf", () => {
  const none = new Set<string>();
  // Monday 2026-12-07 10:00 at GMT+7 = 03:00Z.
  const waiting = {
    status: "waiting" as ProfileStatus,
    waitingDate: "2026-12-07T03:00:00.000Z",
    lastStatusChangeAt: "2026-12-07T03:00:00.000Z",
  };

  it("gives the dedicated operator 3 working hours and the managed service 24, from the waiting date", () => {
    expect(reviewSlaOf("managed-dedicated", waiting, "2026-12-07T03:30:00.000Z", none)).toEqual({
      dueAt: "2026-12-07T06:00:00.000Z",
      standing: "on-time",
    });
    expect(reviewSlaOf("managed-dedicated", waiting, "2026-12-07T05:30:00.000Z", none)?.standing).toBe(
      "at-risk",
    );
    expect(
      reviewSlaOf("managed-dedicated", { ...waiting, status: "inreview" }, "2026-12-07T06:00:00.000Z", none)
        ?.standing,
    ).toBe("breached");
    // 24 working hours from Monday 10:00 = 8 + 9 + 7: Wednesday 16:00 GMT+7.
    expect(reviewSlaOf("managed", waiting, "2026-12-07T03:30:00.000Z", none)?.dueAt).toBe(
      "2026-12-09T09:00:00.000Z",
    );
    // A holiday on Tuesday pushes it a day.
    expect(reviewSlaOf("managed", waiting, "2026-12-07T03:30:00.000Z", new Set(["2026-12-08"]))?.dueAt).toBe(
      "2026-12-10T09:00:00.000Z",
    );
  });

  it("has none on plans where the customer reviews, nor for decided profiles", () => {
    expect(reviewSlaOf("payg", waiting, waiting.waitingDate, none)).toBeNull();
    expect(reviewSlaOf("self-managed", waiting, waiting.waitingDate, none)).toBeNull();
    expect(reviewSlaOf("managed", { ...waiting, status: "blocked" }, waiting.waitingDate, none)).toBeNull();
    expect(reviewSlaOf("managed", { ...waiting, status: "approved" }, waiting.waitingDate, none)).toBeNull();
  });
});

/** A status listing over an array, paged by position: enough to check how the queue pages a filter. */
class ArrayQueue implements ReviewQueueReader {
  reads = 0;
  constructor(private readonly rows: QueueRow[]) {}
  async countByStatus(_clientId: string, status: ProfileStatus): Promise<number> {
    return this.rows.filter((row) => row.status === status).length;
  }
  async listByStatus(
    _c: string,
    status: ProfileStatus,
    cursor: string | null,
    limit: number,
  ): Promise<Page<QueueRow>> {
    this.reads += 1;
    const rows = this.rows.filter((row) => row.status === status);
    const start = cursor === null ? 0 : Number(cursor);
    const end = start + limit;
    return { items: rows.slice(start, end), cursor: end < rows.length ? String(end) : null };
  }
}

const noHolidays: HolidayCalendar = {
  list: async (): Promise<Holiday[]> => [],
  add: async () => undefined,
  remove: async () => false,
};

function row(
  refId: string,
  minutesOld: number,
  reasonCodes: string[],
  status: ProfileStatus = "waiting",
): QueueRow {
  const at = new Date(Date.parse("2026-12-07T03:00:00.000Z") + minutesOld * 60_000).toISOString();
  return {
    refId,
    recordId: `rec-${refId}`,
    status,
    version: 2,
    waitingDate: at,
    inreviewDate: null,
    approvedDate: null,
    rejectedDate: null,
    blockedDate: status === "blocked" ? at : null,
    lastStatusChangeAt: at,
    statusReasonCodes: reasonCodes,
  };
}

describe("readQueue", () => {
  const rows = [
    row("w1", 0, ["AML_REVIEW"]),
    row("w2", 1, ["DOC_BLURRY"]),
    row("w3", 2, ["DOC_BLURRY"]),
    row("w4", 3, ["AML_REVIEW"]),
    row("w5", 4, ["DOC_BLURRY"]),
    row("w6", 5, ["DOC_BLURRY"]),
    row("w7", 6, ["AML_REVIEW"]),
    row("b1", 0, ["AML_MATCH"], "blocked"),
  ];
  const depsWith = async (plan: Plan, queue: ReviewQueueReader) => {
    const world = await worldWith(plan);
    return {
      services: world.services,
      queue,
      holidays: noHolidays,
      clock: { now: () => "2026-12-07T04:00:00.000Z" },
    };
  };

  it("pages a reason-code filter without skipping rows: pages read on until full, the cursor continues", async () => {
    const deps = await depsWith("managed-dedicated", new ArrayQueue(rows));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const view = await readQueue(deps, {
        clientId: "acme",
        status: "waiting",
        reasonCode: "AML_REVIEW",
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(view.records.length).toBeLessThanOrEqual(2);
      seen.push(...view.records.map((r) => r.refId));
      if (view.cursor === null) break;
      cursor = view.cursor;
    }
    expect(seen).toEqual(["w1", "w4", "w7"]);
  });

  it("stops a sparse filter after a few index pages: a short page with a cursor", async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      row(`x${String(i).padStart(2, "0")}`, i, ["DOC_BLURRY"]),
    );
    const queue = new ArrayQueue([...many, row("late", 99, ["AML_REVIEW"])]);
    const deps = await depsWith("managed", queue);
    const first = await readQueue(deps, {
      clientId: "acme",
      status: "waiting",
      reasonCode: "AML_REVIEW",
      limit: 5,
    });
    expect(first.records).toEqual([]);
    expect(first.cursor).not.toBeNull();
    expect(queue.reads).toBe(5);
    const next = await readQueue(deps, {
      clientId: "acme",
      status: "waiting",
      reasonCode: "AML_REVIEW",
      limit: 5,
      cursor: first.cursor as string,
    });
    expect(next.records.map((r) => r.refId)).toEqual(["late"]);
    expect(next.cursor).toBeNull();
  });

  it("counts every status and gives age, reason codes, version and SLA per row", async () => {
    const deps = await depsWith("managed-dedicated", new ArrayQueue(rows));
    const view = await readQueue(deps, { clientId: "acme", status: "waiting", limit: 1 });
    expect(view.counts).toEqual({
      waiting: 7,
      inreview: 0,
      blocked: 1,
      approved: 0,
      rejected: 0,
      incomplete: 0,
    });
    expect(view.records).toEqual([
      {
        refId: "w1",
        recordId: "rec-w1",
        status: "waiting",
        since: "2026-12-07T03:00:00.000Z",
        ageSeconds: 3600,
        reasonCodes: ["AML_REVIEW"],
        version: 2,
        sla: { dueAt: "2026-12-07T06:00:00.000Z", standing: "on-time" },
      },
    ]);
    const blocked = await readQueue(deps, { clientId: "acme", status: "blocked", limit: 5 });
    expect(blocked.records).toMatchObject([{ refId: "b1", sla: null }]);
  });

  it("is refused on plans where the customer reviews", async () => {
    const deps = await depsWith("self-managed", new ArrayQueue(rows));
    await expect(readQueue(deps, { clientId: "acme", status: "waiting", limit: 5 })).rejects.toThrow(
      /Operators have no access/,
    );
  });
});
