import { customerReviewsOn } from "../api-keys/scopes.js";
import type { Service } from "../service.js";
import { CustomerReviewDeniedError } from "./errors.js";

/**
 * Throws unless the service's plan *now* lets the customer remediate its profiles. Checked by every
 * review use case, not only by the authorizer: its answers are cached, and a service may move to a
 * managed plan in between.
 */
export function requireCustomerReview(service: Pick<Service, "clientId" | "plan">): void {
  if (!customerReviewsOn(service.plan)) throw new CustomerReviewDeniedError(service.clientId, service.plan);
}
