/** What the re-review found: the decision stands (`confirmed`) or was wrong (`overturned`). */
export const QA_OUTCOMES = ["confirmed", "overturned"] as const;
export type QaOutcomeKind = (typeof QA_OUTCOMES)[number];

/** The longest QA note (the operator's reasoning; like an audit note, it names no personal data). */
export const MAX_QA_NOTE_LENGTH = 500;

/** One sampled profile's re-review, recorded once. */
export interface QaOutcome {
  refId: string;
  outcome: QaOutcomeKind;
  note: string;
  operator: string;
  at: string;
}

/** How far a week's review got. */
export interface QaCounts {
  sampled: number;
  reviewed: number;
  confirmed: number;
  overturned: number;
  notReviewed: number;
}

export function qaCountsOf(sampled: number, outcomes: readonly Pick<QaOutcome, "outcome">[]): QaCounts {
  const confirmed = outcomes.filter((o) => o.outcome === "confirmed").length;
  const overturned = outcomes.filter((o) => o.outcome === "overturned").length;
  const reviewed = confirmed + overturned;
  return { sampled, reviewed, confirmed, overturned, notReviewed: sampled - reviewed };
}
