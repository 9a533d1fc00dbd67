export { decide } from "./decide.js";
export type { DecisionContext } from "./decide.js";
export type { Decision, DecisionAction } from "./decision.js";
export { STATUS_FOR_ACTION } from "./decision.js";
export { BUILT_IN_POLICIES, policyOf } from "./policies.js";
export type { BotPolicy } from "./policies.js";
export { REMEDIATION_MESSAGES, remediationMessageFor } from "./remediation.js";
export { namesAgree } from "./name-agreement.js";
export type { AmlScreener, AmlScreening, AmlSubject } from "./aml-screening.js";
