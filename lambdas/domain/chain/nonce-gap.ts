/**
 * A nonce gap: the chain counts fewer transactions of the signer than the pipeline knows it signed for
 * nonces that are final (the node came back empty, a testnet was reset, an RPC failover reached a node
 * that is behind). The pending transactions above the gap can never be mined, and sending more only
 * widens it: the pipeline stops sending and raises the alarm until the chain catches up by itself or an
 * operator runs `chain resync`.
 */
export interface NonceGap {
  /** The signer's transaction count on the chain (the next nonce the chain accepts). */
  chainNonce: number;
  /** The nonce the pipeline expects the chain to be at: its oldest pending one, or its next one. */
  expectedNonce: number;
}

/**
 * The gap, if any. With transactions pending, every nonce below the oldest pending one is final (mined),
 * so the chain must count at least that many; with none pending, at least the pipeline's next nonce.
 */
export function nonceGapOf(input: {
  chainNonce: number;
  lowestPendingNonce: number | null;
  storedNextNonce: number | null;
}): NonceGap | null {
  const expectedNonce = input.lowestPendingNonce ?? input.storedNextNonce;
  if (expectedNonce === null || input.chainNonce >= expectedNonce) return null;
  return { chainNonce: input.chainNonce, expectedNonce };
}

/** While the gap lasts every run counts the alarm metric, but the log says so once a minute. */
export const NONCE_GAP_WARNING_INTERVAL_MS = 60_000;

export function gapWarningDue(lastWarnedAt: string | null, nowMs: number): boolean {
  return lastWarnedAt === null || nowMs - Date.parse(lastWarnedAt) >= NONCE_GAP_WARNING_INTERVAL_MS;
}

/** What `chain resync` does: void the transactions the chain forgot and restart from its nonce. */
export interface ResyncPlan {
  fromNonce: number;
  toNonce: number;
  /** Nonces whose records are voided: every one the pipeline allocated at or above the chain's count. */
  voidNonces: number[];
}

/** Null when there is no gap to close (the chain counts every nonce the pipeline allocated as final). */
export function planResync(input: {
  chainNonce: number;
  storedNextNonce: number | null;
  pendingNonces: readonly number[];
}): ResyncPlan | null {
  const lowestPendingNonce = input.pendingNonces.length === 0 ? null : Math.min(...input.pendingNonces);
  if (nonceGapOf({ ...input, lowestPendingNonce }) === null) return null;
  const fromNonce = input.storedNextNonce ?? input.chainNonce;
  const voidNonces: number[] = [];
  for (let nonce = input.chainNonce; nonce < fromNonce; nonce += 1) voidNonces.push(nonce);
  return { fromNonce, toNonce: input.chainNonce, voidNonces };
}
