import { describe, expect, it } from "@jest/globals";
import { ALPHA_3_BY_ALPHA_2, toAlpha2 } from "../../../lambdas/domain/country-codes.js";

describe("ISO 3166-1 country codes", () => {
  it("holds the 249 assigned codes plus Kosovo, each alpha-3 once", () => {
    expect(ALPHA_3_BY_ALPHA_2.size).toBe(250);
    expect(new Set(ALPHA_3_BY_ALPHA_2.values()).size).toBe(250);
    for (const [alpha2, alpha3] of ALPHA_3_BY_ALPHA_2) {
      expect(alpha2).toMatch(/^[A-Z]{2}$/);
      expect(alpha3).toMatch(/^[A-Z]{3}$/);
    }
  });

  it.each([
    ["DE", "DE"],
    ["DEU", "DE"],
    ["deu", "DE"],
    ["GBR", "GB"],
    ["XKX", "XK"],
    ["SSD", "SS"],
    ["BES", "BQ"],
  ])("%s -> %s", (code, alpha2) => {
    expect(toAlpha2(code)).toBe(alpha2);
  });

  it.each(["XX", "XYZ", "UK", "D", "DEUT", "276", ""])("refuses %j", (code) => {
    expect(toAlpha2(code)).toBeUndefined();
  });
});
