// Public surface of the AML name matcher; the Advanced KYC Bot imports from here.
export { screenAml, assertValidThresholds, COUNTRY_MISMATCH_PENALTY } from "./screen-aml.js";
export { nameMatchScore, compareNames, compareParsedNames, type NameComparison } from "./name-match-score.js";
export { parseName, type ParsedName, type NameToken } from "./name-tokens.js";
export { compareDob, parsePartialDate, type DobEvidence } from "./dob-evidence.js";
export { InvalidAmlThresholdsError } from "./errors.js";
export {
  DEFAULT_AML_SCREENING_OPTIONS,
  DEFAULT_AML_THRESHOLDS,
  FULL_NAME_MATCH_SCORE,
  type AmlScreeningOptions,
  type FullNameMatchRule,
  type AmlHit,
  type AmlHitVerdict,
  type AmlHitVerdictName,
  type AmlOutcome,
  type AmlScreeningResult,
  type AmlSubject,
  type AmlThresholds,
} from "./types.js";
