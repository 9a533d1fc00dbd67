import { ValidationError } from "../errors.js";
import type { Profile, ProfileStatus } from "../profile.js";
import { STATUS_DATE_FIELD } from "../profile.js";
import { loadService } from "../use-cases/load.js";
import { REVIEWABLE_STATUSES } from "./customer-decision.js";
import type { ReviewReadDeps } from "./ports.js";
import { requireCustomerReview } from "./review-access.js";

export interface ReviewQueueRow {
  refId: string;
  recordId: string;
  status: ProfileStatus;
  /** When the profile entered its status. */
  since: string | null;
  ageSeconds: number;
  reasonCodes: string[];
  version: number;
}

export interface ReviewQueuePage {
  clientId: string;
  status: ProfileStatus;
  /** Profiles waiting for review and in review, all pages together. */
  counts: Partial<Record<ProfileStatus, number>>;
  records: ReviewQueueRow[];
  /** The next page's offset, or null on the last page. */
  nextSkip: number | null;
}

/**
 * One status of the customer's review queue (the console's customer role): `waiting` or `inreview`,
 * oldest first, with the counts of both. Rows are read in full (strongly consistent) for the version a
 * decision names and the reason codes the bots left.
 */
export async function reviewQueueOf(
  deps: ReviewReadDeps,
  request: { clientId: string; status: ProfileStatus; skip: number; limit: number; now: string },
): Promise<ReviewQueuePage> {
  const { clientId, status, skip, limit } = request;
  const service = await loadService(deps.services, clientId);
  requireCustomerReview(service);
  if (!REVIEWABLE_STATUSES.includes(status)) {
    throw new ValidationError(`customers review waiting and inreview profiles, not ${status} ones`, "status");
  }
  const counts = Object.fromEntries(
    await Promise.all(
      REVIEWABLE_STATUSES.map(async (each) => [each, await deps.index.count(clientId, each)] as const),
    ),
  );
  const rows = await deps.index.read(clientId, status, skip, limit);
  const profiles = await Promise.all(rows.map((row) => deps.profiles.get(clientId, row.refId)));
  const records = profiles.flatMap((profile) =>
    profile === null || profile.deleted ? [] : [rowOf(profile, request.now)],
  );
  const total = counts[status] ?? 0;
  return { clientId, status, counts, records, nextSkip: skip + limit < total ? skip + limit : null };
}

function rowOf(profile: Profile, now: string): ReviewQueueRow {
  const field = STATUS_DATE_FIELD[profile.status];
  const since = field === null ? null : profile[field];
  return {
    refId: profile.refId,
    recordId: profile.recordId,
    status: profile.status,
    since,
    ageSeconds: since === null ? 0 : Math.max(0, Math.floor((Date.parse(now) - Date.parse(since)) / 1000)),
    reasonCodes: profile.statusReasonCodes ?? [],
    version: profile.version,
  };
}
