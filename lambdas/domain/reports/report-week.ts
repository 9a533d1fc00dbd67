import { ValidationError } from "../errors.js";

const DAY_MS = 24 * 3600 * 1000;

/** One ISO week (Monday 00:00 UTC to the next Monday, end exclusive), e.g. `2026-W48`. */
export interface ReportWeek {
  id: string;
  start: string;
  end: string;
}

/** The ISO week containing `date`. */
export function reportWeekContaining(date: string): ReportWeek {
  const ms = Date.parse(date);
  if (Number.isNaN(ms)) throw new ValidationError("must be an ISO date", "now");
  const midnight = Math.floor(ms / DAY_MS) * DAY_MS;
  const isoWeekday = ((new Date(midnight).getUTCDay() + 6) % 7) + 1; // Monday 1 .. Sunday 7
  const start = midnight - (isoWeekday - 1) * DAY_MS;
  // The ISO week-numbering year is the year of the week's Thursday.
  const thursday = new Date(start + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return {
    id: `${year}-W${String(week).padStart(2, "0")}`,
    start: new Date(start).toISOString(),
    end: new Date(start + 7 * DAY_MS).toISOString(),
  };
}

/** The last complete week before `now`: a Monday-morning run reports the week that just ended. */
export function reportWeekBefore(now: string): ReportWeek {
  const current = reportWeekContaining(now);
  return reportWeekContaining(new Date(Date.parse(current.start) - DAY_MS).toISOString());
}

export function isInWeek(week: ReportWeek, at: string): boolean {
  return at >= week.start && at < week.end;
}
