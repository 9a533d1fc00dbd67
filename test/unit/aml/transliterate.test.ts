import { describe, expect, it } from "@jest/globals";
import { transliterateToAscii } from "../../../lambdas/domain/aml/transliterate.js";

describe("transliterateToAscii", () => {
  it.each([
    ["José María González", "jose maria gonzalez"],
    ["Łukasz Wałęsa", "lukasz walesa"],
    ["Strauß", "strauss"],
    ["Søren Ødegård", "soren odegard"],
    ["Þórður", "thordur"],
    ["İsmail Yıldız", "ismail yildiz"],
    ["Nguyễn Đặng", "nguyen dang"],
  ])("folds Latin diacritics and special letters: %s", (input, expected) => {
    expect(transliterateToAscii(input)).toBe(expected);
  });

  it.each([
    ["Владимир Путин", "vladimir putin"],
    ["Сергей", "sergey"],
    ["Фёдор Хрущёв", "fedor khrushchev"],
    ["Щербаков", "shcherbakov"],
    ["Юлия", "yuliya"],
    ["Объект", "obekt"],
  ])("romanises Russian Cyrillic passport-style: %s", (input, expected) => {
    expect(transliterateToAscii(input)).toBe(expected);
  });

  it("uses Ukrainian values for Г and И when the text has Ukrainian-only letters", () => {
    expect(transliterateToAscii("Григорій")).toBe("hryhorii");
    expect(transliterateToAscii("Григорий")).toBe("grigoriy");
  });

  it("romanises Serbian Cyrillic letters", () => {
    expect(transliterateToAscii("Љиљана Јовановић")).toBe("ljiljana jovanovic");
  });

  it.each([
    ["Γεώργιος Παπαδόπουλος", "georgios papadopoulos"],
    ["Ελευθέριος", "eleftherios"],
    ["Ευάγγελος", "evangelos"],
    ["Μπακογιάννη", "bakogianni"],
    ["Αντετοκούνμπο", "antetokounmpo"],
    ["Χρήστος", "christos"],
  ])("romanises Greek with digraphs: %s", (input, expected) => {
    expect(transliterateToAscii(input)).toBe(expected);
  });

  it("keeps letters of scripts it does not cover so the caller can tell", () => {
    expect(transliterateToAscii("محمد")).toBe("محمد");
    expect(transliterateToAscii("王")).toBe("王");
  });
});
