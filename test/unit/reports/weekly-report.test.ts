import { describe, expect, it } from "@jest/globals";
import type { Actor, AuditEntry } from "../../../lambdas/domain/audit.js";
import type { ProfileStatus } from "../../../lambdas/domain/profile.js";
import {
  buildWeeklyReport,
  median,
  percentile,
  renderWeeklyReportHtml,
  reportWeekBefore,
  reportWeekContaining,
} from "../../../lambdas/domain/reports/index.js";

const BOT: Actor = { kind: "bot", id: "kyc-bot" };
const OPERATOR: Actor = { kind: "operator", id: "ops@example.com" };
const SYSTEM: Actor = { kind: "system", id: "intake" };

function trail(
  refId: string,
  steps: [ProfileStatus | null, ProfileStatus, string, Actor, string[]][],
): AuditEntry[] {
  return steps.map(([from, to, at, actor, reasonCodes], i) => ({
    id: `${refId}-${i}`,
    clientId: "dedicated",
    refId,
    recordId: `rec-${refId}`,
    from,
    to,
    actor,
    reasonCodes,
    ruleVersion: "test",
    at,
    profileVersion: i + 1,
  }));
}

describe("report weeks", () => {
  it("uses ISO weeks starting Monday 00:00 UTC", () => {
    expect(reportWeekContaining("2026-11-26T09:00:00.000Z")).toEqual({
      id: "2026-W48",
      start: "2026-11-23T00:00:00.000Z",
      end: "2026-11-30T00:00:00.000Z",
    });
    expect(reportWeekContaining("2027-01-01T12:00:00.000Z").id).toBe("2026-W53");
    expect(reportWeekContaining("2026-01-01T00:00:00.000Z").id).toBe("2026-W01");
    expect(reportWeekBefore("2026-11-30T06:00:00.000Z").id).toBe("2026-W48");
  });
});

