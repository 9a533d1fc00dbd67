import { describe, expect, it } from "@jest/globals";
import { parseCommandLine } from "../../../scripts/ops/command-line.js";
import { UsageError } from "../../../scripts/ops/errors.js";
import { renderResult } from "../../../scripts/ops/render.js";
import { USAGE } from "../../../scripts/ops/usage.js";

describe("qa commands", () => {
  it("sends sample and record to ops-qa with the operator", () => {
    expect(parseCommandLine(["qa", "sample", "--client-id", "acme"]).command).toEqual({
      name: "qa sample",
      functionName: "ops-qa",
      payload: { action: "sample", clientId: "acme" },
      needsOperator: true,
    });
    expect(
      parseCommandLine(["qa", "sample", "--client-id", "acme", "--week", "2026-W49"]).command?.payload,
    ).toEqual({ action: "sample", clientId: "acme", week: "2026-W49" });
    const record = [
      "qa",
      "record",
      ...["--client-id", "acme", "--week", "2026-W49", "--ref-id", "u-1"],
      ...["--outcome", "overturned", "--note", "namesake"],
    ];
    expect(parseCommandLine(record).command).toEqual({
      name: "qa record",
      functionName: "ops-qa",
      payload: {
        action: "record",
        clientId: "acme",
        week: "2026-W49",
        refId: "u-1",
        outcome: "overturned",
        note: "namesake",
      },
      needsOperator: true,
    });
  });

  it("refuses missing and foreign options", () => {
    expect(() => parseCommandLine(["qa", "record", "--client-id", "acme", "--week", "2026-W49"])).toThrow(
      new UsageError("qa record needs --ref-id"),
    );
    expect(() => parseCommandLine(["qa", "sample", "--client-id", "acme", "--note", "x"])).toThrow(
      new UsageError("qa sample does not take --note"),
    );
    expect(() => parseCommandLine(["profile", "list", "--client-id", "acme", "--week", "2026-W49"])).toThrow(
      new UsageError("profile list does not take --week"),
    );
  });

  it("documents both commands in the usage text", () => {
    expect(USAGE).toContain("qa sample --client-id <id> [--week <YYYY-Www>]");
    expect(USAGE).toContain("qa record --client-id <id> --week <YYYY-Www> --ref-id <refId>");
  });
});

describe("qa rendering", () => {
  const item = (
    refId: string,
    status: string,
    outcome: string | null,
    now: Record<string, unknown> | null,
  ) => ({
    refId,
    status,
    decidedAt: "2026-12-01T10:00:00.000Z",
    outcome:
      outcome === null ? null : { outcome, note: "n", operator: "olga", at: "2026-12-08T09:00:00.000Z" },
    current: now,
    changedSinceSampled: now !== null && now.status !== status,
  });
  const week = {
    clientId: "acme",
    week: "2026-W49",
    weekStart: "2026-11-30T00:00:00.000Z",
    weekEnd: "2026-12-07T00:00:00.000Z",
    drawnAt: "2026-12-08T06:00:00.000Z",
    drawnBy: "weekly-report",
    population: { approved: 40, blocked: 2 },
    items: [
      item("u-1", "approved", "confirmed", { status: "approved", isArchived: true, deleted: false }),
      item("u-2", "blocked", "overturned", { status: "blocked", isArchived: false, deleted: false }),
      item("u-3", "approved", null, null),
    ],
    counts: { sampled: 3, reviewed: 2, confirmed: 1, overturned: 1, notReviewed: 1 },
  };

  it("shows the sample as a table with outcomes, current states and counts", () => {
    const text = renderResult("qa sample", week);
    expect(text).toContain("acme 2026-W49 (2026-11-30T00:00:00.000Z to 2026-12-07T00:00:00.000Z)");
    expect(text).toContain("Decisions that week: 40 approved, 2 blocked");
    expect(text).toMatch(
      /u-1\s+approved\s+2026-12-01T10:00:00.000Z\s+confirmed\s+olga\s+approved \(archived\)/,
    );
    expect(text).toMatch(/u-3\s+approved\s+\S+\s+-\s+-\s+no record/);
    expect(text).toContain("3 sampled, 2 reviewed (1 confirmed, 1 overturned), 1 not yet reviewed");
  });

  it("after an overturned record, shows the profile act that corrects it", () => {
    const text = renderResult("qa record", {
      changed: true,
      recorded: { refId: "u-2", outcome: "overturned", operator: "olga", at: "2026-12-08T09:00:00.000Z" },
      sample: week,
    });
    expect(text).toContain("u-2 (2026-W49): overturned, recorded by olga.");
    expect(text).toContain("profile act --client-id acme --ref-id u-2 --action unblock");
    const again = renderResult("qa record", {
      changed: false,
      recorded: { refId: "u-1", outcome: "confirmed", operator: "olga", at: "2026-12-08T09:00:00.000Z" },
      sample: week,
    });
    expect(again).toContain("already recorded confirmed by olga");
    expect(again).not.toContain("profile act");
  });
});
