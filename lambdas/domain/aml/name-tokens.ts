// Splits a personal name into comparable tokens: transliterated to ASCII, honorifics and
// generational suffixes dropped, each token tagged as a full name part, an initial or a particle.
import { romanisationKey } from "./romanisation-key.js";
import { transliterateToAscii } from "./transliterate.js";

export type NameTokenKind = "full" | "initial" | "particle";

export interface NameToken {
  /** ASCII lower-case letters. */
  folded: string;
  /** Romanisation key (see romanisation-key.ts); two tokens with equal keys are the same name. */
  key: string;
  kind: NameTokenKind;
}

export interface ParsedName {
  tokens: NameToken[];
  /** Letters of a script the transliteration does not cover (Arabic, CJK, ...) were present. */
  hasUntransliteratedLetters: boolean;
}

/** Titles dropped at the start of a name. */
const TITLES = new Set([
  "mr",
  "mrs",
  "ms",
  "miss",
  "mx",
  "dr",
  "prof",
  "professor",
  "sir",
  "dame",
  "lord",
  "lady",
  "rev",
  "reverend",
  "hon",
  "sheikh",
  "shaikh",
  "sheik",
  "haji",
  "hajji",
  "mme",
  "mlle",
  "herr",
  "frau",
  "general",
  "gen",
  "colonel",
  "col",
  "major",
  "maj",
  "captain",
  "capt",
  "lieutenant",
  "lt",
  "sgt",
]);

/** Generational and academic suffixes dropped at the end of a name. */
const SUFFIXES = new Set(["jr", "jnr", "junior", "sr", "snr", "senior", "ii", "iii", "iv", "esq", "phd"]);

/**
 * Particles that people and lists drop or keep freely (Ludwig van Beethoven, Bashar al-Assad,
 * Mohammed bin Salman). Not "le"/"la"/"do": those are also surnames (Le, Do in Vietnamese).
 */
const PARTICLES = new Set([
  "al",
  "el",
  "ul",
  "ad",
  "ar",
  "as",
  "at",
  "az",
  "bin",
  "ibn",
  "bint",
  "binti",
  "van",
  "von",
  "der",
  "den",
  "de",
  "del",
  "della",
  "dei",
  "di",
  "da",
  "dos",
  "das",
  "du",
  "des",
  "ter",
  "ten",
  "zu",
]);

/** Real names stay far below this; the cap bounds the pairwise comparison cost of hostile input. */
export const MAX_NAME_TOKENS = 16;

const NON_LETTER_RUN = /[^a-z]+/;
const APOSTROPHES = /['’`ʼ‘]/gu;
const ANY_LETTER = /\p{L}/u;

export function parseName(raw: string): ParsedName {
  // Apostrophes join (O'Brien → obrien); every other non-letter separates tokens.
  const ascii = transliterateToAscii(raw).replace(APOSTROPHES, "");
  const parts = ascii.split(NON_LETTER_RUN).filter((part) => part.length > 0);
  const leftovers = ascii.replace(/[a-z]/g, "");
  const hasUntransliteratedLetters = ANY_LETTER.test(leftovers);

  let start = 0;
  let end = parts.length;
  while (end - start > 1 && TITLES.has(parts[start] ?? "")) start += 1;
  while (end - start > 1 && SUFFIXES.has(parts[end - 1] ?? "")) end -= 1;

  const tokens = parts.slice(start, Math.min(end, start + MAX_NAME_TOKENS)).map(toToken);
  return { tokens, hasUntransliteratedLetters };
}

export function toToken(folded: string): NameToken {
  const kind: NameTokenKind = folded.length === 1 ? "initial" : PARTICLES.has(folded) ? "particle" : "full";
  return { folded, key: kind === "initial" ? folded : romanisationKey(folded), kind };
}
