// Name match percentage (0..100) between two personal names.
//
// 100 — "the same name". After transliteration, folding and compound joining (Mary Ann/Maryann),
//   the tokens pair one-to-one, where a pair is
//     - two full tokens with the same romanisation key, a curated equivalent (nickname or
//       vowel-variant romanisation), or keys of 5+ letters that differ in one inner vowel
//       (Laden/Ladin, Kemal/Kamal: scripts that do not write short vowels romanise them freely);
//     - an initial and a full token starting with that letter, or two equal initials;
//     - two equal particles (al, van, bin, ...), which may also be missing on either side;
//   and either every non-particle token of both names is paired in any order, with at least one
//   pair of full tokens ("J. R. Smith" = "John Robert Smith", "Smith John" = "John Smith"), or
//   one name is contained in the other with at least two pairs of full tokens: the longer name
//   adds middle names, a second surname or initials ("John Smith" = "John Robert Smith").
// Below 100 — a token-set score: tokens are paired to maximise similarity (Jaro-Winkler rescaled
//   as 2·JW − 1, so that the ~0.5 unrelated names reach counts as nothing; an initial and a full
//   token of that letter 0.85); coverage is the weighted share of each name's tokens that found
//   a partner (full 1, initial 0.5, particle 0.25); the score is 0.7 × the better coverage +
//   0.3 × the worse, floored to one decimal and capped at 99.
import { joinCompoundsFoundIn } from "./compound-tokens.js";
import { jaroWinkler } from "./jaro-winkler.js";
import { areEquivalentGivenNames } from "./name-equivalents.js";
import { parseName, type NameToken, type ParsedName } from "./name-tokens.js";
import { bestAssignment } from "./token-assignment.js";

export interface NameComparison {
  /** 0..100. */
  score: number;
  /** False when either name has no letters the matcher can read (empty, or an uncovered script). */
  comparable: boolean;
}

const SAME_NAME_SCORE = 100;
const FUZZY_CAP = 99;
const INITIAL_SIMILARITY = 0.85;
const INNER_VOWEL_MIN_LENGTH = 5;
const TOKEN_WEIGHT: Readonly<Record<NameToken["kind"], number>> = { full: 1, initial: 0.5, particle: 0.25 };
/** Same-name pairing weights: full pairs first, so an initial never takes a full token's partner. */
const FULL_PAIR = 1;
const INITIAL_PAIR = 0.99;
const PARTICLE_PAIR = 0.01;

interface TokenRelation {
  /** Weight of the pair under the same-name rule; 0 when the tokens are not the same name part. */
  sameWeight: number;
  /** Similarity 0..1 for the token-set score. */
  similarity: number;
}

const UNRELATED: TokenRelation = { sameWeight: 0, similarity: 0 };

/** Match percentage of two names; see the file comment for what 100 and lower scores mean. */
export function nameMatchScore(a: string, b: string): number {
  return compareNames(a, b).score;
}

export function compareNames(a: string, b: string): NameComparison {
  return compareParsedNames(parseName(a), parseName(b));
}

/** As `compareNames`, for callers that compare one parsed name with many (AML screening). */
export function compareParsedNames(parsedA: ParsedName, parsedB: ParsedName): NameComparison {
  const comparable =
    !parsedA.hasUntransliteratedLetters &&
    !parsedB.hasUntransliteratedLetters &&
    hasNamePart(parsedA.tokens) &&
    hasNamePart(parsedB.tokens);
  if (!comparable) return { score: 0, comparable };
  const tokensA = joinCompoundsFoundIn(parsedA.tokens, parsedB.tokens);
  const tokensB = joinCompoundsFoundIn(parsedB.tokens, tokensA);
  const relations = tokensA.map((ta) => tokensB.map((tb) => relate(ta, tb)));
  if (isSameName(tokensA, tokensB, relations)) return { score: SAME_NAME_SCORE, comparable };
  return { score: tokenSetScore(tokensA, tokensB, relations), comparable };
}

function hasNamePart(tokens: readonly NameToken[]): boolean {
  return tokens.some((t) => t.kind !== "particle");
}

