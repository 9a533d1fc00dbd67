import { loadProfile, loadService } from "../use-cases/load.js";
import type { ReviewReadDeps } from "./ports.js";
import { requireCustomerReview } from "./review-access.js";
import { reviewRecordOf, type ReviewRecord } from "./review-record.js";

/**
 * One profile of the service in full, whatever its status (a reviewer checks a decision it made);
 * reading changes nothing. An unknown or erased profile is a 404.
 */
export async function readForReview(
  deps: Pick<ReviewReadDeps, "services" | "profiles">,
  request: { clientId: string; refId: string },
): Promise<ReviewRecord> {
  const service = await loadService(deps.services, request.clientId);
  requireCustomerReview(service);
  const profile = await loadProfile(deps.profiles, request.clientId, request.refId);
  return reviewRecordOf(profile, service);
}
