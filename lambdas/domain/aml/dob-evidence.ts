// Date of birth as evidence about an AML hit. Lists often know only the year or the month; a
// full date is compared in full, and a day/month swap counts as agreement because it is the
// most common data-entry error between DD/MM and MM/DD sources.

export type DobEvidence =
  | { kind: "absent" }
  | { kind: "unreadable" }
  | { kind: "consistent"; precision: "year" | "month" | "day"; swappedDayMonth: boolean }
  | { kind: "contradicts"; on: "year" | "date" };

interface PartialDate {
  year: number;
  month: number | null;
  day: number | null;
}

const PARTIAL_ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; null when the text is none of these or out of range. */
export function parsePartialDate(text: string): PartialDate | null {
  const match = PARTIAL_ISO_DATE.exec(text.trim());
  if (match === null) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > daysInMonth(year, month ?? 1))) return null;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Compares the subject's date of birth with a hit's. A different year contradicts; so does a
 * different full date (both sides complete) unless day and month are merely swapped. Partial
 * dates that agree as far as they go are consistent, never contradictory.
 */
export function compareDob(subjectDob: string | undefined, hitDob: string | undefined): DobEvidence {
  if (subjectDob === undefined || hitDob === undefined || subjectDob.trim() === "" || hitDob.trim() === "") {
    return { kind: "absent" };
  }
  const subject = parsePartialDate(subjectDob);
  const hit = parsePartialDate(hitDob);
  if (subject === null || hit === null) return { kind: "unreadable" };
  if (subject.year !== hit.year) return { kind: "contradicts", on: "year" };
  if (subject.month === null || hit.month === null) {
    return { kind: "consistent", precision: "year", swappedDayMonth: false };
  }
  if (subject.day === null || hit.day === null) {
    // Month-level data is too coarse to contradict (a swapped day/month would differ here too).
    return {
      kind: "consistent",
      precision: subject.month === hit.month ? "month" : "year",
      swappedDayMonth: false,
    };
  }
  if (subject.month === hit.month && subject.day === hit.day) {
    return { kind: "consistent", precision: "day", swappedDayMonth: false };
  }
  if (subject.month === hit.day && subject.day === hit.month) {
    return { kind: "consistent", precision: "day", swappedDayMonth: true };
  }
  return { kind: "contradicts", on: "date" };
}
