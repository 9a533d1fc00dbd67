import { NotEntitledError, ValidationError } from "../errors.js";
import type { Plan } from "../service.js";

/**
 * What a key may do. `status`: the business API (read statuses); `status+identity`: the same
 * plus identity attributes, only on plans where the customer may see personal data; `intake`:
 * identity-provider writes; `review`: the customer's own remediation of its profiles (the review
 * API, personal data included), only on plans where the customer remediates.
 */
export const API_KEY_SCOPES = ["status", "status+identity", "intake", "review"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What a request is granted, as route handlers check it (`identity` on top of `status`). */
export type Grant = "status" | "identity" | "intake" | "review";

/** Plans whose customers may receive personal data (no on-chain KYC: that is managed-only). */
const IDENTITY_PLANS: ReadonlySet<Plan> = new Set(["payg", "self-managed"]);

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

export function identityReadableOn(plan: Plan): boolean {
  return IDENTITY_PLANS.has(plan);
}

/**
 * Plans whose customers remediate their own profiles: the same as those that may see personal data
 * (on managed plans operators remediate and the customer never sees personal data).
 */
export function customerReviewsOn(plan: Plan): boolean {
  return IDENTITY_PLANS.has(plan);
}

/** Refuses to create a key whose scope the service's plan does not allow. */
export function assertScopeAllowed(
  scope: string,
  plan: Plan,
  clientId: string,
): asserts scope is ApiKeyScope {
  if (!isApiKeyScope(scope)) {
    throw new ValidationError(`scope must be one of ${API_KEY_SCOPES.join(", ")}`, "scope");
  }
  if (scope === "status+identity" && !identityReadableOn(plan)) {
    throw new NotEntitledError(
      `the '${plan}' plan never gives the business personal data: 'status+identity' keys exist only on payg and self-managed services`,
      { context: { clientId, plan, scope } },
    );
  }
  if (scope === "review" && !customerReviewsOn(plan)) {
    throw new NotEntitledError(
      `on the '${plan}' plan operators remediate profiles and the business never sees personal data: 'review' keys exist only on payg and self-managed services`,
      { context: { clientId, plan, scope } },
    );
  }
}

/**
 * What a key grants under the service's *current* plan. Checked on every authorization, not only
 * at creation, so a service moved to a managed (on-chain) plan loses identity and review access at once.
 */
export function grantsOf(scope: ApiKeyScope, plan: Plan): readonly Grant[] {
  switch (scope) {
    case "status":
      return ["status"];
    case "status+identity":
      return identityReadableOn(plan) ? ["status", "identity"] : ["status"];
    case "intake":
      return ["intake"];
    case "review":
      // A service moved to a managed plan: the key grants nothing (403) until the plan moves back.
      return customerReviewsOn(plan) ? ["review"] : [];
  }
}
