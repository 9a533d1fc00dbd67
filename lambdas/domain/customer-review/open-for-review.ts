import type { DecideProfileDeps } from "../use-cases/decide-profile.js";
import { loadProfile, loadService } from "../use-cases/load.js";
import { openProfile } from "../use-cases/open-profile.js";
import { profileChanged } from "./customer-decision.js";
import { requireCustomerReview } from "./review-access.js";
import { reviewRecordOf, type ReviewRecord } from "./review-record.js";

export const CUSTOMER_OPENED = "CUSTOMER_OPENED";

export interface OpenForReviewResult {
  /** False when the profile was already in review (opened before: nothing written). */
  changed: boolean;
  record: ReviewRecord;
}

/**
 * A reviewer opens a waiting profile: `waiting` → `inreview`, with its audit entry (actor: the
 * review key) and the business's `user.inReview` webhook, written with the version check. Opening
 * an opened profile changes nothing; any other status is a 409.
 */
export async function openForReview(
  deps: DecideProfileDeps,
  request: { clientId: string; refId: string; reviewer: string },
): Promise<OpenForReviewResult> {
  const service = await loadService(deps.services, request.clientId);
  requireCustomerReview(service);
  const profile = await loadProfile(deps.profiles, request.clientId, request.refId);
  const opened = await openProfile(deps, service, profile, {
    actor: { kind: "customer", id: request.reviewer },
    reasonCode: CUSTOMER_OPENED,
    onVersionConflict: async () => {
      throw profileChanged(
        await loadProfile(deps.profiles, request.clientId, request.refId),
        profile.version,
      );
    },
  });
  return { changed: opened.changed, record: reviewRecordOf(opened.profile, service) };
}
