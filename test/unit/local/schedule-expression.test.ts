import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { ScheduleExpressionError } from "../../../scripts/local/errors.js";
import { nextFireTime, parseSchedule } from "../../../scripts/local/schedule-expression.js";

const at = (iso: string) => new Date(iso);

describe("rate expressions", () => {
  it.each([
    ["rate(1 minute)", 60_000],
    ["rate(5 minutes)", 300_000],
    ["rate(12 hours)", 43_200_000],
    ["rate(1 day)", 86_400_000],
    ["rate(7 days)", 604_800_000],
  ])("%s fires every %d ms after the previous firing", (expression, everyMs) => {
    const schedule = parseSchedule(expression);
    expect(schedule).toEqual({ kind: "rate", everyMs });
    expect(nextFireTime(schedule, at("2026-01-10T10:00:30.500Z")).getTime()).toBe(
      at("2026-01-10T10:00:30.500Z").getTime() + everyMs,
    );
  });

  it.each([
    "rate(1 hours)",
    "rate(2 hour)",
    "rate(0 minutes)",
    "rate(5 weeks)",
    "rate(-1 day)",
    "every 12 hours",
  ])("refuses %s as EventBridge does", (expression) => {
    expect(() => parseSchedule(expression)).toThrow(ScheduleExpressionError);
  });
});

describe("cron expressions (UTC)", () => {
  it.each([
    ["cron(0 12 * * ? *)", "2026-01-10T12:00:00Z", "2026-01-11T12:00:00.000Z"],
    ["cron(0 12 * * ? *)", "2026-01-10T11:59:59Z", "2026-01-10T12:00:00.000Z"],
    ["cron(0/15 * * * ? *)", "2026-01-10T10:07:00Z", "2026-01-10T10:15:00.000Z"],
    ["cron(15 10 ? * MON-FRI *)", "2026-01-09T10:15:00Z", "2026-01-12T10:15:00.000Z"],
    ["cron(15 10 ? * 1 *)", "2026-01-10T00:00:00Z", "2026-01-11T10:15:00.000Z"],
    ["cron(0 8 1 JAN ? 2030)", "2026-06-01T00:00:00Z", "2030-01-01T08:00:00.000Z"],
    ["cron(30 2 29 FEB ? *)", "2026-03-01T00:00:00Z", "2028-02-29T02:30:00.000Z"],
    ["cron(0 0,12 10-11 * ? *)", "2026-01-10T12:00:00Z", "2026-01-11T00:00:00.000Z"],
  ])("%s after %s fires at %s", (expression, after, expected) => {
    expect(nextFireTime(parseSchedule(expression), at(after)).toISOString()).toBe(expected);
  });

  it.each([
    ["cron(0 12 * * *)", "6 fields"],
    ["cron(0 12 * * * *)", "exactly one of day-of-month and day-of-week"],
    ["cron(0 12 ? * ? *)", "exactly one of day-of-month and day-of-week"],
    ["cron(0 12 L * ? *)", "not supported"],
    ["cron(0 12 ? * 6#3 *)", "not supported"],
    ["cron(0 12 15W * ? *)", "not supported"],
    ["cron(60 12 * * ? *)", "outside 0-59"],
    ["cron(0 12 5-1 * ? *)", "empty range"],
    ["cron(0 12 * * ? 2020)", "no firing"],
  ])("refuses %s (%s)", (expression, reason) => {
    expect(() => nextFireTime(parseSchedule(expression), at("2026-01-10T00:00:00Z"))).toThrow(reason);
  });

  it("fires at the first matching minute after any instant, never skipping one", () => {
    const minutes = fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 4 });
    const hours = fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 3 });
    const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 0, 1) });
    fc.assert(
      fc.property(minutes, hours, instant, (minuteList, hourList, epochMs) => {
        const schedule = parseSchedule(`cron(${minuteList.join(",")} ${hourList.join(",")} * * ? *)`);
        const after = new Date(epochMs);
        const next = nextFireTime(schedule, after);
        const matches = (date: Date) =>
          minuteList.includes(date.getUTCMinutes()) && hourList.includes(date.getUTCHours());
        expect(next.getTime()).toBeGreaterThan(after.getTime());
        expect(next.getUTCSeconds()).toBe(0);
        expect(matches(next)).toBe(true);
        // No matching minute was skipped between `after` and `next`.
        let skipped: string | null = null;
        for (let t = Math.floor(after.getTime() / 60_000 + 1) * 60_000; t < next.getTime(); t += 60_000) {
          if (matches(new Date(t))) skipped ??= new Date(t).toISOString();
        }
        expect(skipped).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});
