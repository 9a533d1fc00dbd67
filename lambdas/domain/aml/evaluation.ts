// Quality metrics of a name matcher over a labelled set of name pairs. Shared by the AML
// benchmark script and the quality-gate unit test so both report the same numbers.
import type { AmlThresholds } from "./types.js";

export interface LabelledNamePair {
  a: string;
  b: string;
  /** True when `b` is a way of writing the same person's name as `a`. */
  same: boolean;
  kind: string;
}

export interface ThresholdMetrics {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** 1 when nothing was predicted "same" (no false claims were made). */
  precision: number;
  /** 1 when the set has no positive pairs. */
  recall: number;
}

export interface KindBreakdown {
  kind: string;
  pairs: number;
  same: boolean;
  atOrAboveBlock: number;
  atOrAboveReview: number;
}

export interface ScoredPair extends LabelledNamePair {
  score: number;
}

export interface MatcherEvaluation {
  pairs: number;
  positives: number;
  negatives: number;
  block: ThresholdMetrics;
  review: ThresholdMetrics;
  byKind: KindBreakdown[];
  /** Positives under the review threshold and negatives at or above the block threshold. */
  errors: ScoredPair[];
}

export class InvalidLabelledPairsError extends Error {
  override readonly name = "InvalidLabelledPairsError";
  readonly context: { index: number | null };

  constructor(message: string, context: { index: number | null }) {
    super(message);
    this.context = context;
  }
}

/** Validates parsed JSON as an array of `{ a, b, same, kind }`. */
export function parseLabelledPairs(json: unknown): LabelledNamePair[] {
  if (!Array.isArray(json))
    throw new InvalidLabelledPairsError("expected an array of pairs", { index: null });
  return json.map((item: unknown, index) => {
    if (typeof item !== "object" || item === null) {
      throw new InvalidLabelledPairsError(`pair ${index} is not an object`, { index });
    }
    const { a, b, same, kind } = item as Record<string, unknown>;
    if (
      typeof a !== "string" ||
      typeof b !== "string" ||
      typeof same !== "boolean" ||
      typeof kind !== "string"
    ) {
      throw new InvalidLabelledPairsError(`pair ${index} needs string a, b, kind and boolean same`, {
        index,
      });
    }
    return { a, b, same, kind };
  });
}

export function evaluateNameMatcher(
  pairs: readonly LabelledNamePair[],
  score: (a: string, b: string) => number,
  thresholds: AmlThresholds,
): MatcherEvaluation {
  const scored: ScoredPair[] = pairs.map((pair) => ({ ...pair, score: score(pair.a, pair.b) }));
  const positives = scored.filter((p) => p.same).length;
  return {
    pairs: scored.length,
    positives,
    negatives: scored.length - positives,
    block: metricsAt(scored, thresholds.block),
    review: metricsAt(scored, thresholds.review),
    byKind: breakdownByKind(scored, thresholds),
    errors: scored.filter((p) => (p.same ? p.score < thresholds.review : p.score >= thresholds.block)),
  };
}

function metricsAt(scored: readonly ScoredPair[], threshold: number): ThresholdMetrics {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const pair of scored) {
    const predictedSame = pair.score >= threshold;
    if (predictedSame && pair.same) truePositives += 1;
    else if (predictedSame) falsePositives += 1;
    else if (pair.same) falseNegatives += 1;
  }
  const predicted = truePositives + falsePositives;
  const actual = truePositives + falseNegatives;
  return {
    threshold,
    truePositives,
    falsePositives,
    falseNegatives,
    precision: predicted === 0 ? 1 : truePositives / predicted,
    recall: actual === 0 ? 1 : truePositives / actual,
  };
}

function breakdownByKind(scored: readonly ScoredPair[], thresholds: AmlThresholds): KindBreakdown[] {
  const byKind = new Map<string, KindBreakdown>();
  for (const pair of scored) {
    const entry = byKind.get(pair.kind) ?? {
      kind: pair.kind,
      pairs: 0,
      same: pair.same,
      atOrAboveBlock: 0,
      atOrAboveReview: 0,
    };
    entry.pairs += 1;
    if (pair.score >= thresholds.block) entry.atOrAboveBlock += 1;
    if (pair.score >= thresholds.review) entry.atOrAboveReview += 1;
    byKind.set(pair.kind, entry);
  }
  return [...byKind.values()];
}
