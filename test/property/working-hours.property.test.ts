import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import {
  addWorkingHours,
  isWorkingInstant,
  localDateOf,
  workingHoursBetween,
  workingMsBetween,
} from "../../lambdas/domain/support/working-hours.js";

const HOUR = 3_600_000;
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2027, 11, 31);
const instant = fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms).toISOString());
const hours = fc.constantFrom(24, 6, 3, 1, 0.5, 9, 18, 27);
/** Holiday calendars of up to 40 local dates in the same range (runs of consecutive days included). */
const holidays = fc
  .array(fc.tuple(fc.integer({ min: FROM, max: TO }), fc.integer({ min: 1, max: 10 })), { maxLength: 8 })
  .map((runs) => {
    const set = new Set<string>();
    for (const [start, length] of runs) {
      for (let day = 0; day < length; day += 1) set.add(localDateOf(start + day * 24 * HOUR));
    }
    return set;
  });

/** Local (GMT+7) wall-clock hour and weekday of an instant. */
function local(iso: string): { hour: number; minute: number; weekday: number; date: string } {
  const shifted = new Date(Date.parse(iso) + 7 * HOUR);
  return {
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay(),
    date: shifted.toISOString().slice(0, 10),
  };
}

describe("working-hours SLA clock (9:00–18:00 GMT+7, weekdays, holidays)", () => {
  it("the due time is exactly the budget of working time after the start", () => {
    fc.assert(
      fc.property(instant, hours, holidays, (start, budget, off) => {
        const due = addWorkingHours(start, budget, off);
        expect(Date.parse(due)).toBeGreaterThan(Date.parse(start));
        expect(workingMsBetween(start, due, off)).toBe(budget * HOUR);
      }),
    );
  });

  it("the due time falls inside a working day's hours (ends at 18:00 at the latest), never on a weekend or holiday", () => {
    fc.assert(
      fc.property(instant, hours, holidays, (start, budget, off) => {
        const due = local(addWorkingHours(start, budget, off));
        expect(due.weekday).not.toBe(0);
        expect(due.weekday).not.toBe(6);
        expect(off.has(due.date)).toBe(false);
        const minutes = due.hour * 60 + due.minute;
        expect(minutes).toBeGreaterThan(9 * 60);
        expect(minutes).toBeLessThanOrEqual(18 * 60);
      }),
    );
  });

  it("is monotone: a later start is never due earlier", () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 14 * 24 * HOUR }),
        hours,
        holidays,
        (start, delay, budget, off) => {
          const later = new Date(Date.parse(start) + delay).toISOString();
          expect(Date.parse(addWorkingHours(later, budget, off))).toBeGreaterThanOrEqual(
            Date.parse(addWorkingHours(start, budget, off)),
          );
        },
      ),
    );
  });

  it("a start outside working hours counts from the next opening", () => {
    fc.assert(
      fc.property(instant, hours, holidays, (start, budget, off) => {
        fc.pre(!isWorkingInstant(Date.parse(start), off));
        // The next opening: the first working instant after the start (found by the clock itself).
        const firstMinute = addWorkingHours(start, 1 / 60, off);
        const opening = new Date(Date.parse(firstMinute) - 60_000).toISOString();
        expect(local(opening).hour).toBe(9);
        expect(local(opening).minute).toBe(0);
        expect(addWorkingHours(start, budget, off)).toBe(addWorkingHours(opening, budget, off));
      }),
    );
  });

  it("working time between two instants is additive and never more than the wall-clock time", () => {
    fc.assert(
      fc.property(instant, instant, instant, holidays, (a, b, c, off) => {
        const [x, y, z] = [a, b, c].sort();
        const whole = workingMsBetween(x as string, z as string, off);
        expect(whole).toBe(
          workingMsBetween(x as string, y as string, off) + workingMsBetween(y as string, z as string, off),
        );
        expect(whole).toBeLessThanOrEqual(Date.parse(z as string) - Date.parse(x as string));
      }),
    );
  });

  // Edge cases named by the issue, with their expected due times written out.
  it.each([
    ["opened mid-morning: same day", "2026-01-05T03:00:00.000Z", 3, "2026-01-05T06:00:00.000Z"],
    [
      "crosses the night: Monday 17:00 + 3 h = Tuesday 11:00",
      "2026-01-05T10:00:00.000Z",
      3,
      "2026-01-06T04:00:00.000Z",
    ],
    [
      "crosses the weekend: Friday 16:00 + 6 h = Monday 13:00",
      "2026-01-09T09:00:00.000Z",
      6,
      "2026-01-12T06:00:00.000Z",
    ],
    [
      "opened on Saturday: counts from Monday 9:00",
      "2026-01-10T05:00:00.000Z",
      3,
      "2026-01-12T05:00:00.000Z",
    ],
    ["opened at 20:00: counts from 9:00 next day", "2026-01-05T13:00:00.000Z", 6, "2026-01-06T08:00:00.000Z"],
    ["opened at 07:00: counts from 9:00 same day", "2026-01-06T00:00:00.000Z", 9, "2026-01-06T11:00:00.000Z"],
    [
      "24 working hours span three days and a bit",
      "2026-01-05T02:00:00.000Z",
      24,
      "2026-01-07T08:00:00.000Z",
    ],
    ["the budget ends at closing time exactly", "2026-01-05T02:00:00.000Z", 9, "2026-01-05T11:00:00.000Z"],
  ])("%s", (_name, start, budget, due) => {
    expect(addWorkingHours(start, budget, new Set())).toBe(due);
  });

  it("skips holidays: a Friday 16:00 ticket with Monday off is due Tuesday", () => {
    expect(addWorkingHours("2026-01-09T09:00:00.000Z", 6, new Set(["2026-01-12"]))).toBe(
      "2026-01-13T06:00:00.000Z",
    );
    expect(
      workingHoursBetween("2026-01-09T09:00:00.000Z", "2026-01-13T06:00:00.000Z", new Set(["2026-01-12"])),
    ).toBe(6);
  });

  it("uses the GMT+7 date: 23:30 UTC on Sunday is already Monday 06:30 locally", () => {
    expect(addWorkingHours("2026-01-04T23:30:00.000Z", 1, new Set())).toBe("2026-01-05T03:00:00.000Z");
    expect(addWorkingHours("2026-01-04T23:30:00.000Z", 1, new Set(["2026-01-05"]))).toBe(
      "2026-01-06T03:00:00.000Z",
    );
  });
});
