/** One hit returned by the AML screening provider inside an `aml` certificate. */
export interface AmlHit {
  name: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (lists often only know the year). */
  dob?: string;
  /** ISO 3166 alpha-2 country of the listing or of the listed person. */
  country?: string;
  categories: string[];
}

/** The person being screened, as known from the profile. */
export interface AmlSubject {
  givenName: string;
  familyName: string;
  /** `YYYY-MM-DD`. */
  dob?: string;
  /** ISO 3166 alpha-2. */
  nationality?: string;
}

/** Match percentages: `score >= block` blocks, `review <= score < block` goes to manual review. */
export interface AmlThresholds {
  block: number;
  review: number;
}

export const DEFAULT_AML_THRESHOLDS: Readonly<AmlThresholds> = Object.freeze({ block: 100, review: 85 });

export type AmlHitVerdictName = "match" | "review" | "cleared";

/**
 * What a 100% name match means. `block` (the reference's rule, the default): the same name is
 * blocked whatever the evidence, and an operator audits it with that evidence. `weigh-evidence`:
 * a contradicting date of birth clears it and a different country sends it to review, like any
 * lower score; a per-service choice because it lets a listed person through on one wrong date.
 */
export type FullNameMatchRule = "block" | "weigh-evidence";

export interface AmlScreeningOptions {
  fullNameMatch: FullNameMatchRule;
}

export const DEFAULT_AML_SCREENING_OPTIONS: Readonly<AmlScreeningOptions> = Object.freeze({
  fullNameMatch: "block",
});

/** A name score of 100: the same name, as far as the matcher can tell. */
export const FULL_NAME_MATCH_SCORE = 100;

export interface AmlHitVerdict {
  hit: AmlHit;
  /** Match percentage after the country evidence (0..100); the verdict also weighs the date of birth. */
  score: number;
  /** Name-only match percentage, before any evidence. */
  nameScore: number;
  verdict: AmlHitVerdictName;
  /** Machine reason codes, e.g. `NAME_SAME`, `DOB_YEAR_MISMATCH`, `COUNTRY_MISMATCH`. */
  reasons: string[];
}

export type AmlOutcome = "block" | "review" | "clear";

export interface AmlScreeningResult {
  outcome: AmlOutcome;
  /** Highest `score` over all hits (0 without hits); see `verdicts` for what the evidence made of it. */
  topScore: number;
  verdicts: AmlHitVerdict[];
}
