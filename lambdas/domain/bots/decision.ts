import type { AmlEvidence } from "./aml-screening.js";

/** What a bot concluded about a waiting profile. `review` leaves it `waiting` for a person. */
export type DecisionAction = "approve" | "reject" | "block" | "review";

export interface Decision {
  action: DecisionAction;
  /** Machine reason codes (check codes, AML_MATCH, SUBMISSION_LIMIT, ALL_CLEAR...). */
  reasonCodes: string[];
  /** User-facing: what to fix and resubmit (generic for blocks and reviews). */
  remediationMessage: string;
  ruleVersion: string;
  /** Which bot decided (the audit actor id). */
  bot: "kyc-bot" | "advanced-kyc-bot";
  /** The AML hits' scores and evidence when the Advanced KYC Bot screened any (for the audit). */
  amlEvidence?: AmlEvidence[];
}

/** Status each decisive action moves a `waiting` profile to. */
export const STATUS_FOR_ACTION = {
  approve: "approved",
  reject: "rejected",
  block: "blocked",
} as const;