describe("percentiles", () => {
  it("computes nearest-rank p95 and the median", () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([], 95)).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe("buildWeeklyReport", () => {
  const week = reportWeekContaining("2026-11-18T00:00:00.000Z"); // 2026-W47: 16th to 23rd
  const audit = [
    // Waiting before the week, approved by the bot inside it: 2 days.
    ...trail("a", [
      [null, "incomplete", "2026-11-13T10:00:00.000Z", SYSTEM, ["PROFILE_CREATED"]],
      ["incomplete", "waiting", "2026-11-15T10:00:00.000Z", SYSTEM, ["CERTIFICATES_COMPLETE"]],
      ["waiting", "approved", "2026-11-17T10:00:00.000Z", BOT, ["ALL_CLEAR"]],
    ]),
    // Rejected by the bot after 60 s, resubmitted, waiting again; decided after the week ends.
    ...trail("b", [
      [null, "incomplete", "2026-11-16T08:00:00.000Z", SYSTEM, ["PROFILE_CREATED"]],
      ["incomplete", "waiting", "2026-11-16T09:00:00.000Z", SYSTEM, []],
      ["waiting", "rejected", "2026-11-16T09:01:00.000Z", BOT, ["SELFIE_QUALITY", "DOC_EXPIRED"]],
      ["rejected", "incomplete", "2026-11-17T09:00:00.000Z", { kind: "customer", id: "k" }, ["RESUBMITTED"]],
      ["incomplete", "waiting", "2026-11-17T10:00:00.000Z", SYSTEM, []],
      ["waiting", "approved", "2026-11-24T10:00:00.000Z", BOT, ["ALL_CLEAR"]],
    ]),
    // Duplicate block by the bot (1 hour after waiting), then an operator review path.
    ...trail("c", [
      [null, "incomplete", "2026-11-20T08:00:00.000Z", SYSTEM, ["PROFILE_CREATED"]],
      ["incomplete", "waiting", "2026-11-20T09:00:00.000Z", SYSTEM, []],
      ["waiting", "blocked", "2026-11-20T10:00:00.000Z", BOT, ["DUPLICATE"]],
    ]),
    // Operator: waiting -> inreview -> approved, 3 hours after waiting; later archived in the week.
    ...trail("d", [
      [null, "incomplete", "2026-11-01T08:00:00.000Z", SYSTEM, ["PROFILE_CREATED"]],
      ["incomplete", "waiting", "2026-11-21T09:00:00.000Z", SYSTEM, []],
      ["waiting", "inreview", "2026-11-21T10:00:00.000Z", OPERATOR, []],
      ["inreview", "approved", "2026-11-21T12:00:00.000Z", OPERATOR, ["MANUAL"]],
      ["approved", "approved", "2026-11-22T12:00:00.000Z", { kind: "system", id: "archival" }, ["ARCHIVED"]],
    ]),
    // Entirely before the week: not counted anywhere.
    ...trail("e", [
      [null, "incomplete", "2026-11-02T08:00:00.000Z", SYSTEM, ["PROFILE_CREATED"]],
      ["incomplete", "blocked", "2026-11-02T09:00:00.000Z", BOT, ["DUPLICATE"]],
    ]),
    ...trail("f", [
      [null, "incomplete", "2026-11-19T08:00:00.000Z", SYSTEM, ["PROFILE_CREATED"]],
      ["incomplete", "incomplete", "2026-11-19T09:00:00.000Z", OPERATOR, ["ERASED"]],
    ]),
  ];
  const onchain = [
    {
      refId: "a",
      verifiedUntil: 1_900_000_000,
      txHash: "0x1",
      confirmedAt: "2026-11-17T10:05:00.000Z",
      gasUsed: "50000",
    },
    {
      refId: "d",
      verifiedUntil: 1_900_000_000,
      txHash: "0x1",
      confirmedAt: "2026-11-21T12:05:00.000Z",
      gasUsed: "50000",
    },
    { refId: "x", verifiedUntil: 0, txHash: "0x2", confirmedAt: "2026-11-19T00:00:00.000Z", gasUsed: null },
    { refId: "y", verifiedUntil: 0, txHash: "0x3", confirmedAt: "2026-11-10T00:00:00.000Z", gasUsed: "9" },
  ];
  const report = buildWeeklyReport({
    clientId: "dedicated",
    serviceName: "Dedicated <Corp>",
    week,
    generatedAt: "2026-11-23T06:00:00.000Z",
    audit,
    onchain,
  });

  it("counts status changes and end-of-week statuses of the profiles that changed", () => {
    expect(report.statusChanges).toEqual({
      incomplete: 4,
      waiting: 4,
      inreview: 1,
      approved: 2,
      rejected: 1,
      blocked: 1,
    });
    expect(report.profilesByStatus).toEqual({
      incomplete: 1,
      waiting: 1,
      inreview: 0,
      approved: 2,
      rejected: 0,
      blocked: 1,
    });
  });

  it("groups bot decisions by reason code and counts duplicates, archivals and erasures", () => {
    expect(report.botDecisionsByReasonCode).toEqual({
      ALL_CLEAR: 1,
      SELFIE_QUALITY: 1,
      DOC_EXPIRED: 1,
      DUPLICATE: 1,
    });
    expect(report.duplicatesBlocked).toBe(1);
    expect(report.archivals).toBe(1);
    expect(report.erasures).toBe(1);
  });

  it("times decisions from entering waiting", () => {
    // 2 days, 60 s, 1 h, 3 h.
    expect(report.timeToDecisionSeconds).toEqual({ decisions: 4, median: (3600 + 10800) / 2, p95: 172800 });
  });

  it("counts flags issued and revoked in the week, gas per transaction once", () => {
    expect(report.onchain).toEqual({
      flagsIssued: 2,
      flagsRevoked: 1,
      gasUsed: "50000",
      transactionsWithoutGas: 1,
    });
  });

  it("renders a self-contained HTML page with an inline SVG chart and escaped text", () => {
    const html = renderWeeklyReportHtml(report);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<svg");
    expect(html).toContain("Status changes this week");
    expect(html).toContain(">SELFIE_QUALITY</text>");
    expect(html).toContain("Dedicated &lt;Corp&gt;");
    expect(html).not.toContain("Dedicated <Corp>");
    expect(html).not.toMatch(/<script|src=|href=/i);
  });
});
