// Script-to-ASCII folding for names: the one table of the pure domain. Covers Latin (diacritics and
// special letters), Cyrillic (Russian, Ukrainian, Belarusian, Serbian/Macedonian letters) and Greek
// (ELOT 743). Used by the AML matcher (remaining spelling differences between schemes are folded
// later by `romanisationKey`) and, with the ICAO 9303 scheme, by the bots' document-name check.

/** Latin letters that Unicode decomposition does not reduce to a base letter. */
const LATIN_SPECIALS: Readonly<Record<string, string>> = {
  ß: "ss",
  ẞ: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  þ: "th",
  ł: "l",
  ı: "i",
  ħ: "h",
  ŋ: "ng",
  ſ: "s",
  ĳ: "ij",
  ƒ: "f",
  ŀ: "l",
  ŧ: "t",
  ĸ: "k",
};

/** Russian letters, passport-style (ICAO-like, without diacritics). */
const CYRILLIC: Readonly<Record<string, string>> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
  // Ukrainian and Belarusian
  є: "ye",
  і: "i",
  ї: "yi",
  ґ: "g",
  ў: "u",
  // Serbian and Macedonian
  ђ: "dj",
  ј: "j",
  љ: "lj",
  њ: "nj",
  ћ: "c",
  џ: "dz",
  ѓ: "gj",
  ќ: "kj",
  ѕ: "dz",
};

/** Ukrainian (KMU 2010) spells Г as H, И as Y and Й as I (Григорій → Hryhorii). */
const UKRAINIAN_OVERRIDES: Readonly<Record<string, string>> = { г: "h", и: "y", й: "i" };
const UKRAINIAN_ONLY_LETTERS = /[іїєґ]/u;

/**
 * ICAO 9303 (machine-readable zones) where it differs from the tables above: Дмитрий → Dmitrii,
 * Юлия → Iuliia, Ђ/Ѓ/Ќ → D/G/K, Ŋ → N. No Ukrainian overrides (a passport MRZ uses the ICAO table).
 */
const ICAO_OVERRIDES: Readonly<Record<string, string>> = {
  й: "i",
  ъ: "ie",
  ю: "iu",
  я: "ia",
  є: "ie",
  ї: "i",
  ђ: "d",
  ѓ: "g",
  ќ: "k",
  ŋ: "n",
};

/** Greek digraphs first (ELOT 743 / UN), then single letters; accents are stripped before lookup. */
const GREEK_DIGRAPHS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(^|[^α-ω])μπ/gu, "$1b"],
  [/(^|[^α-ω])ντ/gu, "$1d"],
  [/(^|[^α-ω])γκ/gu, "$1g"],
  [/γγ/gu, "ng"],
  [/γκ/gu, "ng"],
  [/γξ/gu, "nx"],
  [/γχ/gu, "nch"],
  [/ου/gu, "ou"],
  // αυ/ευ/ηυ are "f" before a voiceless consonant (Eleftherios), "v" elsewhere (Evangelos).
  [/([αεη])υ(?=[θκξπστφχψ])/gu, "$1f"],
  [/([αεη])υ/gu, "$1v"],
];

const GREEK: Readonly<Record<string, string>> = {
  α: "a",
  β: "v",
  γ: "g",
  δ: "d",
  ε: "e",
  ζ: "z",
  η: "i",
  θ: "th",
  ι: "i",
  κ: "k",
  λ: "l",
  μ: "m",
  ν: "n",
  ξ: "x",
  ο: "o",
  π: "p",
  ρ: "r",
  σ: "s",
  ς: "s",
  τ: "t",
  υ: "y",
  φ: "f",
  χ: "ch",
  ψ: "ps",
  ω: "o",
};

const COMBINING_MARKS = /\p{M}/gu;
const GREEK_LETTERS = /[\u0370-\u03ff\u1f00-\u1fff]/u;

/**
 * `common` (default): the romanisation most often met in lists and the press (Сергей → Sergey,
 * Ukrainian Г → H). `icao`: ICAO 9303 as printed in passports' machine-readable zones.
 */
export type RomanisationScheme = "common" | "icao";

/**
 * Lower-cases `text` and rewrites Latin, Cyrillic and Greek letters to ASCII a-z. Everything
 * else (digits, punctuation, letters of other scripts) is kept as is for the tokenizer to judge.
 */
export function transliterateToAscii(text: string, options: { scheme?: RomanisationScheme } = {}): string {
  let lower = text.normalize("NFC").toLowerCase();
  if (GREEK_LETTERS.test(lower)) {
    lower = foldGreek(lower);
  }
  const overrides =
    options.scheme === "icao"
      ? ICAO_OVERRIDES
      : UKRAINIAN_ONLY_LETTERS.test(lower)
        ? UKRAINIAN_OVERRIDES
        : undefined;
  let out = "";
  for (const char of lower) {
    out += transliterateChar(char, overrides);
  }
  return out;
}

function transliterateChar(char: string, overrides: Readonly<Record<string, string>> | undefined): string {
  if (char < "\u0080") return char;
  // Composed letters first: й and ё would lose their identity to decomposition.
  const direct = overrides?.[char] ?? CYRILLIC[char] ?? LATIN_SPECIALS[char];
  if (direct !== undefined) return direct;
  const base = char.normalize("NFD").replace(COMBINING_MARKS, "");
  if (base === char) return char;
  let out = "";
  for (const part of base) {
    out += overrides?.[part] ?? CYRILLIC[part] ?? LATIN_SPECIALS[part] ?? part;
  }
  return out;
}

function foldGreek(lower: string): string {
  let text = lower.normalize("NFD").replace(COMBINING_MARKS, "");
  for (const [pattern, replacement] of GREEK_DIGRAPHS) {
    text = text.replace(pattern, replacement);
  }
  let out = "";
  for (const char of text) {
    out += GREEK[char] ?? char;
  }
  return out;
}
