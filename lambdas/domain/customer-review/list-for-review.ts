import { slicesOf, type PageRequest } from "../business-api/paging.js";
import { loadService } from "../use-cases/load.js";
import { REVIEWABLE_STATUSES } from "./customer-decision.js";
import type { ReviewReadDeps } from "./ports.js";
import { requireCustomerReview } from "./review-access.js";
import { reviewRecordOf, type ReviewRecord } from "./review-record.js";

export interface ReviewPage {
  records: ReviewRecord[];
  /** Profiles waiting for review or in review, all pages together. */
  total: number;
  skip: number;
  limit: number;
}

/**
 * A page of the profiles a customer has to decide: `waiting` ones first, then `inreview` ones, each
 * oldest status change first (the byStatus index; no scan). Each record is read again in full,
 * strongly consistent, so its `version` is the one a decision must name.
 */
export async function listForReview(
  deps: ReviewReadDeps,
  request: PageRequest & { clientId: string },
): Promise<ReviewPage> {
  const { clientId, skip, limit } = request;
  const service = await loadService(deps.services, clientId);
  requireCustomerReview(service);
  const counts = await Promise.all(
    REVIEWABLE_STATUSES.map(async (status) => ({ status, count: await deps.index.count(clientId, status) })),
  );
  const slices = slicesOf(counts, { skip, limit });
  const rows = (
    await Promise.all(slices.map((slice) => deps.index.read(clientId, slice.status, slice.skip, slice.take)))
  )
    .flat()
    .slice(0, limit);
  const profiles = await Promise.all(rows.map((row) => deps.profiles.get(clientId, row.refId)));
  return {
    records: profiles.flatMap((profile) =>
      profile === null || profile.deleted ? [] : [reviewRecordOf(profile, service)],
    ),
    total: counts.reduce((sum, { count }) => sum + count, 0),
    skip,
    limit,
  };
}
