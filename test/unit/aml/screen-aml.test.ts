import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import {
  COUNTRY_MISMATCH_PENALTY,
  DEFAULT_AML_THRESHOLDS,
  InvalidAmlThresholdsError,
  screenAml,
  type AmlHit,
  type AmlSubject,
} from "../../../lambdas/domain/aml/index.js";

const subject: AmlSubject = {
  givenName: "Vladimir",
  familyName: "Petrov",
  dob: "1970-05-12",
  nationality: "RU",
};
const WEIGH = { fullNameMatch: "weigh-evidence" } as const;
const hit = (name: string, extra: Partial<AmlHit> = {}): AmlHit => ({
  name,
  categories: ["sanctions"],
  ...extra,
});

describe("screenAml", () => {
  it("clears a subject without hits", () => {
    expect(screenAml(subject, [])).toEqual({ outcome: "clear", topScore: 0, verdicts: [] });
  });

  it("blocks a 100% name match with no contradicting evidence", () => {
    const result = screenAml(subject, [hit("Владимир Петров", { dob: "1970", country: "RU" })]);
    expect(result.outcome).toBe("block");
    expect(result.topScore).toBe(100);
    expect(result.verdicts[0]).toMatchObject({
      score: 100,
      nameScore: 100,
      verdict: "match",
      reasons: ["NAME_SAME", "COUNTRY_MATCH", "DOB_YEAR_MATCH", "FULL_NAME_MATCH"],
    });
  });

  it("blocks a 100% name match whatever the evidence by default, and reports the evidence", () => {
    const result = screenAml(subject, [
      hit("Vladimir Petrov", { dob: "1958" }),
      hit("Petrov Vladimir", { dob: "1970-03-01" }),
      hit("Vladimir Petrov", { country: "UA" }),
    ]);
    expect(result.outcome).toBe("block");
    expect(result.verdicts.map((v) => v.verdict)).toEqual(["match", "match", "match"]);
    expect(result.verdicts.map((v) => v.reasons)).toEqual([
      ["NAME_SAME", "DOB_YEAR_MISMATCH", "FULL_NAME_MATCH"],
      ["NAME_SAME", "DOB_MISMATCH", "FULL_NAME_MATCH"],
      ["NAME_SAME", "COUNTRY_MISMATCH", "DOB_UNKNOWN", "FULL_NAME_MATCH"],
    ]);
  });

  it("keeps weighing evidence below 100%: a grey-zone name with a different birth year is cleared", () => {
    const result = screenAml(subject, [hit("Vladimir Pietrov", { dob: "1958" })]);
    expect(result.verdicts[0]?.nameScore).toBeLessThan(100);
    expect(result.verdicts[0]?.verdict).toBe("cleared");
  });

  it("clears a 100% name match when the year of birth differs, with evidence weighing on", () => {
    const result = screenAml(
      subject,
      [hit("Vladimir Petrov", { dob: "1958" })],
      DEFAULT_AML_THRESHOLDS,
      WEIGH,
    );
    expect(result.outcome).toBe("clear");
    expect(result.verdicts[0]).toMatchObject({ verdict: "cleared", score: 100 });
    expect(result.verdicts[0]?.reasons).toContain("DOB_YEAR_MISMATCH");
    expect(result.verdicts[0]?.reasons).not.toContain("FULL_NAME_MATCH");
  });

  it("clears a 100% name match when the full date of birth differs, with evidence weighing on", () => {
    const result = screenAml(
      subject,
      [hit("Vladimir Petrov", { dob: "1970-03-01" })],
      DEFAULT_AML_THRESHOLDS,
      WEIGH,
    );
    expect(result.outcome).toBe("clear");
    expect(result.verdicts[0]?.reasons).toContain("DOB_MISMATCH");
  });

  it("still blocks when day and month are merely swapped", () => {
    const result = screenAml(subject, [hit("Vladimir Petrov", { dob: "1970-12-05" })]);
    expect(result.outcome).toBe("block");
    expect(result.verdicts[0]?.reasons).toContain("DOB_MATCH_DAY_MONTH_SWAPPED");
  });

  it("demotes a 100% name match with a different country to review, never to clear, with evidence weighing on", () => {
    const result = screenAml(
      subject,
      [hit("Vladimir Petrov", { country: "UA" })],
      DEFAULT_AML_THRESHOLDS,
      WEIGH,
    );
    expect(result.outcome).toBe("review");
    expect(result.verdicts[0]).toMatchObject({
      verdict: "review",
      nameScore: 100,
      score: 100 - COUNTRY_MISMATCH_PENALTY,
    });
    expect(result.verdicts[0]?.reasons).toContain("COUNTRY_MISMATCH");
  });

  it("keeps a grey-zone name with a different country in review (the penalty stops at the review threshold)", () => {
    const result = screenAml({ givenName: "Wei", familyName: "Zhang", nationality: "CN" }, [
      hit("Chang Wei", { country: "TW" }),
    ]);
    const verdict = result.verdicts[0];
    expect(verdict?.nameScore).toBeGreaterThanOrEqual(85);
    expect(verdict?.nameScore).toBeLessThan(90);
    expect(verdict?.score).toBe(Math.max(85, (verdict?.nameScore ?? 0) - COUNTRY_MISMATCH_PENALTY));
    expect(verdict?.verdict).toBe("review");
  });

  it("sends grey-zone names to review and clears clear non-matches", () => {
    const result = screenAml(subject, [hit("Vladimir Pietrov"), hit("Ivan Petrov")]);
    expect(result.verdicts.map((v) => v.verdict)).toEqual(["review", "cleared"]);
    expect(result.verdicts.map((v) => v.reasons[0])).toEqual(["NAME_SIMILAR", "NAME_DIFFERENT"]);
    expect(result.outcome).toBe("review");
  });

  it("reviews hits whose name it cannot read, unless the birth year rules them out", () => {
    const unreadable = screenAml(subject, [hit("فلاديمير بيتروف")]);
    expect(unreadable.verdicts[0]).toMatchObject({
      verdict: "review",
      reasons: ["NAME_UNREADABLE", "DOB_UNKNOWN"],
    });
    const ruledOut = screenAml(subject, [hit("فلاديمير بيتروف", { dob: "1990" })]);
    expect(ruledOut.verdicts[0]?.verdict).toBe("cleared");
  });

  it("blocks when any hit matches and reports the highest score", () => {
    const result = screenAml(subject, [hit("Ivan Petrov"), hit("Petrov Vladimir"), hit("Vladimir Pietrov")]);
    expect(result.outcome).toBe("block");
    expect(result.topScore).toBe(100);
  });

  it("applies configured thresholds", () => {
    const hits = [hit("Vladimir Pietrov")];
    const score = screenAml(subject, hits).verdicts[0]?.score ?? 0;
    expect(screenAml(subject, hits, { block: score, review: 50 }).outcome).toBe("block");
    expect(screenAml(subject, hits, { block: 100, review: score + 0.1 }).outcome).toBe("clear");
    expect(DEFAULT_AML_THRESHOLDS).toEqual({ block: 100, review: 85 });
  });

  it.each([
    { block: 80, review: 90 },
    { block: 101, review: 85 },
    { block: 0, review: 0 },
    { block: 100, review: -1 },
    { block: Number.NaN, review: 85 },
  ])("rejects thresholds that cannot order block above review: %j", (thresholds) => {
    expect(() => screenAml(subject, [], thresholds)).toThrow(InvalidAmlThresholdsError);
  });

  it("with evidence weighing on, never blocks or reviews a hit whose birth year differs, and derives the outcome from the verdicts", () => {
    const hitArb = fc.record({
      name: fc.constantFrom("Vladimir Petrov", "Petrov, Vladimir", "V. Petrov", "Vladimir Pietrov", "محمد"),
      dob: fc.option(fc.integer({ min: 1900, max: 2010 }).map(String), { nil: undefined }),
      country: fc.option(fc.constantFrom("RU", "UA", "ru"), { nil: undefined }),
      categories: fc.constant(["pep"]).map((c) => [...c]),
    });
    fc.assert(
      fc.property(fc.array(hitArb, { maxLength: 5 }), (hits) => {
        const result = screenAml(subject, hits, DEFAULT_AML_THRESHOLDS, WEIGH);
        result.verdicts.forEach((verdict, i) => {
          const year = hits[i]?.dob;
          if (year !== undefined && year !== "1970") expect(verdict.verdict).toBe("cleared");
        });
        const verdicts = new Set(result.verdicts.map((v) => v.verdict));
        const expected = verdicts.has("match") ? "block" : verdicts.has("review") ? "review" : "clear";
        expect(result.outcome).toBe(expected);
      }),
    );
  });

  it("by default, a 100% name match is a match whatever the evidence, and below 100% nothing changes", () => {
    const hitArb = fc.record({
      name: fc.constantFrom(
        "Vladimir Petrov",
        "Petrov Vladimir",
        "V. Petrov",
        "Vladimir Pietrov",
        "Ivan Petrov",
      ),
      dob: fc.option(fc.constantFrom("1970", "1958", "1970-05-12", "1970-03-01"), { nil: undefined }),
      country: fc.option(fc.constantFrom("RU", "UA"), { nil: undefined }),
      categories: fc.constant(["pep"]).map((c) => [...c]),
    });
    fc.assert(
      fc.property(fc.array(hitArb, { minLength: 1, maxLength: 4 }), (hits) => {
        const blocking = screenAml(subject, hits);
        const weighing = screenAml(subject, hits, DEFAULT_AML_THRESHOLDS, WEIGH);
        blocking.verdicts.forEach((verdict, i) => {
          if (verdict.nameScore === 100) expect(verdict.verdict).toBe("match");
          else expect(verdict).toEqual(weighing.verdicts[i]);
        });
      }),
    );
  });
});
