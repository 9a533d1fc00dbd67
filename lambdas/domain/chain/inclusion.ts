/** Where a transaction was mined, as its receipt says. */
export interface Inclusion {
  hash: string;
  blockNumber: number;
  blockHash: string;
  succeeded: boolean;
}

export type InclusionState =
  | { state: "unmined" }
  | { state: "confirming"; inclusion: Inclusion; confirmations: number }
  | { state: "confirmed"; inclusion: Inclusion }
  | { state: "reverted"; inclusion: Inclusion }
  /** The block it was in is no longer canonical; `current` is where it is now, if anywhere. */
  | { state: "reorged"; previous: Inclusion; current: Inclusion | null };

export interface InclusionObservation {
  /** What was recorded at the previous look, if the transaction was seen mined before. */
  previous: Inclusion | null;
  /** The receipt now (null: none). */
  current: Inclusion | null;
  /** The canonical chain's block hash at `current.blockNumber` now (null when unknown). */
  canonicalHashAtCurrent: string | null;
  headBlockNumber: number;
  requiredConfirmations: number;
}

/**
 * Reorg detection: a receipt that disappeared, moved to another block, or points at a block that is
 * no longer canonical means the transaction must be waited for (and re-broadcast) again. Otherwise it
 * counts confirmations (the inclusion block is the first) and reports the final outcome once enough.
 */
export function assessInclusion(observation: InclusionObservation): InclusionState {
  const { previous, current } = observation;
  if (current === null)
    return previous === null ? { state: "unmined" } : { state: "reorged", previous, current };
  const stale =
    observation.canonicalHashAtCurrent !== null && observation.canonicalHashAtCurrent !== current.blockHash;
  if (stale) return { state: "reorged", previous: previous ?? current, current: null };
  if (previous !== null && (previous.blockHash !== current.blockHash || previous.hash !== current.hash)) {
    return { state: "reorged", previous, current };
  }
  const confirmations = observation.headBlockNumber - current.blockNumber + 1;
  if (confirmations < observation.requiredConfirmations) {
    return { state: "confirming", inclusion: current, confirmations };
  }
  return current.succeeded
    ? { state: "confirmed", inclusion: current }
    : { state: "reverted", inclusion: current };
}
