import type { CheckCode } from "../certificates.js";
import type { BotPolicyName, CheckAction, Service } from "../service.js";

/** What the Advanced KYC Bot does per check code, and how many rejections a profile may have. */
export interface BotPolicy {
  name: BotPolicyName;
  /** Missing codes are left for manual review. */
  actions: Partial<Record<CheckCode, CheckAction>>;
  /** A profile rejected this many times is blocked instead of rejected again. */
  maxRejections: number;
}

/**
 * `standard`: reject what the user can fix (document, selfie, proof of address), block suspected
 * fraud. For DOC_NAME_MISMATCH the action applies only when the names really differ (names that
 * agree after normalisation are approved by the bot before the policy is consulted). AML hits are
 * decided by the name matcher, not by this table.
 */
const STANDARD_ACTIONS: Readonly<Record<CheckCode, CheckAction>> = {
  DOC_IMAGE_QUALITY: "reject",
  DOC_EXPIRED: "reject",
  DOC_NAME_MISMATCH: "reject",
  DOC_DATA_INCONSISTENT: "reject",
  DOC_SUSPECTED_FRAUD: "block",
  DOC_UNSUPPORTED: "reject",
  SELFIE_QUALITY: "reject",
  FACE_MISMATCH: "reject",
  LIVENESS_FAILED: "reject",
  POA_EXPIRED: "reject",
  POA_UNREADABLE: "reject",
  POA_NAME_MISMATCH: "reject",
  // Travellers and expatriates connect from abroad: informational unless the policy is strict.
  GEO_MISMATCH: "approve",
  // Decided by AML screening of the hits; the table entry is the fallback when there are none.
  AML_POTENTIAL_MATCH: "review",
  CRYPTO_ADDRESS_UNVERIFIED: "reject",
  CRYPTO_ADDRESS_HIGH_RISK: "block",
};

export const BUILT_IN_POLICIES: Readonly<Record<Exclude<BotPolicyName, "custom">, BotPolicy>> = {
  standard: { name: "standard", actions: STANDARD_ACTIONS, maxRejections: 3 },
  lenient: { name: "lenient", actions: STANDARD_ACTIONS, maxRejections: 5 },
  strict: {
    name: "strict",
    actions: { ...STANDARD_ACTIONS, LIVENESS_FAILED: "block", GEO_MISMATCH: "block" },
    maxRejections: 2,
  },
};

export function policyOf(service: Pick<Service, "botPolicy" | "customPolicy">): BotPolicy {
  if (service.botPolicy !== "custom") return BUILT_IN_POLICIES[service.botPolicy];
  // A custom policy without configuration decides nothing by itself: everything goes to review.
  const custom = service.customPolicy ?? { actions: {}, maxRejections: 0 };
  return { name: "custom", actions: { ...custom.actions }, maxRejections: custom.maxRejections };
}
