import type { HolidayCalendar } from "../support/ports.js";
import { holidaySetOf } from "../support/support-desk.js";
import type { Clock, Page, ServiceRepository } from "../ports.js";
import { STATUS_DATE_FIELD, type Profile, type ProfileStatus } from "../profile.js";
import { loadService } from "../use-cases/load.js";
import { requireOperatorAccess } from "./operator-access.js";
import { reviewSlaOf, type ReviewSla } from "./review-sla.js";

/** The operators' work queues: what the bots left for review, what is in review, blocks to audit, approvals (QA). */
export const QUEUE_STATUSES = ["waiting", "inreview", "blocked", "approved"] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** Every status counted on a queue page. */
export const COUNTED_STATUSES = [
  "waiting",
  "inreview",
  "blocked",
  "approved",
  "rejected",
  "incomplete",
] as const;

export const MAX_QUEUE_LIMIT = 100;
/** At most this many index pages are read for one filtered queue page (then it is short, with a cursor). */
export const MAX_PAGES_PER_QUEUE_READ = 5;

/** A queue row as stored: status fields, version and reason codes (no personal data). */
export type QueueRow = Pick<
  Profile,
  | "refId"
  | "recordId"
  | "status"
  | "version"
  | "waitingDate"
  | "inreviewDate"
  | "approvedDate"
  | "rejectedDate"
  | "blockedDate"
  | "lastStatusChangeAt"
> & { statusReasonCodes: string[] };

/** Reads a service's profiles by status, oldest status change first. */
export interface ReviewQueueReader {
  /** Exact number of the service's profiles in the status. */
  countByStatus(clientId: string, status: ProfileStatus): Promise<number>;
  /** A page of the status's rows from `cursor` (null: the oldest); rows that moved on are left out. */
  listByStatus(
    clientId: string,
    status: ProfileStatus,
    cursor: string | null,
    limit: number,
  ): Promise<Page<QueueRow>>;
}

export interface QueueRecord {
  refId: string;
  recordId: string;
  status: ProfileStatus;
  /** When the profile entered the status. */
  since: string;
  ageSeconds: number;
  reasonCodes: string[];
  version: number;
  sla: ReviewSla | null;
}

export interface QueueView {
  clientId: string;
  status: QueueStatus;
  counts: Record<(typeof COUNTED_STATUSES)[number], number>;
  records: QueueRecord[];
  /** Where the next page starts; null at the end. A filtered page may be short with a cursor. */
  cursor: string | null;
}

export interface ReadQueueDeps {
  services: Pick<ServiceRepository, "get">;
  queue: ReviewQueueReader;
  holidays: HolidayCalendar;
  clock: Clock;
}

export interface QueueRequest {
  clientId: string;
  status: QueueStatus;
  /** Only rows whose last status change carries this reason code. */
  reasonCode?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * One page of an operator queue of a managed service (refused on other plans), oldest first, with the
 * counts of every status and each row's age and review SLA. A page may be short (with a cursor) when
 * a reason-code filter matches few rows.
 */
export async function readQueue(deps: ReadQueueDeps, request: QueueRequest): Promise<QueueView> {
  const service = await loadService(deps.services, request.clientId);
  requireOperatorAccess(service);
  const now = deps.clock.now();
  const [holidays, counts, page] = await Promise.all([
    holidaySetOf(deps.holidays),
    countsOf(deps.queue, request.clientId),
    filteredPage(deps.queue, request),
  ]);
  const records = page.items.map((row) => {
    const since = sinceOf(row);
    return {
      refId: row.refId,
      recordId: row.recordId,
      status: row.status,
      since,
      ageSeconds: Math.max(0, Math.floor((Date.parse(now) - Date.parse(since)) / 1000)),
      reasonCodes: row.statusReasonCodes,
      version: row.version,
      sla: reviewSlaOf(service.plan, row, now, holidays),
    };
  });
  return { clientId: request.clientId, status: request.status, counts, records, cursor: page.cursor };
}

async function countsOf(queue: ReviewQueueReader, clientId: string): Promise<QueueView["counts"]> {
  const counted = await Promise.all(
    COUNTED_STATUSES.map(async (status) => [status, await queue.countByStatus(clientId, status)] as const),
  );
  return Object.fromEntries(counted) as QueueView["counts"];
}

/**
 * Reads index pages until the page is full, the status ends, or MAX_PAGES_PER_QUEUE_READ pages were
 * read: rows are left out by the reason-code filter and by the reader (profiles erased or moved on).
 */
async function filteredPage(queue: ReviewQueueReader, request: QueueRequest): Promise<Page<QueueRow>> {
  const { reasonCode } = request;
  const wanted = (row: QueueRow) => reasonCode === undefined || row.statusReasonCodes.includes(reasonCode);
  const items: QueueRow[] = [];
  let cursor = request.cursor ?? null;
  // Each read asks for no more than the page still needs, so the cursor never skips a wanted row.
  for (let pages = 0; pages < MAX_PAGES_PER_QUEUE_READ && items.length < request.limit; pages += 1) {
    const page = await queue.listByStatus(
      request.clientId,
      request.status,
      cursor,
      request.limit - items.length,
    );
    items.push(...page.items.filter(wanted));
    cursor = page.cursor;
    if (cursor === null) break;
  }
  return { items, cursor };
}

/** When the row entered its status (its status date; the last change for records without one). */
export function sinceOf(row: QueueRow): string {
  const field = STATUS_DATE_FIELD[row.status];
  return (field === null ? null : row[field]) ?? row.lastStatusChangeAt;
}
