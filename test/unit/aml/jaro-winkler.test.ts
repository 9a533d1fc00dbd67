import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { jaro, jaroWinkler } from "../../../lambdas/domain/aml/jaro-winkler.js";

describe("Jaro-Winkler", () => {
  it.each([
    ["martha", "marhta", 0.944, 0.961],
    ["dwayne", "duane", 0.822, 0.84],
    ["dixon", "dicksonx", 0.767, 0.813],
  ])("matches the published values for %s / %s", (a, b, expectedJaro, expectedJw) => {
    expect(jaro(a, b)).toBeCloseTo(expectedJaro, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(expectedJw, 3);
  });

  it("is 1 for equal strings and 0 when nothing matches", () => {
    expect(jaroWinkler("ivanov", "ivanov")).toBe(1);
    expect(jaroWinkler("abc", "xyz")).toBe(0);
    expect(jaroWinkler("", "abc")).toBe(0);
  });

  it("is symmetric and stays within 0..1", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const ab = jaroWinkler(a, b);
        expect(ab).toBeCloseTo(jaroWinkler(b, a), 12);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
      }),
    );
  });
});
