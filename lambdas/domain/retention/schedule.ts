import type { Profile } from "../profile.js";
import type { Service } from "../service.js";

/** Reference: data is kept one month after a single event ends, two months for ongoing services. */
export const SINGLE_EVENT_RETENTION_MONTHS = 1;
export const ONGOING_RETENTION_MONTHS = 2;

/**
 * How far behind "now" the archival job stops when it may archive everything: a status change
 * written just now can still be on its way to the status index, and the job never goes back.
 */
export const INDEX_PROPAGATION_MARGIN_MS = 5 * 60 * 1000;

/** Adds calendar months in UTC, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addCalendarMonths(iso: string, months: number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an ISO date: ${iso}`);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.toISOString();
}

/** When the profile is due for archival (`willArchiveAtDate`); null once archived or erased. */
export function willArchiveAt(
  service: Pick<Service, "retention">,
  profile: Pick<Profile, "lastStatusChangeAt" | "isArchived" | "deleted">,
): string | null {
  if (profile.isArchived || profile.deleted) return null;
  return service.retention.mode === "single-event"
    ? addCalendarMonths(service.retention.eventEndDate, SINGLE_EVENT_RETENTION_MONTHS)
    : addCalendarMonths(profile.lastStatusChangeAt, ONGOING_RETENTION_MONTHS);
}

export function isDueForArchival(
  service: Pick<Service, "retention">,
  profile: Pick<Profile, "lastStatusChangeAt" | "isArchived" | "deleted">,
  now: string,
): boolean {
  const dueAt = willArchiveAt(service, profile);
  return dueAt !== null && Date.parse(dueAt) <= Date.parse(now);
}

/**
 * Which of a service's profiles the job may archive at `now`: those whose last status change is at
 * or before `changedAtOrBefore` (null: none are due yet). For a single event that has been over for
 * a month every profile is due, up to the propagation margin.
 */
export function archivalWindow(service: Pick<Service, "retention">, now: string): string | null {
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new RangeError(`not an ISO date: ${now}`);
  const marginBound = new Date(nowMs - INDEX_PROPAGATION_MARGIN_MS).toISOString();
  if (service.retention.mode === "single-event") {
    const dueAt = addCalendarMonths(service.retention.eventEndDate, SINGLE_EVENT_RETENTION_MONTHS);
    return Date.parse(dueAt) <= nowMs ? marginBound : null;
  }
  return addCalendarMonths(now, -ONGOING_RETENTION_MONTHS);
}
