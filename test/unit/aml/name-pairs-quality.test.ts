// Quality gate: the matcher is deterministic, so its precision and recall on the labelled
// name pairs are fixed numbers; this test fails when a change pushes them under the targets.
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  evaluateNameMatcher,
  InvalidLabelledPairsError,
  parseLabelledPairs,
} from "../../../lambdas/domain/aml/evaluation.js";
import { nameMatchScore } from "../../../lambdas/domain/aml/name-match-score.js";
import { DEFAULT_AML_THRESHOLDS } from "../../../lambdas/domain/aml/types.js";

const pairs = parseLabelledPairs(
  JSON.parse(readFileSync(join(process.cwd(), "test/fixtures/aml/name-pairs.json"), "utf8")),
);

describe("labelled AML name pairs", () => {
  it("holds at least 300 pairs covering the required kinds, positives and hard negatives", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    const kinds = new Set(pairs.map((p) => p.kind));
    for (const kind of [
      "script-cyrillic",
      "transliteration-cyrillic",
      "transliteration-arabic",
      "token-order",
      "initials",
      "nickname",
      "hyphenated-double-surname",
      "accents-case",
      "hard-negative-shared-surname",
      "hard-negative-shared-given-name",
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThanOrEqual(100);
    expect(new Set(pairs.map((p) => `${p.a}|${p.b}`)).size).toBe(pairs.length);
  });

  it("meets the precision and recall targets at the block and review thresholds", () => {
    const evaluation = evaluateNameMatcher(pairs, nameMatchScore, DEFAULT_AML_THRESHOLDS);
    expect(evaluation.block.precision).toBeGreaterThanOrEqual(0.97);
    expect(evaluation.block.recall).toBeGreaterThanOrEqual(0.93);
    expect(evaluation.review.recall).toBeGreaterThanOrEqual(0.99);
  });
});

describe("evaluateNameMatcher", () => {
  const labelled = [
    { a: "x", b: "x", same: true, kind: "k" },
    { a: "x", b: "y", same: true, kind: "k" },
    { a: "p", b: "q", same: false, kind: "n" },
  ];
  const scores: Record<string, number> = { "x|x": 100, "x|y": 90, "p|q": 100 };

  it("counts true and false positives per threshold and reports the errors", () => {
    const evaluation = evaluateNameMatcher(labelled, (a, b) => scores[`${a}|${b}`] ?? 0, {
      block: 100,
      review: 85,
    });
    expect(evaluation.block).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1 });
    expect(evaluation.block.precision).toBeCloseTo(0.5);
    expect(evaluation.block.recall).toBeCloseTo(0.5);
    expect(evaluation.review.recall).toBe(1);
    expect(evaluation.errors.map((e) => `${e.a}|${e.b}`)).toEqual(["p|q"]);
    expect(evaluation.byKind).toEqual([
      { kind: "k", pairs: 2, same: true, atOrAboveBlock: 1, atOrAboveReview: 2 },
      { kind: "n", pairs: 1, same: false, atOrAboveBlock: 1, atOrAboveReview: 1 },
    ]);
  });

  it("rejects malformed fixtures", () => {
    expect(() => parseLabelledPairs({})).toThrow(InvalidLabelledPairsError);
    expect(() => parseLabelledPairs([{ a: "x", b: "y", same: "yes", kind: "k" }])).toThrow(/pair 0/);
  });
});
