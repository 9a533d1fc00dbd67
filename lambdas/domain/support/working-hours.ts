/**
 * Support working hours: 9:00–18:00 at GMT+7 (no daylight saving), Monday to Friday, except the
 * holidays of the operator-edited calendar (local dates, YYYY-MM-DD). Pure: the SLA clock of every
 * ticket is computed here (test/property/working-hours.property.test.ts).
 */
export const SUPPORT_UTC_OFFSET_HOURS = 7;
export const WORKDAY_START_HOUR = 9;
export const WORKDAY_END_HOUR = 18;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const OFFSET_MS = SUPPORT_UTC_OFFSET_HOURS * HOUR_MS;
const START_MS = WORKDAY_START_HOUR * HOUR_MS;
const END_MS = WORKDAY_END_HOUR * HOUR_MS;
export const HOLIDAY_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A set of local (GMT+7) dates on which nobody works, besides weekends. */
export type Holidays = ReadonlySet<string>;

/** The local date (GMT+7) of a UTC instant, YYYY-MM-DD. */
export function localDateOf(utcMs: number): string {
  return new Date(utcMs + OFFSET_MS).toISOString().slice(0, 10);
}

function isWorkingLocalDay(localDayStartMs: number, holidays: Holidays): boolean {
  const date = new Date(localDayStartMs);
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !holidays.has(date.toISOString().slice(0, 10));
}

/** Whether the instant falls inside working hours (start inclusive, end exclusive). */
export function isWorkingInstant(utcMs: number, holidays: Holidays): boolean {
  const local = utcMs + OFFSET_MS;
  const day = Math.floor(local / DAY_MS) * DAY_MS;
  const time = local - day;
  return isWorkingLocalDay(day, holidays) && time >= START_MS && time < END_MS;
}

/** At most this many consecutive days off are crossed (a calendar longer than that is an input error). */
const MAX_DAYS_SCANNED = 3660;

/**
 * The instant `hours` working hours after `startIso` (an instant outside working hours counts from
 * the next opening). Ends at 18:00 exactly when the budget runs out at closing time.
 */
export function addWorkingHours(startIso: string, hours: number, holidays: Holidays): string {
  if (!(hours > 0) || !Number.isFinite(hours)) throw new RangeError("hours must be a positive number");
  let remaining = Math.round(hours * HOUR_MS);
  let local = Date.parse(startIso) + OFFSET_MS;
  if (Number.isNaN(local)) throw new RangeError(`not an ISO time: ${startIso}`);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED * 2; scanned += 1) {
    const day = Math.floor(local / DAY_MS) * DAY_MS;
    const time = local - day;
    if (!isWorkingLocalDay(day, holidays) || time >= END_MS) {
      local = day + DAY_MS + START_MS;
      continue;
    }
    if (time < START_MS) local = day + START_MS;
    const available = day + END_MS - local;
    if (remaining <= available) return new Date(local + remaining - OFFSET_MS).toISOString();
    remaining -= available;
    local = day + DAY_MS + START_MS;
  }
  throw new RangeError("the holiday calendar leaves no working day within ten years");
}

/** Working milliseconds between two instants (0 when `to` is not after `from`). */
export function workingMsBetween(fromIso: string, toIso: string, holidays: Holidays): number {
  const from = Date.parse(fromIso) + OFFSET_MS;
  const to = Date.parse(toIso) + OFFSET_MS;
  if (!(to > from)) return 0;
  let total = 0;
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
    if (!isWorkingLocalDay(day, holidays)) continue;
    const open = Math.max(day + START_MS, from);
    const close = Math.min(day + END_MS, to);
    if (close > open) total += close - open;
  }
  return total;
}

/** Working hours between two instants, as a decimal. */
export function workingHoursBetween(fromIso: string, toIso: string, holidays: Holidays): number {
  return workingMsBetween(fromIso, toIso, holidays) / HOUR_MS;
}
