// Folds the spelling differences between romanisation schemes (Russian passport vs BGN vs
// German/French/Polish transliteration, German umlaut spellings, common Arabic romanisations)
// into one key. Two tokens with the same key are taken to be the same name. Every rule is
// applied to both sides, so a rule only has to avoid merging two genuinely different names.

/** [a substring the rule needs (a cheap pre-check), pattern, replacement]. */
type Rule = readonly [string, RegExp, string];

const VOWEL = "aeiouy";

/** Consonant clusters that different schemes write differently for the same sound. */
const CLUSTER_RULES: readonly Rule[] = [
  // Arabic "Abd al-/ul-/el-/ur-": the article's vowel and assimilated consonant vary by scheme.
  ["abd", /^abd[aeiou][lr]?/, "abd"],
  ["mac", /^mac(?=[^aeiouy])/, "mc"],
  ["tsch", /tsch/g, "ch"],
  ["shch", /shch/g, "sh"],
  ["sch", /sch/g, "sh"],
  ["szcz", /szcz/g, "sh"],
  ["sz", /sz/g, "sh"],
  ["cz", /cz/g, "ch"],
  ["tch", /tch/g, "ch"],
  ["dzh", /dzh/g, "j"],
  ["dj", /dj/g, "j"],
  ["kh", /kh/g, "h"],
  ["dh", /dh/g, "d"],
  ["gh", /gh/g, "g"],
  ["ph", /ph/g, "f"],
  ["th", /th/g, "t"],
  ["ck", /ck/g, "k"],
  ["q", /q/g, "k"],
  ["x", /x/g, "ks"],
  ["w", /w/g, "v"],
  ["c", /c(?=[eiy])/g, "s"],
  ["c", /c(?!h)/g, "k"],
  ["gu", /gu(?=[ei])/g, "g"],
];

/** Vowel spellings: French "ou", English "ee/oo", German umlaut digraphs. */
const VOWEL_RULES: readonly Rule[] = [
  // Persian/Arabic feminine ending written -eh, -ah or -a (Haniyeh/Haniya, Fatemeh).
  ["eh", /(?<=[^aeiou])eh$/, "a"],
  // Russian -eyev/-eev (Sergeyev/Sergeev) before "ee" becomes the English long i.
  ["eye", /eye/g, "ee"],
  // French "ou" for u (Iouri, Moustafa); not at the end, where pinyin Zhou/Zhu, Hou/Hu differ.
  ["ou", /ou(?=[^aeiouy])/g, "u"],
  ["ee", /ee/g, "i"],
  ["oo", /oo/g, "u"],
  ["ue", /ue/g, "u"],
  ["oe", /oe/g, "o"],
  ["ae", /ae/g, "a"],
];

/** Iotated vowels and the i/y/j semivowel, which every Cyrillic scheme writes differently. */
const SEMIVOWEL_RULES: readonly Rule[] = [
  ["iu", /^iu/, "yu"],
  ["ia", /^ia/, "ya"],
  ["e", /^[iyj]e/, "e"],
  ["j", /(?<=.)j/g, "y"],
  ["ia", /(?<=.)ii?a/g, "ya"],
  ["iya", /(?<=.)iya/g, "ya"],
  ["iu", /(?<=.)iu/g, "yu"],
  // Soft sign before e: Vasilyeva/Vasilieva, Grigoryev/Grigoriev.
  ["ie", /(?<=[^aeiouy])ie/g, "ye"],
  // Cyrillic ё inside a name: Pyotr/Petr, Fyodor/Fedor, Artyom/Artem.
  ["yo", new RegExp(`(?<=.)yo(?=[^${VOWEL}])`, "g"), "e"],
  // ...and after ch/sh/zh/j at the end of a surname: Gorbachov/Gorbachev.
  ["ov", /(ch|sh|zh|j)ov$/, "$1ev"],
  // Ukrainian -yi ending (Zelenskyi): the same sound as Russian -iy.
  ["yi", /yi$/, "i"],
  // y that is not followed by a vowel is the vowel i: Dmitriy, Yuriy, Sergey, Zelenskyy.
  ["y", /y(?![aeiou])/g, "i"],
  ["ii", /ii$/, "i"],
];

const ENDING_RULES: readonly Rule[] = [
  ["off", /off$/, "ov"],
  ["eff", /eff$/, "ev"],
  // Alexander/Aleksandr, Peter/Petr: an unstressed e before a final r.
  ["er", /(?<=[bcdfghjklmnpqrstvwxz])er$/, "r"],
  // Sarah/Sara, Abdullah/Abdulla.
  ["h", /(?<=[aeiou])h$/, ""],
];

const DOUBLED_LETTER = /([a-z])\1+/g;

/** Canonical key of one ASCII lower-case name token (a-z only). */
export function romanisationKey(token: string): string {
  let key = token;
  for (const rules of [CLUSTER_RULES, VOWEL_RULES, SEMIVOWEL_RULES, ENDING_RULES]) {
    for (const [needed, pattern, replacement] of rules) {
      if (key.includes(needed)) key = key.replace(pattern, replacement);
    }
  }
  key = key.replace(DOUBLED_LETTER, "$1");
  return key.length > 0 ? key : token;
}
