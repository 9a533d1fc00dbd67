import { describe, expect, it } from "@jest/globals";
import { HmacIdentifierHasher } from "../../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { ValidationError } from "../../../lambdas/domain/errors.js";
import { qaCountsOf } from "../../../lambdas/domain/quality/qa-outcome.js";
import { drawSample, type QaCandidate, type QaStatus } from "../../../lambdas/domain/quality/qa-sample.js";
import { qaWeekFor, qaWeekOf } from "../../../lambdas/domain/quality/qa-week.js";
import { sampleSizeFor } from "../../../lambdas/domain/quality/sample-size.js";

const HASHER = new HmacIdentifierHasher(Buffer.alloc(32, 7));
const OTHER_KEY = new HmacIdentifierHasher(Buffer.alloc(32, 8));
const W49 = qaWeekOf("2026-W49");

/** `count` decisions of `status` spread over the week (one every 30 minutes from Monday 00:00). */
function decisions(status: QaStatus, count: number, prefix = status): QaCandidate[] {
  return Array.from({ length: count }, (_, i) => ({
    refId: `${prefix}-${String(i).padStart(4, "0")}`,
    status,
    decidedAt: new Date(Date.parse(W49.start) + i * 30 * 60 * 1000).toISOString(),
  }));
}

const refIds = (items: readonly QaCandidate[]) => items.map((item) => item.refId);

describe("sample size", () => {
  it.each([
    [0, 0],
    [1, 1],
    [5, 5],
    [6, 5],
    [50, 5],
    [51, 6],
    [120, 12],
    [250, 25],
    [251, 25],
    [10_000, 25],
  ])("%i decisions: %i sampled", (decided, sampled) => {
    expect(sampleSizeFor(decided)).toBe(sampled);
  });
});

describe("drawSample", () => {
  const candidates = [...decisions("approved", 120), ...decisions("blocked", 3)];

  it("sizes each status apart: 10 % of 120 approvals, all 3 blocks", () => {
    const drawn = drawSample(HASHER, { clientId: "dedicated", week: W49, candidates });
    expect(drawn.population).toEqual({ approved: 120, blocked: 3 });
    expect(drawn.items.filter((item) => item.status === "approved")).toHaveLength(12);
    expect(refIds(drawn.items.filter((item) => item.status === "blocked")).sort()).toEqual([
      "blocked-0000",
      "blocked-0001",
      "blocked-0002",
    ]);
  });

  it("is reproducible: the same key, service and week give the same sample in any input order", () => {
    const first = drawSample(HASHER, { clientId: "dedicated", week: W49, candidates });
    const reversed = drawSample(HASHER, {
      clientId: "dedicated",
      week: W49,
      candidates: [...candidates].reverse(),
    });
    expect(refIds(reversed.items)).toEqual(refIds(first.items));
  });

  it("depends on the key, the service and the week", () => {
    const base = refIds(drawSample(HASHER, { clientId: "dedicated", week: W49, candidates }).items);
    const otherKey = refIds(drawSample(OTHER_KEY, { clientId: "dedicated", week: W49, candidates }).items);
    const otherService = refIds(drawSample(HASHER, { clientId: "other", week: W49, candidates }).items);
    // Same decisions moved one week on: another week's draw.
    const W50 = qaWeekOf("2026-W50");
    const shifted = candidates.map((c) => ({
      ...c,
      decidedAt: new Date(Date.parse(c.decidedAt) + 7 * 24 * 3600 * 1000).toISOString(),
    }));
    const otherWeek = refIds(
      drawSample(HASHER, { clientId: "dedicated", week: W50, candidates: shifted }).items,
    );
    for (const other of [otherKey, otherService, otherWeek]) expect(other).not.toEqual(base);
  });

  it("is not the first refIds of the week: the draw spreads over the population", () => {
    const approved = refIds(
      drawSample(HASHER, { clientId: "dedicated", week: W49, candidates }).items,
    ).filter((id) => id.startsWith("approved"));
    expect(approved).not.toEqual(refIds(decisions("approved", 12)));
    expect(new Set(approved).size).toBe(12);
  });

  it("takes decisions from Monday 00:00 UTC up to, not including, the next Monday 00:00 UTC", () => {
    const at = (refId: string, decidedAt: string): QaCandidate => ({ refId, status: "blocked", decidedAt });
    const drawn = drawSample(HASHER, {
      clientId: "dedicated",
      week: W49,
      candidates: [
        at("sunday-before", "2026-11-29T23:59:59.999Z"),
        at("monday-start", "2026-11-30T00:00:00.000Z"),
        at("sunday-last", "2026-12-06T23:59:59.999Z"),
        at("next-monday", "2026-12-07T00:00:00.000Z"),
        // 23:30 on Sunday in UTC-5 is Monday 04:30 UTC: next week.
        at("sunday-new-york", "2026-12-07T04:30:00.000Z"),
      ],
    });
    expect(refIds(drawn.items).sort()).toEqual(["monday-start", "sunday-last"]);
    expect(drawn.population).toEqual({ approved: 0, blocked: 2 });
  });

  it("counts a refId once even if the source returned it twice", () => {
    const twice = [...decisions("approved", 3), ...decisions("approved", 3)];
    expect(
      drawSample(HASHER, { clientId: "dedicated", week: W49, candidates: twice }).population.approved,
    ).toBe(3);
  });
});

describe("QA weeks", () => {
  it("names ISO weeks in UTC, week 1 holding January 4th", () => {
    expect(qaWeekOf("2026-W49")).toEqual({
      id: "2026-W49",
      start: "2026-11-30T00:00:00.000Z",
      end: "2026-12-07T00:00:00.000Z",
    });
    expect(qaWeekOf("2026-W01").start).toBe("2025-12-29T00:00:00.000Z");
    expect(qaWeekOf("2026-W53").end).toBe("2027-01-04T00:00:00.000Z");
    expect(qaWeekOf("2021-W01").start).toBe("2021-01-04T00:00:00.000Z");
  });

  it.each(["2025-W53", "2026-W00", "2026-W54", "2026-49", "W49"])("refuses %s", (id) => {
    expect(() => qaWeekOf(id)).toThrow(ValidationError);
  });

  it("defaults to the last complete week and refuses one that has not ended", () => {
    expect(qaWeekFor(undefined, "2026-12-07T00:00:00.000Z").id).toBe("2026-W49");
    expect(qaWeekFor(undefined, "2026-12-06T23:59:59.999Z").id).toBe("2026-W48");
    expect(qaWeekFor("2026-W49", "2026-12-07T00:00:00.000Z").id).toBe("2026-W49");
    expect(() => qaWeekFor("2026-W49", "2026-12-06T23:59:59.999Z")).toThrow("has not ended yet");
  });
});

describe("QA counts", () => {
  it("counts reviewed, confirmed, overturned and what is left", () => {
    expect(
      qaCountsOf(7, [{ outcome: "confirmed" }, { outcome: "overturned" }, { outcome: "confirmed" }]),
    ).toEqual({
      sampled: 7,
      reviewed: 3,
      confirmed: 2,
      overturned: 1,
      notReviewed: 4,
    });
  });
});
