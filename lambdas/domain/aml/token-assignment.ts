// One-to-one pairing of the tokens of two names that maximises the total pair weight.
// Names are short, so an exact search over subsets is cheap; very long names fall back to
// a greedy pairing (heaviest pair first), which is exact whenever the weights are 0/1-like.

export interface TokenPair {
  a: number;
  b: number;
  weight: number;
}

const EXACT_SEARCH_MAX_TOKENS = 10;

/** `weight(i, j)` must be >= 0; pairs of weight 0 are never reported. */
export function bestAssignment(
  sizeA: number,
  sizeB: number,
  weight: (i: number, j: number) => number,
): TokenPair[] {
  const weights: number[][] = [];
  for (let i = 0; i < sizeA; i += 1) {
    const row: number[] = [];
    for (let j = 0; j < sizeB; j += 1) row.push(weight(i, j));
    weights.push(row);
  }
  if (Math.min(sizeA, sizeB) === 0) return [];
  return Math.max(sizeA, sizeB) <= EXACT_SEARCH_MAX_TOKENS
    ? exactAssignment(weights, sizeA, sizeB)
    : greedyAssignment(weights, sizeA, sizeB);
}

function exactAssignment(weights: number[][], sizeA: number, sizeB: number): TokenPair[] {
  // Rows are the tokens of A; the mask records which tokens of B are taken.
  const memo = new Map<number, { total: number; pairs: TokenPair[] }>();
  const solve = (row: number, mask: number): { total: number; pairs: TokenPair[] } => {
    if (row === sizeA) return { total: 0, pairs: [] };
    const memoKey = row * (1 << sizeB) + mask;
    const cached = memo.get(memoKey);
    if (cached !== undefined) return cached;
    let best = solve(row + 1, mask);
    const rowWeights = weights[row] as number[];
    for (let j = 0; j < sizeB; j += 1) {
      const w = rowWeights[j] as number;
      if (w <= 0 || (mask & (1 << j)) !== 0) continue;
      const rest = solve(row + 1, mask | (1 << j));
      if (rest.total + w > best.total) {
        best = { total: rest.total + w, pairs: [{ a: row, b: j, weight: w }, ...rest.pairs] };
      }
    }
    memo.set(memoKey, best);
    return best;
  };
  return solve(0, 0).pairs;
}

function greedyAssignment(weights: number[][], sizeA: number, sizeB: number): TokenPair[] {
  const candidates: TokenPair[] = [];
  for (let i = 0; i < sizeA; i += 1) {
    for (let j = 0; j < sizeB; j += 1) {
      const w = (weights[i] as number[])[j] as number;
      if (w > 0) candidates.push({ a: i, b: j, weight: w });
    }
  }
  candidates.sort((x, y) => y.weight - x.weight);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: TokenPair[] = [];
  for (const candidate of candidates) {
    if (usedA.has(candidate.a) || usedB.has(candidate.b)) continue;
    usedA.add(candidate.a);
    usedB.add(candidate.b);
    pairs.push(candidate);
  }
  return pairs;
}
