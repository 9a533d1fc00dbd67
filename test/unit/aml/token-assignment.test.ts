import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { bestAssignment } from "../../../lambdas/domain/aml/token-assignment.js";

/** Best total over all one-to-one pairings, by brute force. */
function bruteForceBest(weights: number[][], sizeB: number): number {
  const walk = (row: number, used: Set<number>): number => {
    if (row === weights.length) return 0;
    let best = walk(row + 1, used);
    for (let j = 0; j < sizeB; j += 1) {
      const w = weights[row]![j]!;
      if (used.has(j) || w <= 0) continue;
      used.add(j);
      best = Math.max(best, w + walk(row + 1, used));
      used.delete(j);
    }
    return best;
  };
  return walk(0, new Set());
}

const matrix = fc
  .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }))
  .chain(([rows, cols]) =>
    fc.array(fc.array(fc.constantFrom(0, 0.25, 0.5, 0.85, 0.99, 1), { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    }),
  );

describe("bestAssignment", () => {
  it("finds a one-to-one pairing with the best total weight", () => {
    fc.assert(
      fc.property(matrix, (weights) => {
        const sizeB = weights[0]?.length ?? 0;
        const pairs = bestAssignment(weights.length, sizeB, (i, j) => weights[i]![j]!);
        expect(new Set(pairs.map((p) => p.a)).size).toBe(pairs.length);
        expect(new Set(pairs.map((p) => p.b)).size).toBe(pairs.length);
        const total = pairs.reduce((sum, p) => sum + p.weight, 0);
        expect(total).toBeCloseTo(bruteForceBest(weights, sizeB), 9);
      }),
    );
  });

  it("pairs heaviest-first when names have more tokens than the exact search handles", () => {
    const size = 12;
    const pairs = bestAssignment(size, size, (i, j) => (i === j ? 1 : 0.1));
    expect(pairs).toHaveLength(size);
    expect(pairs.every((p) => p.a === p.b)).toBe(true);
  });

  it("returns no pairs when one side is empty or nothing is related", () => {
    expect(bestAssignment(0, 3, () => 1)).toEqual([]);
    expect(bestAssignment(2, 2, () => 0)).toEqual([]);
  });
});
