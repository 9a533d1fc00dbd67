// What the AML finding decides for each labelled name pair under the evidence a screening can
// bring (none, agreeing, a different birth year, a different country), per full-name-match rule.
// The labelled pairs carry names only, so the evidence is laid over them; shared by the AML
// benchmark and its unit test so both report the same counts.
import type { LabelledNamePair } from "./evaluation.js";
import { screenAml } from "./screen-aml.js";
import type { AmlHit, AmlSubject, AmlThresholds, FullNameMatchRule } from "./types.js";

export const EVIDENCE_SCENARIOS = [
  "no evidence",
  "evidence agrees",
  "birth year differs",
  "country differs",
] as const;
export type EvidenceScenario = (typeof EVIDENCE_SCENARIOS)[number];

/** The bot's action for the AML finding: block, leave for review, or approve (nothing else objecting). */
export interface OutcomeCounts {
  block: number;
  review: number;
  approve: number;
}

export interface ScenarioOutcomes {
  rule: FullNameMatchRule;
  scenario: EvidenceScenario;
  samePerson: OutcomeCounts;
  differentPerson: OutcomeCounts;
}

const SUBJECT_DOB = "1970-05-12";

function screeningInputs(
  pair: LabelledNamePair,
  scenario: EvidenceScenario,
): { subject: AmlSubject; hit: AmlHit } {
  const [givenName = "", ...family] = pair.a.trim().split(/\s+/);
  const subject: AmlSubject = {
    givenName,
    familyName: family.join(" "),
    dob: SUBJECT_DOB,
    nationality: "AA",
  };
  const hit: AmlHit = { name: pair.b, categories: ["PEP"] };
  switch (scenario) {
    case "no evidence":
      return { subject: { givenName: subject.givenName, familyName: subject.familyName }, hit };
    case "evidence agrees":
      return { subject, hit: { ...hit, dob: "1970", country: "AA" } };
    case "birth year differs":
      return { subject, hit: { ...hit, dob: "1950", country: "AA" } };
    case "country differs":
      return { subject, hit: { ...hit, dob: "1970", country: "BB" } };
  }
}

const ACTION = { block: "block", review: "review", clear: "approve" } as const;

export function outcomesByEvidence(
  pairs: readonly LabelledNamePair[],
  thresholds: AmlThresholds,
): ScenarioOutcomes[] {
  const results: ScenarioOutcomes[] = [];
  for (const rule of ["block", "weigh-evidence"] as const) {
    for (const scenario of EVIDENCE_SCENARIOS) {
      const samePerson: OutcomeCounts = { block: 0, review: 0, approve: 0 };
      const differentPerson: OutcomeCounts = { block: 0, review: 0, approve: 0 };
      for (const pair of pairs) {
        const { subject, hit } = screeningInputs(pair, scenario);
        const { outcome } = screenAml(subject, [hit], thresholds, { fullNameMatch: rule });
        (pair.same ? samePerson : differentPerson)[ACTION[outcome]] += 1;
      }
      results.push({ rule, scenario, samePerson, differentPerson });
    }
  }
  return results;
}
