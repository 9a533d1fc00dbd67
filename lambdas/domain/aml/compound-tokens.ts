// Joins adjacent tokens that the other name writes as one word: Maryann / Mary Ann,
// Abdulrahman / Abd al-Rahman, Delacruz / De La Cruz, Smithjones / Smith-Jones.
import type { NameToken } from "./name-tokens.js";
import { romanisationKey } from "./romanisation-key.js";

const LONGEST_SPAN = 3;

/** Returns `tokens` with every run of 2-3 adjacent tokens merged when `other` holds the joined word. */
export function joinCompoundsFoundIn(tokens: readonly NameToken[], other: readonly NameToken[]): NameToken[] {
  const otherKeys = new Set(other.filter((t) => t.kind !== "initial").map((t) => t.key));
  const ownKeys = new Set(tokens.map((t) => t.key));
  // A compound can only stand for a token of `other` that has no partner among our tokens.
  if ([...otherKeys].every((key) => ownKeys.has(key))) return [...tokens];
  const joined: NameToken[] = [];
  let i = 0;
  while (i < tokens.length) {
    const compound = compoundAt(tokens, i, otherKeys, ownKeys);
    if (compound === undefined) {
      joined.push(tokens[i] as NameToken);
      i += 1;
    } else {
      joined.push(compound.token);
      i += compound.length;
    }
  }
  return joined;
}

function compoundAt(
  tokens: readonly NameToken[],
  start: number,
  otherKeys: ReadonlySet<string>,
  ownKeys: ReadonlySet<string>,
): { token: NameToken; length: number } | undefined {
  for (let length = LONGEST_SPAN; length >= 2; length -= 1) {
    const span = tokens.slice(start, start + length);
    // Initials may take part (O Brien / OBrien) but a run of initials alone is not a word.
    if (span.length < length || span.every((t) => t.kind === "initial")) continue;
    const folded = span.map((t) => t.folded).join("");
    const key = romanisationKey(folded);
    if (otherKeys.has(key) && !ownKeys.has(key)) {
      return { token: { folded, key, kind: "full" }, length };
    }
  }
  return undefined;
}
