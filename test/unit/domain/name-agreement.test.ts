import { describe, expect, it } from "@jest/globals";
import { namesAgree } from "../../../lambdas/domain/bots/name-agreement.js";
import { foldToAscii } from "../../../lambdas/domain/bots/transliterate.js";

describe("foldToAscii", () => {
  it.each([
    ["Zoë Ångström-Øster", "zoe angstrom oster"],
    ["Łukasz Wałęsa", "lukasz walesa"],
    ["O'Brien", "obrien"],
    ["Straße", "strasse"],
    ["Дмитрий Шостакович", "dmitrii shostakovich"],
    ["Γιώργος Παπαδόπουλος", "giorgos papadopoulos"],
  ])("%s -> %s", (input, expected) => {
    expect(foldToAscii(input)).toBe(expected);
  });

  it("can read umlauts as digraphs, as machine-readable zones do", () => {
    expect(foldToAscii("Jürgen Müller", { umlautsAsDigraphs: true })).toBe("juergen mueller");
  });
});

describe("namesAgree", () => {
  it.each([
    ["JOHN SMITH", "John", "Smith", "case"],
    ["SMITH JOHN", "John", "Smith", "token order"],
    ["JOHN PAUL SMITH", "John", "Smith", "extra middle name on the document"],
    ["JOHN SMITH", "John Paul", "Smith", "middle name only in the profile"],
    ["JOHN P SMITH", "John Paul", "Smith", "middle initial"],
    ["JURGEN MULLER", "Jürgen", "Müller", "accents"],
    ["JUERGEN MUELLER", "Jürgen", "Müller", "umlauts as digraphs"],
    ["DMITRII SHOSTAKOVICH", "Дмитрий", "Шостакович", "Cyrillic, ICAO transliteration"],
    ["DMITRIY SHOSTAKOVICH", "Дмитрий", "Шостакович", "Cyrillic, another transliteration"],
    ["YURIY KHOMENKO", "Iurii", "Homenko", "transliteration systems differ"],
    ["ANNE-MARIE O'NEILL", "Anne Marie", "ONeill", "hyphens and apostrophes"],
    ["SEAN SMITH JONES", "Sean", "Smith-Jones", "double surname"],
  ])("%s = %s %s (%s)", (doc, givenName, familyName) => {
    expect(namesAgree(doc, { givenName, familyName })).toBe(true);
  });

  it.each([
    ["JANE SMITH", "John", "Smith", "different given name"],
    ["JOHN SMYTHE", "John", "Smith", "different family name"],
    ["J SMITH", "John", "Smith", "first name as an initial"],
    ["JOHN", "John", "Smith", "family name missing"],
    ["SMITH", "John", "Smith", "given name missing"],
    ["JOHN SMITH BROWN", "John", "Brown Taylor", "different second surname"],
    ["", "John", "Smith", "empty"],
  ])("%s != %s %s (%s)", (doc, givenName, familyName) => {
    expect(namesAgree(doc, { givenName, familyName })).toBe(false);
  });
});
