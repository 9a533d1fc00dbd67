import type { AmlHit } from "../certificates.js";

/** The AML matcher's contract (implemented in ../aml, pinned in the issue). */
export interface AmlSubject {
  givenName: string;
  familyName: string;
  dob?: string;
  nationality?: string;
}

export interface AmlScreening {
  outcome: "block" | "review" | "clear";
  topScore: number;
  verdicts: AmlHitVerdict[];
}

export interface AmlHitVerdict {
  hit: AmlHit;
  score: number;
  nameScore: number;
  verdict: "match" | "review" | "cleared";
  reasons: string[];
}

export type AmlScreener = (
  subject: AmlSubject,
  hits: AmlHit[],
  thresholds?: { block: number; review: number },
  options?: { fullNameMatch: "block" | "weigh-evidence" },
) => AmlScreening;

/**
 * What the bot saw of one AML hit, kept in the decision's audit entry for the operator who audits
 * the block: the scores and the evidence as reason codes (NAME_SAME, DOB_YEAR_MISMATCH,
 * COUNTRY_MATCH, FULL_NAME_MATCH...) and the list categories; never the user's own data.
 */
export interface AmlEvidence {
  categories: string[];
  nameScore: number;
  score: number;
  verdict: "match" | "review" | "cleared";
  reasons: string[];
}

export function amlEvidenceOf(screening: AmlScreening): AmlEvidence[] {
  return screening.verdicts.map((v) => ({
    categories: [...v.hit.categories],
    nameScore: v.nameScore,
    score: v.score,
    verdict: v.verdict,
    reasons: [...v.reasons],
  }));
}
