import type { Plan } from "../service.js";

export const TICKET_CATEGORIES = [
  "technical",
  "data-deletion",
  "kyc-status",
  "aml-remediation",
  "service-change",
  "plan-change",
] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

export const TICKET_CHANNELS = ["email", "telegram", "dedicated-email", "api"] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** Who raised the ticket: the business (customer) or one of its end users (named by refId). */
export const REQUESTERS = ["business", "user"] as const;
export type Requester = (typeof REQUESTERS)[number];

export const SUPPORT_TIERS = ["self-service", "basic", "priority", "dedicated"] as const;
export type SupportTier = (typeof SUPPORT_TIERS)[number];

/** How much a user's KYC status question is answered with (the reference's "User Support" table). */
export type StatusAdvice = "none" | "basic-instructions" | "remediation-advice" | "detailed-reasons";

/** What one side (business or user) of a plan may ask, where, and how fast the first answer is due. */
export interface SupportOffer {
  categories: readonly TicketCategory[];
  channels: readonly TicketChannel[];
  /** First response due within this many working hours (9:00–18:00 GMT+7); null: no commitment. */
  firstResponseHours: number | null;
}

export interface PlanSupport {
  tier: SupportTier;
  business: SupportOffer;
  user: SupportOffer;
  statusAdvice: StatusAdvice;
  /** Enhanced due diligence: a 100% AML match in a PEP category may prove a false positive. */
  enhancedDueDiligence: boolean;
}

/** The response time of each tier as the reference states it for the business's own queries. */
export const TIER_RESPONSE_HOURS: Readonly<Record<SupportTier, number | null>> = {
  "self-service": null,
  basic: 24,
  priority: 6,
  dedicated: 3,
};

/**
 * The reference's "Customer Support" and "User Support" tables as one matrix (docs/support-desk.md).
 * - Pay-as-you-go: Basic support, mail box; users get technical and data-deletion support only.
 * - Self-managed and managed: Priority support (mail box and Telegram for the business, 6 h); their
 *   users write to the mail box and are answered within 24 h. Self-managed users get basic
 *   instructions about their status; managed users remediation advice. Only managed businesses may
 *   ask for service changes (self-managed customers change their own settings) and status checks.
 * - Managed with dedicated operator: Dedicated support, 3 h for both sides, the dedicated mailbox,
 *   detailed reasons, and AML remediation (EDD) for users.
 * Plan changes (upgrade/downgrade questions) are open to every business; the answer routes them to
 * sales or operations. The `api` channel is the business API: every paid plan has it.
 */
export const PLAN_SUPPORT: Readonly<Record<Plan, PlanSupport>> = {
  payg: {
    tier: "basic",
    business: {
      categories: ["technical", "plan-change"],
      channels: ["email", "api"],
      firstResponseHours: 24,
    },
    user: { categories: ["technical", "data-deletion"], channels: ["email", "api"], firstResponseHours: 24 },
    statusAdvice: "none",
    enhancedDueDiligence: false,
  },
  "self-managed": {
    tier: "priority",
    business: {
      categories: ["technical", "plan-change"],
      channels: ["email", "telegram", "api"],
      firstResponseHours: 6,
    },
    user: {
      categories: ["technical", "data-deletion", "kyc-status"],
      channels: ["email", "api"],
      firstResponseHours: 24,
    },
    statusAdvice: "basic-instructions",
    enhancedDueDiligence: false,
  },
  managed: {
    tier: "priority",
    business: {
      categories: ["technical", "kyc-status", "service-change", "plan-change"],
      channels: ["email", "telegram", "api"],
      firstResponseHours: 6,
    },
    user: {
      categories: ["technical", "data-deletion", "kyc-status"],
      channels: ["email", "api"],
      firstResponseHours: 24,
    },
    statusAdvice: "remediation-advice",
    enhancedDueDiligence: false,
  },
  "managed-dedicated": {
    tier: "dedicated",
    business: {
      categories: ["technical", "kyc-status", "aml-remediation", "service-change", "plan-change"],
      channels: ["email", "telegram", "dedicated-email", "api"],
      firstResponseHours: 3,
    },
    user: {
      categories: ["technical", "data-deletion", "kyc-status", "aml-remediation"],
      channels: ["email", "dedicated-email", "api"],
      firstResponseHours: 3,
    },
    statusAdvice: "detailed-reasons",
    enhancedDueDiligence: true,
  },
};

export function supportOf(plan: Plan): PlanSupport {
  return PLAN_SUPPORT[plan];
}

const CATEGORY_LABEL: Readonly<Record<TicketCategory, string>> = {
  technical: "technical issues",
  "data-deletion": "data deletion",
  "kyc-status": "KYC status questions",
  "aml-remediation": "AML remediation",
  "service-change": "service configuration changes",
  "plan-change": "plan changes",
};

const PLAN_LABEL: Readonly<Record<Plan, string>> = {
  payg: "pay-as-you-go",
  "self-managed": "Enterprise self-managed",
  managed: "Enterprise managed",
  "managed-dedicated": "Enterprise managed with dedicated operator",
};

/** Whether the plan covers this request; when not, the refusal text naming what the plan offers. */
export function admissionOf(
  plan: Plan,
  requester: Requester,
  category: TicketCategory,
  channel: TicketChannel,
): { admitted: true } | { admitted: false; refusal: string } {
  const offer = PLAN_SUPPORT[plan][requester];
  const who = requester === "business" ? "the business" : "its users";
  const offers = `The ${PLAN_LABEL[plan]} plan offers ${who} support for ${offer.categories
    .map((c) => CATEGORY_LABEL[c])
    .join(", ")} through ${offer.channels.join(", ")}.`;
  if (!offer.categories.includes(category)) {
    return {
      admitted: false,
      refusal: `This request (${CATEGORY_LABEL[category]}) is not part of the support plan. ${offers}${routeHint(category, requester)}`,
    };
  }
  if (!offer.channels.includes(channel)) {
    return {
      admitted: false,
      refusal: `The ${channel} channel is not part of the support plan. ${offers}`,
    };
  }
  return { admitted: true };
}

function routeHint(category: TicketCategory, requester: Requester): string {
  if (requester === "user" && (category === "kyc-status" || category === "aml-remediation")) {
    return " Please contact the business you are verifying with about your KYC status.";
  }
  if (category === "service-change")
    return " Service settings are changed by the business in its own console.";
  return "";
}
