// The 100% rule on the labelled name pairs: evidence changes nothing under the default rule
// except that a contradicting birth year still clears hits below 100%.
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseLabelledPairs } from "../../../lambdas/domain/aml/evaluation.js";
import { outcomesByEvidence, type ScenarioOutcomes } from "../../../lambdas/domain/aml/evidence-scenarios.js";
import { DEFAULT_AML_THRESHOLDS } from "../../../lambdas/domain/aml/types.js";

const pairs = parseLabelledPairs(
  JSON.parse(readFileSync(join(process.cwd(), "test/fixtures/aml/name-pairs.json"), "utf8")),
);
const outcomes = outcomesByEvidence(pairs, DEFAULT_AML_THRESHOLDS);
const find = (rule: ScenarioOutcomes["rule"], scenario: ScenarioOutcomes["scenario"]) => {
  const found = outcomes.find((o) => o.rule === rule && o.scenario === scenario);
  if (found === undefined) throw new Error(`no outcome for ${rule} / ${scenario}`);
  return found;
};
const total = (c: ScenarioOutcomes["samePerson"]) => c.block + c.review + c.approve;

describe("AML outcomes by evidence on the labelled pairs", () => {
  it("counts every pair once per rule and scenario", () => {
    expect(outcomes).toHaveLength(8);
    for (const o of outcomes) expect(total(o.samePerson) + total(o.differentPerson)).toBe(pairs.length);
  });

  it("blocks the same 100% matches whatever the evidence under the default rule", () => {
    const blocked = find("block", "no evidence").samePerson.block;
    expect(blocked).toBeGreaterThan(0);
    for (const scenario of ["evidence agrees", "birth year differs", "country differs"] as const) {
      expect(find("block", scenario).samePerson.block).toBe(blocked);
    }
  });

  it("differs from weighing evidence only where the evidence contradicts", () => {
    expect(find("weigh-evidence", "no evidence")).toEqual({
      ...find("block", "no evidence"),
      rule: "weigh-evidence",
    });
    expect(find("weigh-evidence", "evidence agrees")).toEqual({
      ...find("block", "evidence agrees"),
      rule: "weigh-evidence",
    });
    expect(find("weigh-evidence", "birth year differs").samePerson.block).toBe(0);
    expect(find("weigh-evidence", "country differs").samePerson.block).toBe(0);
  });
});
