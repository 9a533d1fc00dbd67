import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { compareNames, nameMatchScore } from "../../../lambdas/domain/aml/name-match-score.js";

describe("nameMatchScore — the same name (100)", () => {
  it.each([
    ["token order", "SMITH, John", "John Smith"],
    ["case and accents", "JOSÉ MARÍA GONZÁLEZ", "jose maria gonzalez"],
    ["Cyrillic script", "Владимир Путин", "Vladimir Putin"],
    ["Greek script", "Αλέξης Τσίπρας", "Alexis Tsipras"],
    ["romanisation variants", "Aleksandr Yevgenyevich Ivanov", "Alexander Evgenievich Ivanov"],
    ["German umlaut spelling", "Jürgen Müller", "Juergen Mueller"],
    ["nickname", "Bill Clinton", "William Clinton"],
    ["Arabic romanisation", "Muhammad Husain", "Mohammed Hussein"],
    ["inner vowel of a long name", "Osama bin Laden", "Usama bin Ladin"],
    ["hyphenated surname", "Anna Smith-Jones", "Anna Smith Jones"],
    ["joined compound", "Mary Ann Smith", "Maryann Smith"],
    ["article compound", "Abd al-Rahman Khalid", "Abdulrahman Khaled"],
    ["dropped particle", "Ludwig van Beethoven", "Ludwig Beethoven"],
    ["apostrophe and space", "Sean O'Brien", "Sean O Brien"],
    ["titles and suffixes", "Dr. Martin Luther King Jr.", "Martin Luther King"],
    ["middle initial", "John R. Smith", "John Robert Smith"],
    ["all initials with the surname spelled out", "J. R. Smith", "John Robert Smith"],
    ["omitted middle name", "John Smith", "John Robert Smith"],
    ["omitted second surname", "Gabriel García", "Gabriel García Márquez"],
    ["mononym", "Madonna", "MADONNA"],
  ])("%s: %s / %s", (_rule, a, b) => {
    expect(nameMatchScore(a, b)).toBe(100);
  });
});

describe("nameMatchScore — not the same name (< 100)", () => {
  it.each([
    ["different given name", "John Smith", "Mary Smith"],
    ["different surname", "Ivan Petrov", "Ivan Popov"],
    ["gendered forms", "Ivan Petrov", "Ivana Petrova"],
    ["different final vowel", "Maria Garcia", "Mario Garcia"],
    ["conflicting initial", "J. Smith", "Mary Smith"],
    ["conflicting middle initial", "John R. Smith", "John T. Smith"],
    ["initial with only the surname as anchor, one side longer", "J. Smith", "John Robert Smith"],
    ["contained single token", "Smith", "John Smith"],
    ["pinyin syllables that differ", "Zhou Wei", "Zhu Wei"],
    ["typo", "Elizabeth Warren", "Elizabth Warren"],
    ["one surname each of a double surname", "Maria Garcia Lopez", "Maria Garcia Fernandez"],
  ])("%s: %s / %s", (_rule, a, b) => {
    expect(nameMatchScore(a, b)).toBeLessThan(100);
  });
});

describe("nameMatchScore — grey zone and clear", () => {
  it("puts a one-letter typo or an initial-only given name in the review zone", () => {
    for (const [a, b] of [
      ["Elizabeth Warren", "Elizabth Warren"],
      ["Muammar Gaddafi", "Muammar Qaddafi"],
      ["J. Smith", "John Robert Smith"],
    ] as const) {
      const score = nameMatchScore(a, b);
      expect(score).toBeGreaterThanOrEqual(85);
      expect(score).toBeLessThan(100);
    }
  });

  it("clears names that only share a surname or a given name", () => {
    expect(nameMatchScore("John Smith", "Mary Smith")).toBeLessThan(85);
    expect(nameMatchScore("Emma Watson", "Emma Stone")).toBeLessThan(85);
    expect(nameMatchScore("Kim Jong-un", "Kim Jong-il")).toBeLessThan(85);
  });

  it("clears unrelated names", () => {
    expect(nameMatchScore("Angela Merkel", "Olaf Scholz")).toBeLessThan(50);
  });

  it("scores below 100 never round up to 100", () => {
    expect(nameMatchScore("Christopher Johnson", "Christopher Johnsonn")).toBe(100);
    expect(nameMatchScore("Aleksandr Lukashenko", "Alexander Lukashenka")).toBeLessThanOrEqual(99);
  });
});

describe("compareNames", () => {
  it("reports names it cannot read as not comparable", () => {
    expect(compareNames("محمد", "Mohammed")).toEqual({ score: 0, comparable: false });
    expect(compareNames("", "John Smith")).toEqual({ score: 0, comparable: false });
    expect(compareNames("al bin", "John Smith")).toEqual({ score: 0, comparable: false });
  });
});

describe("nameMatchScore — properties", () => {
  const syllable = fc.constantFrom(
    "an",
    "na",
    "ma",
    "ri",
    "ko",
    "ir",
    "ov",
    "el",
    "sa",
    "jo",
    "hn",
    "zh",
    "ou",
    "ch",
  );
  const word = fc.array(syllable, { minLength: 2, maxLength: 4 }).map((parts) => parts.join(""));
  const name = fc
    .array(fc.oneof(word, word, fc.constantFrom("J.", "al-", "van", "Jr.")), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join(" "));

  it("is symmetric and within 0..100", () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        const ab = nameMatchScore(a, b);
        expect(ab).toBe(nameMatchScore(b, a));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(100);
      }),
    );
  });

  it("scores a readable name against itself, reordered, as 100", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), (words) => {
        expect(nameMatchScore(words.join(" "), [...words].reverse().join(" "))).toBe(100);
      }),
    );
  });
});
