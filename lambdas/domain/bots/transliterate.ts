/**
 * Folding of personal names to lower-case ASCII, for comparing a name typed by the user with the
 * one read from a document (MRZ/OCR, usually ICAO 9303 transliterated). The script tables live in
 * `aml/transliterate.ts`; this file adds the document-specific readings on top.
 */
import { transliterateToAscii } from "../aml/transliterate.js";

// German umlauts are written "ae/oe/ue" in machine-readable zones; "a/o/u" elsewhere.
const GERMAN_UMLAUT = /[äöüÄÖÜ]/g;
const UMLAUT_DIGRAPHS: Readonly<Record<string, string>> = { ä: "ae", ö: "oe", ü: "ue" };

/**
 * Lower-case ASCII letters and spaces only. `umlautsAsDigraphs` picks "mueller" over "muller".
 */
export function foldToAscii(value: string, options: { umlautsAsDigraphs?: boolean } = {}): string {
  // Most names on documents are plain ASCII already: skip the Unicode work for them.
  if (PLAIN_ASCII.test(value)) return asciiTokens(value.toLowerCase());
  let text = value.normalize("NFC");
  if (options.umlautsAsDigraphs) {
    text = text.replace(GERMAN_UMLAUT, (umlaut) => UMLAUT_DIGRAPHS[umlaut.toLowerCase()] ?? umlaut);
  }
  return asciiTokens(transliterateToAscii(text, { scheme: "icao" }));
}

const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Apostrophes vanish (O'Brien = OBRIEN); every other non-letter separates tokens. */
function asciiTokens(lowerCased: string): string {
  return lowerCased
    .replace(/['’ʼ`]/g, "")
    .replace(/[^a-z]+/g, " ")
    .trim();
}

/** Whether the umlaut reading matters for this name (then both readings are compared). */
export function hasGermanUmlaut(value: string): boolean {
  return /[äöüÄÖÜ]/.test(value.normalize("NFC"));
}

/**
 * Spelling differences between transliteration systems (ICAO vs. BGN vs. national), collapsed on
 * both sides so "Yuriy" and "Iurii", "Khristina" and "Hristina" compare equal.
 */
export function transliterationSkeleton(token: string): string {
  return token
    .replace(/kh/g, "h")
    .replace(/ph/g, "f")
    .replace(/w/g, "v")
    .replace(/y/g, "i")
    .replace(/ts/g, "c")
    .replace(/x/g, "ks")
    .replace(/(.)\1+/g, "$1");
}
