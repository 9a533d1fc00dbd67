import type { AmlHit } from "../certificates.js";

/** The AML matcher's contract (implemented in ../aml, pinned in the issue). */
export interface AmlSubject {
  givenName: string;
  familyName: string;
  dob?: string;
  nationality?: string;
}

export interface AmlHitVerdict {
  hit: AmlHit;
  score: number;
  verdict: "match" | "review" | "cleared";
  reasons: string[];
}

export interface AmlScreening {
  outcome: "block" | "review" | "clear";
  topScore: number;
  verdicts: AmlHitVerdict[];
}

export type AmlScreener = (
  subject: AmlSubject,
  hits: AmlHit[],
  thresholds?: { block: number; review: number },
) => AmlScreening;
