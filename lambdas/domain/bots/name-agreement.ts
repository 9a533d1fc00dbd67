import { foldToAscii, hasGermanUmlaut, transliterationSkeleton } from "./transliterate.js";

/**
 * Whether the full name read from a document and the name the user gave are the same name:
 * case, accents, transliteration, token order and missing/extra middle names do not matter;
 * a different given or family name does. Used by the Advanced KYC Bot for DOC_NAME_MISMATCH.
 */
export function namesAgree(documentName: string, person: { givenName: string; familyName: string }): boolean {
  const given = tokenVariants(person.givenName);
  const family = tokenVariants(person.familyName);
  const doc = tokenVariants(documentName);
  if (given.length === 0 || family.length === 0 || doc.length === 0) return false;

  const personTokens: NameToken[] = [
    ...given.map((t, i) => ({ ...t, role: i === 0 ? ("first" as const) : ("middle" as const) })),
    ...family.map((t) => ({ ...t, role: "family" as const })),
  ];
  const docTokens: NameToken[] = doc.map((t) => ({ ...t, role: "unknown" as const }));

  // Every token of the shorter name must find its own partner in the longer one.
  const [shorter, longer] =
    personTokens.length <= docTokens.length ? [personTokens, docTokens] : [docTokens, personTokens];
  const pairs = matchTokens(shorter, longer);
  if (pairs === null) return false;

  // And the pairing must cover a given name and a family name of the person.
  const matchedRoles = new Set(pairs.flatMap(([a, b]) => [a.role, b.role]));
  return (matchedRoles.has("first") || matchedRoles.has("middle")) && matchedRoles.has("family");
}

interface TokenForms {
  /** Spelling variants of the token (umlaut readings, transliteration skeletons). */
  forms: ReadonlySet<string>;
  text: string;
}

interface NameToken extends TokenForms {
  role: "first" | "middle" | "family" | "unknown";
}

function tokenVariants(name: string): TokenForms[] {
  const plain = foldToAscii(name).split(" ").filter(Boolean);
  const digraph = hasGermanUmlaut(name) ? foldToAscii(name, { umlautsAsDigraphs: true }).split(" ") : [];
  return plain.map((text, i) => {
    const forms = new Set([text, transliterationSkeleton(text)]);
    const alt = digraph[i];
    if (alt !== undefined) {
      forms.add(alt);
      forms.add(transliterationSkeleton(alt));
    }
    return { text, forms };
  });
}

function tokensEqual(a: TokenForms, b: TokenForms): boolean {
  for (const form of a.forms) if (b.forms.has(form)) return true;
  return false;
}

/** A middle name may appear as its initial ("John P Smith"), never a first or family name. */
function initialMatches(a: NameToken, b: NameToken): boolean {
  const [initial, full] = a.text.length === 1 ? [a, b] : [b, a];
  if (initial.text.length !== 1 || full.text.length < 2) return false;
  if (
    initial.role === "first" ||
    initial.role === "family" ||
    full.role === "first" ||
    full.role === "family"
  ) {
    return false;
  }
  return full.text.startsWith(initial.text);
}

/** Bipartite matching by augmenting paths; names have a handful of tokens. */
function matchTokens(shorter: NameToken[], longer: NameToken[]): [NameToken, NameToken][] | null {
  const partnerOfLonger: (number | undefined)[] = new Array<number | undefined>(longer.length);
  const compatible = (i: number, j: number): boolean => {
    const a = shorter[i];
    const b = longer[j];
    return a !== undefined && b !== undefined && (tokensEqual(a, b) || initialMatches(a, b));
  };
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < longer.length; j++) {
      if (seen[j] || !compatible(i, j)) continue;
      seen[j] = true;
      const current = partnerOfLonger[j];
      if (current === undefined || tryAssign(current, seen)) {
        partnerOfLonger[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < shorter.length; i++) {
    if (!tryAssign(i, new Array<boolean>(longer.length).fill(false))) return null;
  }
  const pairs: [NameToken, NameToken][] = [];
  partnerOfLonger.forEach((i, j) => {
    const a = i === undefined ? undefined : shorter[i];
    const b = longer[j];
    if (a !== undefined && b !== undefined) pairs.push([a, b]);
  });
  return pairs;
}