function relate(a: NameToken, b: NameToken): TokenRelation {
  if (a.kind === "full" && b.kind === "full") {
    if (areSameFullToken(a, b)) return { sameWeight: FULL_PAIR, similarity: 1 };
    const jw = Math.max(jaroWinkler(a.key, b.key), jaroWinkler(a.folded, b.folded));
    return { sameWeight: 0, similarity: Math.max(0, 2 * jw - 1) };
  }
  if (a.kind === "initial" && b.kind === "initial") {
    return a.folded === b.folded ? { sameWeight: INITIAL_PAIR, similarity: 1 } : UNRELATED;
  }
  if (a.kind === "initial" && b.kind === "full") {
    return isInitialOf(a, b) ? { sameWeight: INITIAL_PAIR, similarity: INITIAL_SIMILARITY } : UNRELATED;
  }
  if (a.kind === "full" && b.kind === "initial") {
    return isInitialOf(b, a) ? { sameWeight: INITIAL_PAIR, similarity: INITIAL_SIMILARITY } : UNRELATED;
  }
  if (a.kind === "particle" && b.kind === "particle" && a.key === b.key) {
    return { sameWeight: PARTICLE_PAIR, similarity: 1 };
  }
  return UNRELATED;
}

function areSameFullToken(a: NameToken, b: NameToken): boolean {
  return a.key === b.key || areEquivalentGivenNames(a.key, b.key) || differByOneInnerVowel(a.key, b.key);
}

const VOWELS = new Set(["a", "e", "i", "o", "u"]);

function differByOneInnerVowel(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < INNER_VOWEL_MIN_LENGTH) return false;
  let differing = -1;
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] === b[i]) continue;
    if (differing !== -1) return false;
    differing = i;
  }
  return (
    differing > 0 &&
    differing < a.length - 1 &&
    VOWELS.has(a[differing] as string) &&
    VOWELS.has(b[differing] as string)
  );
}

function isInitialOf(initial: NameToken, full: NameToken): boolean {
  return full.folded.startsWith(initial.folded) || full.key.startsWith(initial.key);
}

function isSameName(
  tokensA: readonly NameToken[],
  tokensB: readonly NameToken[],
  relations: readonly (readonly TokenRelation[])[],
): boolean {
  const pairs = bestAssignment(tokensA.length, tokensB.length, (i, j) => relations[i]![j]!.sameWeight);
  const pairedA = new Set<number>();
  const pairedB = new Set<number>();
  let fullPairs = 0;
  for (const pair of pairs) {
    pairedA.add(pair.a);
    pairedB.add(pair.b);
    if (tokensA[pair.a]!.kind === "full" && tokensB[pair.b]!.kind === "full") fullPairs += 1;
  }
  const allPaired = (tokens: readonly NameToken[], paired: ReadonlySet<number>): boolean =>
    tokens.every((t, i) => t.kind === "particle" || paired.has(i));
  const containedA = allPaired(tokensA, pairedA);
  const containedB = allPaired(tokensB, pairedB);
  if (containedA && containedB) return fullPairs >= 1;
  return (containedA || containedB) && fullPairs >= 2;
}

function tokenSetScore(
  tokensA: readonly NameToken[],
  tokensB: readonly NameToken[],
  relations: readonly (readonly TokenRelation[])[],
): number {
  const weightA = tokensA.map((t) => TOKEN_WEIGHT[t.kind]);
  const weightB = tokensB.map((t) => TOKEN_WEIGHT[t.kind]);
  const pairs = bestAssignment(
    tokensA.length,
    tokensB.length,
    (i, j) => relations[i]![j]!.similarity * ((weightA[i]! + weightB[j]!) / 2),
  );
  let coveredA = 0;
  let coveredB = 0;
  for (const pair of pairs) {
    const similarity = relations[pair.a]![pair.b]!.similarity;
    coveredA += similarity * weightA[pair.a]!;
    coveredB += similarity * weightB[pair.b]!;
  }
  const coverageA = coveredA / sum(weightA);
  const coverageB = coveredB / sum(weightB);
  const score = 100 * (0.7 * Math.max(coverageA, coverageB) + 0.3 * Math.min(coverageA, coverageB));
  // The epsilon keeps summation-order noise (30.999…) from flooring a tenth lower on one side.
  return Math.min(FUZZY_CAP, Math.floor(score * 10 + 1e-9) / 10);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
