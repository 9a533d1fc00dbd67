import { describe, expect, it } from "@jest/globals";
import { MAX_NAME_TOKENS, parseName } from "../../../lambdas/domain/aml/name-tokens.js";

const folded = (name: string): string[] => parseName(name).tokens.map((t) => t.folded);
const kinds = (name: string): string[] => parseName(name).tokens.map((t) => t.kind);

describe("parseName", () => {
  it("splits on spaces, commas, hyphens and dots and lower-cases", () => {
    expect(folded("SMITH, John-Paul J.R.")).toEqual(["smith", "john", "paul", "j", "r"]);
  });

  it("joins across apostrophes", () => {
    expect(folded("Sean O'Brien")).toEqual(["sean", "obrien"]);
    expect(folded("Daniel D’Souza")).toEqual(["daniel", "dsouza"]);
  });

  it("drops leading titles and trailing generational suffixes", () => {
    expect(folded("Dr. Martin Luther King Jr.")).toEqual(["martin", "luther", "king"]);
    expect(folded("Sheikh Mohammed bin Zayed")).toEqual(["mohammed", "bin", "zayed"]);
    expect(folded("Henry Ford II")).toEqual(["henry", "ford"]);
  });

  it("keeps a title-like word that is the whole name or a surname", () => {
    expect(folded("Major")).toEqual(["major"]);
    expect(folded("John Major")).toEqual(["john", "major"]);
  });

  it("tags initials and particles", () => {
    expect(kinds("J. R. van der Berg")).toEqual(["initial", "initial", "particle", "particle", "full"]);
    expect(kinds("Bashar al-Assad")).toEqual(["full", "particle", "full"]);
  });

  it("does not treat surnames like Le or Do as particles", () => {
    expect(kinds("Le Thi Hoa")).toEqual(["full", "full", "full"]);
    expect(kinds("Do Van Nam")).toEqual(["full", "particle", "full"]);
  });

  it("flags letters of scripts it cannot transliterate", () => {
    expect(parseName("محمد علي").hasUntransliteratedLetters).toBe(true);
    expect(parseName("Владимир").hasUntransliteratedLetters).toBe(false);
    expect(parseName("John 3rd").hasUntransliteratedLetters).toBe(false);
  });

  it("keeps at most MAX_NAME_TOKENS tokens of a hostile, very long name", () => {
    const long = Array.from({ length: 5000 }, (_, i) => `name${String.fromCharCode(97 + (i % 26))}`).join(
      " ",
    );
    expect(parseName(long).tokens).toHaveLength(MAX_NAME_TOKENS);
  });
});
