import { identityReadableOn } from "../api-keys/scopes.js";
import type { Plan } from "../service.js";

/** The grant that asks for identity attributes on top of `status` (authorizer context `scope`). */
export const IDENTITY_GRANT = "identity";

/**
 * Whether a business response may carry identity attributes. Both must hold: the caller was granted
 * `identity`, and the service's plan *now* lets the customer see personal data. The plan is read
 * at request time, so neither a key created before a move to a managed (on-chain) plan nor a
 * stale authorizer cache can reach personal data.
 */
export function identityVisible(grants: readonly string[], currentPlan: Plan): boolean {
  return grants.includes(IDENTITY_GRANT) && identityReadableOn(currentPlan);
}
