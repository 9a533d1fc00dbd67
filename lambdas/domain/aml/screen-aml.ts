// AML screening of one subject against the hits of an `aml` certificate.
//
// Per hit: the name match percentage (name-match-score.ts) of "givenName familyName" against the
// hit's name, then the evidence:
//   - date of birth (dob-evidence.ts): a different year of birth, or a different full date,
//     makes the hit a false positive → cleared, whatever the name score;
//   - country: when the subject's nationality and the hit's country are both known and differ,
//     the score drops by COUNTRY_MISMATCH_PENALTY points but never below the review threshold
//     if the name reached it, and the hit can no longer be a match. Nationality differs from a
//     listing's country for dual nationals and residents abroad, so a different country weakens
//     a match (block → review) but never clears a hit on its own;
//   - a name the matcher cannot read (empty, or a script it does not transliterate) goes to
//     review rather than being cleared on its score of 0 (a contradicting birth year still clears it).
// A 100% name match (FULL_NAME_MATCH_SCORE) is a match whatever the evidence unless the service
// chose `weigh-evidence`; the evidence reasons are still reported for the operator's audit.
// Verdict: score ≥ block → match; ≥ review → review; else cleared.
// Outcome: block if any hit is a match, else review if any hit needs review, else clear.
import { InvalidAmlThresholdsError } from "./errors.js";
import { compareDob, type DobEvidence } from "./dob-evidence.js";
import { compareParsedNames } from "./name-match-score.js";
import { parseName, type ParsedName } from "./name-tokens.js";
import {
  DEFAULT_AML_SCREENING_OPTIONS,
  DEFAULT_AML_THRESHOLDS,
  FULL_NAME_MATCH_SCORE,
  type AmlScreeningOptions,
  type AmlHit,
  type AmlHitVerdict,
  type AmlHitVerdictName,
  type AmlScreeningResult,
  type AmlSubject,
  type AmlThresholds,
} from "./types.js";

export const COUNTRY_MISMATCH_PENALTY = 5;

export function screenAml(
  subject: AmlSubject,
  hits: readonly AmlHit[],
  thresholds: AmlThresholds = DEFAULT_AML_THRESHOLDS,
  options: AmlScreeningOptions = DEFAULT_AML_SCREENING_OPTIONS,
): AmlScreeningResult {
  assertValidThresholds(thresholds);
  const subjectName = parseName(`${subject.givenName} ${subject.familyName}`);
  const verdicts = hits.map((hit) => judgeHit(subject, subjectName, hit, thresholds, options));
  const outcome = verdicts.some((v) => v.verdict === "match")
    ? "block"
    : verdicts.some((v) => v.verdict === "review")
      ? "review"
      : "clear";
  const topScore = verdicts.reduce((top, v) => Math.max(top, v.score), 0);
  return { outcome, topScore, verdicts };
}

export function assertValidThresholds(thresholds: AmlThresholds): void {
  const { block, review } = thresholds;
  const valid =
    Number.isFinite(block) &&
    Number.isFinite(review) &&
    review >= 0 &&
    block > 0 &&
    block <= 100 &&
    review <= block;
  if (!valid) throw new InvalidAmlThresholdsError({ block, review });
}

function judgeHit(
  subject: AmlSubject,
  subjectName: ParsedName,
  hit: AmlHit,
  thresholds: AmlThresholds,
  options: AmlScreeningOptions,
): AmlHitVerdict {
  const name = compareParsedNames(subjectName, parseName(hit.name));
  const dob = compareDob(subject.dob, hit.dob);
  const reasons = [name.comparable ? nameReason(name.score, thresholds) : "NAME_UNREADABLE"];

  const nameScore = name.score;
  let score = nameScore;
  const countryMismatch = isCountryMismatch(subject.nationality, hit.country);
  if (countryMismatch) {
    reasons.push("COUNTRY_MISMATCH");
    const floor = nameScore >= thresholds.review ? thresholds.review : 0;
    score = Math.max(floor, nameScore - COUNTRY_MISMATCH_PENALTY);
  } else if (isKnown(subject.nationality) && isKnown(hit.country)) {
    reasons.push("COUNTRY_MATCH");
  }
  reasons.push(dobReason(dob));

  const fullMatchBlocks =
    name.comparable && nameScore >= FULL_NAME_MATCH_SCORE && options.fullNameMatch === "block";
  if (fullMatchBlocks) reasons.push("FULL_NAME_MATCH");
  return {
    hit,
    score,
    nameScore,
    verdict: fullMatchBlocks ? "match" : verdictOf(name.comparable, score, countryMismatch, dob, thresholds),
    reasons,
  };
}

function verdictOf(
  nameComparable: boolean,
  score: number,
  countryMismatch: boolean,
  dob: DobEvidence,
  thresholds: AmlThresholds,
): AmlHitVerdictName {
  if (dob.kind === "contradicts") return "cleared";
  // A name the matcher cannot read is never cleared on its score.
  if (!nameComparable) return "review";
  if (score >= thresholds.block && !countryMismatch) return "match";
  return score >= thresholds.review ? "review" : "cleared";
}

function isKnown(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

function nameReason(nameScore: number, thresholds: AmlThresholds): string {
  if (nameScore >= thresholds.block) return "NAME_SAME";
  return nameScore >= thresholds.review ? "NAME_SIMILAR" : "NAME_DIFFERENT";
}

function isCountryMismatch(nationality: string | undefined, country: string | undefined): boolean {
  if (!isKnown(nationality) || !isKnown(country)) return false;
  return nationality.trim().toUpperCase() !== country.trim().toUpperCase();
}

function dobReason(dob: DobEvidence): string {
  switch (dob.kind) {
    case "absent":
      return "DOB_UNKNOWN";
    case "unreadable":
      return "DOB_UNREADABLE";
    case "contradicts":
      return dob.on === "year" ? "DOB_YEAR_MISMATCH" : "DOB_MISMATCH";
    case "consistent":
      if (dob.swappedDayMonth) return "DOB_MATCH_DAY_MONTH_SWAPPED";
      return dob.precision === "day"
        ? "DOB_MATCH"
        : dob.precision === "month"
          ? "DOB_MONTH_MATCH"
          : "DOB_YEAR_MATCH";
  }
}
