import { describe, expect, it } from "@jest/globals";
import { compareDob, parsePartialDate } from "../../../lambdas/domain/aml/dob-evidence.js";

describe("parsePartialDate", () => {
  it("reads year, year-month and full dates", () => {
    expect(parsePartialDate("1970")).toEqual({ year: 1970, month: null, day: null });
    expect(parsePartialDate("1970-05")).toEqual({ year: 1970, month: 5, day: null });
    expect(parsePartialDate(" 1970-05-12 ")).toEqual({ year: 1970, month: 5, day: 12 });
  });

  it("rejects other formats and impossible dates", () => {
    for (const text of ["12/05/1970", "1970-13", "1970-02-30", "1971-02-29", "circa 1970", ""]) {
      expect(parsePartialDate(text)).toBeNull();
    }
    expect(parsePartialDate("1972-02-29")).not.toBeNull();
  });
});

describe("compareDob", () => {
  it("contradicts on a different year of birth, whatever the precision", () => {
    expect(compareDob("1970-05-12", "1971")).toEqual({ kind: "contradicts", on: "year" });
    expect(compareDob("1970-05-12", "1969-05-12")).toEqual({ kind: "contradicts", on: "year" });
  });

  it("contradicts on a different full date of birth", () => {
    expect(compareDob("1970-05-12", "1970-05-13")).toEqual({ kind: "contradicts", on: "date" });
  });

  it("treats a swapped day and month as the same date", () => {
    expect(compareDob("1970-05-12", "1970-12-05")).toEqual({
      kind: "consistent",
      precision: "day",
      swappedDayMonth: true,
    });
  });

  it("is consistent as far as partial dates go", () => {
    expect(compareDob("1970-05-12", "1970")).toMatchObject({ kind: "consistent", precision: "year" });
    expect(compareDob("1970-05-12", "1970-05")).toMatchObject({ kind: "consistent", precision: "month" });
    expect(compareDob("1970-05-12", "1970-06")).toMatchObject({ kind: "consistent", precision: "year" });
    expect(compareDob("1970-05-12", "1970-05-12")).toMatchObject({ kind: "consistent", precision: "day" });
  });

  it("has no evidence without both dates, and says so when a date is unreadable", () => {
    expect(compareDob(undefined, "1970")).toEqual({ kind: "absent" });
    expect(compareDob("1970-05-12", undefined)).toEqual({ kind: "absent" });
    expect(compareDob("1970-05-12", " ")).toEqual({ kind: "absent" });
    expect(compareDob("1970-05-12", "May 1970")).toEqual({ kind: "unreadable" });
  });
});
