import { ForbiddenTransitionError, VersionConflictError } from "../errors.js";
import { RULE_VERSION } from "../rule-version.js";
import { webhooksEnabled } from "../service.js";
import { applyTransition } from "../transitions.js";
import type { DecideProfileDeps } from "../use-cases/decide-profile.js";
import { loadProfile, loadService } from "../use-cases/load.js";
import { profileChanged } from "./customer-decision.js";
import { requireCustomerReview } from "./review-access.js";
import { reviewRecordOf, type ReviewRecord } from "./review-record.js";
import { saveTransition } from "../use-cases/save-transition.js";

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
  if (profile.status === "inreview") return { changed: false, record: reviewRecordOf(profile, service) };
  if (profile.status !== "waiting" || profile.isArchived) {
    throw new ForbiddenTransitionError(
      `only a profile waiting for review can be opened (it is ${profile.status})`,
      {
        context: { clientId: profile.clientId, refId: profile.refId, status: profile.status },
      },
    );
  }
  const change = applyTransition(profile, "inreview", {
    actor: { kind: "customer", id: request.reviewer },
    reasonCodes: [CUSTOMER_OPENED],
    ruleVersion: RULE_VERSION,
    at: deps.clock.now(),
    webhooks: webhooksEnabled(service),
  });
  try {
    await saveTransition(deps, profile, change);
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    throw profileChanged(await loadProfile(deps.profiles, request.clientId, request.refId), profile.version);
  }
  return { changed: true, record: reviewRecordOf(change.profile, service) };
}
