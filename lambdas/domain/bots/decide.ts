import { screenAml } from "../aml/index.js";
import type { Profile } from "../profile.js";
import { RULE_VERSION } from "../rule-version.js";
import type { Service } from "../service.js";
import { entitlementsOf } from "../service.js";
import type { AmlEvidence, AmlScreener } from "./aml-screening.js";
import { assessConsiderCertificates, combineFindings } from "./advanced-kyc-bot.js";
import type { Decision, DecisionAction } from "./decision.js";
import { policyOf } from "./policies.js";
import { remediationMessageFor } from "./remediation.js";

export interface DecisionContext {
  /** The AML matcher; defaults to ../aml's screenAml. */
  screenAml?: AmlScreener;
  ruleVersion?: string;
}

/**
 * KYC Bot, then Advanced KYC Bot (when the plan has it), on a `waiting` profile. Pure: the caller
 * applies the transition. Anything the bots are not entitled or not sure to decide is `review`.
 */
export function decide(service: Service, profile: Profile, ctx: DecisionContext = {}): Decision {
  const ruleVersion = ctx.ruleVersion ?? RULE_VERSION;
  const entitlements = entitlementsOf(service);
  const reviewer = entitlements.operatorAccess ? "operator" : "customer";
  const make = (
    action: DecisionAction,
    reasonCodes: string[],
    bot: Decision["bot"],
    amlEvidence?: AmlEvidence[],
  ): Decision => ({
    action,
    reasonCodes,
    remediationMessage: remediationMessageFor(action, reasonCodes, reviewer),
    ruleVersion,
    bot,
    ...(amlEvidence === undefined ? {} : { amlEvidence }),
  });

  const present = new Set(profile.certificates.map((c) => c.name));
  if (service.requiredCertificates.some((name) => !present.has(name))) {
    return make("review", ["CERTIFICATES_MISSING"], "kyc-bot");
  }
  if (!entitlements.kycBot) return make("review", ["BOT_NOT_ENTITLED"], "kyc-bot");

  // KYC Bot: all certificates CLEAR -> approved.
  if (profile.certificates.every((c) => c.status === "CLEAR"))
    return make("approve", ["ALL_CLEAR"], "kyc-bot");
  if (!entitlements.advancedBot) return make("review", ["ADVANCED_BOT_NOT_ENTITLED"], "kyc-bot");

  // Advanced KYC Bot: map each CONSIDER result through the service's policy.
  const policy = policyOf(service);
  const findings = assessConsiderCertificates(profile.certificates, profile, policy, {
    screen: ctx.screenAml ?? screenAml,
    thresholds: service.amlThresholds,
    fullNameMatch: service.amlFullNameMatch ?? "block",
  });
  const amlEvidence = findings.flatMap((f) => f.amlEvidence ?? []);
  const evidence = amlEvidence.length > 0 ? amlEvidence : undefined;
  const { action, reasonCodes } = combineFindings(findings);
  if (action === "reject" && profile.rejectionCount >= policy.maxRejections) {
    // "Exceeding the submission times" (reference): the next rejection becomes a block.
    return make("block", ["SUBMISSION_LIMIT", ...reasonCodes], "advanced-kyc-bot", evidence);
  }
  return make(action, reasonCodes, "advanced-kyc-bot", evidence);
}
