import { ValidationError } from "../errors.js";
import { reportWeekBefore, reportWeekContaining, type ReportWeek } from "../reports/report-week.js";

const DAY_MS = 24 * 3600 * 1000;
export const QA_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/**
 * The ISO week named `YYYY-Www` (Monday 00:00 UTC to the next Monday, end exclusive). Week 1 is the
 * week holding January 4th; `W53` exists only in long years, so the id is checked by round trip.
 */
export function qaWeekOf(id: string): ReportWeek {
  const match = QA_WEEK_PATTERN.exec(id);
  if (match === null) throw new ValidationError("must be an ISO week such as 2026-W49", "week");
  const year = Number(match[1]);
  const week = Number(match[2]);
  const january4 = Date.UTC(year, 0, 4);
  const isoWeekday = ((new Date(january4).getUTCDay() + 6) % 7) + 1;
  const start = january4 - (isoWeekday - 1) * DAY_MS + (week - 1) * 7 * DAY_MS;
  const resolved = reportWeekContaining(new Date(start).toISOString());
  if (week < 1 || resolved.id !== id) throw new ValidationError(`${id} is not a week of ${year}`, "week");
  return resolved;
}

/**
 * The week a QA request is about: the named one, which must have ended (a sample of a running week
 * would miss its later decisions and could never be drawn again), or by default the last complete one.
 */
export function qaWeekFor(id: string | undefined, now: string): ReportWeek {
  if (id === undefined) return reportWeekBefore(now);
  const week = qaWeekOf(id);
  if (week.end > now) {
    throw new ValidationError(`${id} has not ended yet: QA samples a complete week`, "week");
  }
  return week;
}
