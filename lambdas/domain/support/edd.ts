import { screenAml } from "../aml/index.js";
import type { Profile } from "../profile.js";
import type { Service } from "../service.js";
import { supportOf } from "./support-plans.js";

/** The Advanced KYC Bot's reason code for a blocking AML name match (lambdas/domain/bots). */
export const AML_MATCH_REASON_CODE = "AML_MATCH";
const PEP_CATEGORY = /\bpep\b|politically exposed/i;

/**
 * Whether a profile is an Enhanced Due Diligence case: on a plan with EDD, blocked by the bot for an
 * AML match (reason AML_MATCH) where one watch-list hit in a PEP category matches the name at 100%.
 * Reads the block as the bots record it, so it holds whatever evidence (birth year, country) led the
 * bot to block. Pure; the name matcher is the bots' own.
 */
export function isEddCase(
  service: Pick<Service, "plan">,
  profile: Pick<
    Profile,
    "status" | "statusReasonCodes" | "identity" | "certificates" | "deleted" | "isArchived"
  >,
): boolean {
  if (!supportOf(service.plan).enhancedDueDiligence) return false;
  if (profile.status !== "blocked" || profile.deleted || profile.isArchived) return false;
  if (!(profile.statusReasonCodes ?? []).includes(AML_MATCH_REASON_CODE)) return false;
  if (profile.identity === null) return false;
  const pepHits = profile.certificates
    .filter((certificate) => certificate.name === "aml")
    .flatMap((certificate) => certificate.aml?.hits ?? [])
    .filter((hit) => hit.categories.some((category) => PEP_CATEGORY.test(category)));
  if (pepHits.length === 0) return false;
  const { givenName, familyName, dob, nationality } = profile.identity;
  const subject = {
    givenName,
    familyName,
    ...(dob === undefined ? {} : { dob }),
    ...(nationality === undefined ? {} : { nationality }),
  };
  // A "100% same name match": the name itself, before the date-of-birth and country evidence.
  return screenAml(subject, pepHits).verdicts.some((verdict) => verdict.nameScore >= 100);
}

/** The invitation the user receives with the EDD ticket (the notifier sends it). */
export const EDD_INVITATION =
  "Your verification was stopped because your name fully matches an entry on a list of politically exposed persons. " +
  "If this is not you, you can prove it: upload an additional document (for example a document showing your date " +
  "and place of birth) through the verification flow. An operator reviews it and tells you the outcome.";
