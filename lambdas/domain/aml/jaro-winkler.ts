/** Jaro similarity of two strings (0..1). */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const matchedB = new Array<boolean>(b.length).fill(false);
  const matchesA: string[] = [];
  for (let i = 0; i < a.length; i += 1) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j += 1) {
      if (!matchedB[j] && a[i] === b[j]) {
        matchedB[j] = true;
        matchesA.push(a[i] as string);
        break;
      }
    }
  }
  const m = matchesA.length;
  if (m === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let j = 0; j < b.length; j += 1) {
    if (matchedB[j]) {
      if (b[j] !== matchesA[k]) transpositions += 1;
      k += 1;
    }
  }
  return (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler similarity (0..1): Jaro boosted by a common prefix of up to 4 letters. */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  let prefix = 0;
  const limit = Math.min(4, a.length, b.length);
  while (prefix < limit && a[prefix] === b[prefix]) prefix += 1;
  return j + prefix * prefixScale * (1 - j);
}
