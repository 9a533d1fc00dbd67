import type { AmlHit, Certificate } from "../certificates.js";
import { isKnownCheckCode } from "../certificates.js";
import type { Profile } from "../profile.js";
import type { FullNameMatchRule } from "../aml/types.js";
import type { AmlThresholds, CheckAction } from "../service.js";
import { amlEvidenceOf, type AmlEvidence, type AmlScreener } from "./aml-screening.js";
import { namesAgree } from "./name-agreement.js";
import type { BotPolicy } from "./policies.js";

/** One conclusion about one check of a CONSIDER certificate. */
export interface Finding {
  action: CheckAction;
  reasonCode: string;
  /** For the AML finding: what each hit's screening found. */
  amlEvidence?: AmlEvidence[];
}

export interface AmlScreeningSetup {
  screen: AmlScreener;
  thresholds: AmlThresholds;
  fullNameMatch: FullNameMatchRule;
}

/**
 * The Advanced KYC Bot's reading of the CONSIDER certificates: one finding per check (and one for
 * the AML hits), each mapped through the policy. Unknown or unexplained results go to review.
 */
export function assessConsiderCertificates(
  certificates: readonly Certificate[],
  profile: Pick<Profile, "identity">,
  policy: BotPolicy,
  aml: AmlScreeningSetup,
): Finding[] {
  const findings: Finding[] = [];
  for (const certificate of certificates) {
    if (certificate.status !== "CONSIDER") continue;
    const hits = certificate.aml?.hits ?? [];
    const screensHits = certificate.name === "aml" && hits.length > 0;
    if (screensHits) findings.push(amlFinding(profile, hits, aml));
    if (certificate.checks.length === 0 && !screensHits) {
      findings.push({ action: "review", reasonCode: "UNEXPLAINED_CONSIDER" });
    }
    for (const check of certificate.checks) {
      // The hits themselves were screened above.
      if (check.code === "AML_POTENTIAL_MATCH" && screensHits) continue;
      findings.push(checkFinding(check.code, check.detail, profile, policy));
    }
  }
  return findings;
}

function checkFinding(
  code: string,
  detail: string | undefined,
  profile: Pick<Profile, "identity">,
  policy: BotPolicy,
): Finding {
  if (!isKnownCheckCode(code)) return { action: "review", reasonCode: "UNKNOWN_CHECK_CODE" };
  if (code === "DOC_NAME_MISMATCH" && detail !== undefined && profile.identity !== null) {
    if (namesAgree(detail, profile.identity))
      return { action: "approve", reasonCode: "DOC_NAME_MISMATCH_RESOLVED" };
  }
  return { action: policy.actions[code] ?? "review", reasonCode: code };
}

function amlFinding(profile: Pick<Profile, "identity">, hits: AmlHit[], aml: AmlScreeningSetup): Finding {
  if (profile.identity === null) return { action: "review", reasonCode: "AML_NO_SUBJECT" };
  const { givenName, familyName, dob, nationality } = profile.identity;
  const screening = aml.screen({ givenName, familyName, dob, nationality }, hits, aml.thresholds, {
    fullNameMatch: aml.fullNameMatch,
  });
  const amlEvidence = amlEvidenceOf(screening);
  switch (screening.outcome) {
    case "block":
      return { action: "block", reasonCode: "AML_MATCH", amlEvidence };
    case "review":
      return { action: "review", reasonCode: "AML_REVIEW", amlEvidence };
    case "clear":
      return { action: "approve", reasonCode: "AML_CLEARED", amlEvidence };
  }
}

/** Severity order: any block wins; doubt (review) beats a rejection; approve only if all approve. */
const SEVERITY: readonly CheckAction[] = ["block", "review", "reject", "approve"];

export function combineFindings(findings: readonly Finding[]): {
  action: CheckAction;
  reasonCodes: string[];
} {
  for (const action of SEVERITY) {
    const reasons = findings.filter((f) => f.action === action).map((f) => f.reasonCode);
    if (reasons.length > 0) return { action, reasonCodes: [...new Set(reasons)] };
  }
  // No CONSIDER finding at all: nothing to object to, but the caller never gets here for all-CLEAR.
  return { action: "review", reasonCodes: ["NO_FINDINGS"] };
}
