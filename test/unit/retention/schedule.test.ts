import fc from "fast-check";
import {
  INDEX_PROPAGATION_MARGIN_MS,
  addCalendarMonths,
  archivalWindow,
  isDueForArchival,
  willArchiveAt,
} from "../../../lambdas/domain/retention/schedule.js";
import { aProfile, aService } from "../../support/domain-builders.js";

describe("addCalendarMonths", () => {
  it("adds calendar months in UTC and clamps to the month's last day", () => {
    expect(addCalendarMonths("2026-01-15T10:00:00.000Z", 1)).toBe("2026-02-15T10:00:00.000Z");
    expect(addCalendarMonths("2026-01-31T10:00:00.000Z", 1)).toBe("2026-02-28T10:00:00.000Z");
    expect(addCalendarMonths("2028-01-31T00:00:00.000Z", 1)).toBe("2028-02-29T00:00:00.000Z");
    expect(addCalendarMonths("2026-12-31T23:59:59.999Z", 2)).toBe("2027-02-28T23:59:59.999Z");
    expect(addCalendarMonths("2026-03-31T00:00:00.000Z", -2)).toBe("2026-01-31T00:00:00.000Z");
    expect(addCalendarMonths("2026-05-01", 1)).toBe("2026-06-01T00:00:00.000Z");
  });

  it("refuses a value that is not a date", () => {
    expect(() => addCalendarMonths("soon", 1)).toThrow(RangeError);
  });

  it("moves forward by 28 to 31 days per month and keeps the time of day", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 24 }),
        (date, months) => {
          const from = date.toISOString();
          const to = addCalendarMonths(from, months);
          const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
          expect(days).toBeGreaterThanOrEqual(28 * months - 3);
          expect(days).toBeLessThanOrEqual(31 * months);
          expect(to.slice(10)).toBe(from.slice(10));
        },
      ),
    );
  });
});

describe("willArchiveAt", () => {
  const ongoing = aService();
  const event = aService({ retention: { mode: "single-event", eventEndDate: "2026-03-31T00:00:00.000Z" } });

  it("is two months after the last status change for ongoing services", () => {
    const profile = aProfile({ lastStatusChangeAt: "2026-01-10T10:00:00.000Z" });
    expect(willArchiveAt(ongoing, profile)).toBe("2026-03-10T10:00:00.000Z");
  });

  it("is one month after the event end for single-event services, whatever the profile's dates", () => {
    expect(willArchiveAt(event, aProfile({ lastStatusChangeAt: "2026-01-01T00:00:00.000Z" }))).toBe(
      "2026-04-30T00:00:00.000Z",
    );
    expect(willArchiveAt(event, aProfile({ lastStatusChangeAt: "2026-04-20T00:00:00.000Z" }))).toBe(
      "2026-04-30T00:00:00.000Z",
    );
  });

  it("is null once the profile is archived or erased", () => {
    expect(willArchiveAt(ongoing, aProfile({ isArchived: true }))).toBeNull();
    expect(willArchiveAt(ongoing, aProfile({ deleted: true }))).toBeNull();
  });

  it("makes a profile due exactly at that instant", () => {
    const profile = aProfile({ lastStatusChangeAt: "2026-01-10T10:00:00.000Z" });
    expect(isDueForArchival(ongoing, profile, "2026-03-10T09:59:59.999Z")).toBe(false);
    expect(isDueForArchival(ongoing, profile, "2026-03-10T10:00:00.000Z")).toBe(true);
  });
});

describe("archivalWindow", () => {
  it("covers status changes up to two months ago for ongoing services", () => {
    expect(archivalWindow(aService(), "2026-05-31T12:00:00.000Z")).toBe("2026-03-31T12:00:00.000Z");
  });

  it("is closed before a single event has been over for a month, then covers all but the last minutes", () => {
    const service = aService({
      retention: { mode: "single-event", eventEndDate: "2026-03-31T00:00:00.000Z" },
    });
    expect(archivalWindow(service, "2026-04-29T23:59:59.999Z")).toBeNull();
    const now = "2026-05-02T00:00:00.000Z";
    expect(archivalWindow(service, now)).toBe(
      new Date(Date.parse(now) - INDEX_PROPAGATION_MARGIN_MS).toISOString(),
    );
  });

  it("agrees with isDueForArchival for ongoing services", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2025-01-01"), max: new Date("2027-01-01"), noInvalidDate: true }),
        fc.date({ min: new Date("2025-01-01"), max: new Date("2027-01-01"), noInvalidDate: true }),
        (changed, now) => {
          const service = aService();
          const profile = aProfile({ lastStatusChangeAt: changed.toISOString() });
          const bound = archivalWindow(service, now.toISOString());
          const inWindow = bound !== null && changed.toISOString() <= bound;
          // Month-end clamping makes "2 months before now" and "2 months after change" differ by days at most.
          if (inWindow)
            expect(Date.parse(willArchiveAt(service, profile) ?? "")).toBeLessThanOrEqual(
              now.getTime() + 3 * 86_400_000,
            );
          else
            expect(
              isDueForArchival(service, profile, new Date(now.getTime() - 3 * 86_400_000).toISOString()),
            ).toBe(false);
        },
      ),
    );
  });
});
