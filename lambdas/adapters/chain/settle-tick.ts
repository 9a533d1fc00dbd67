import type { DynamoDbChainTxStore } from "../dynamodb/chain-tx-store.js";
import type { SqsChainQueue } from "./chain-queue.js";

/** A tick claimed this long ago but never received is taken as lost (its publish failed) and re-issued. */
export const SETTLE_TICK_STALE_MS = 60_000;

/**
 * Keeps exactly one settle tick queued while the signer has pending transactions, so the attester comes
 * back to confirm them when no new work arrives. The claim lives on the signer's nonce item (a
 * conditional write), so concurrent or repeated runs queue one tick, not one each.
 */
export async function queueSettleTickIfPending(
  txStore: Pick<DynamoDbChainTxStore, "claimSettleTick">,
  queue: Pick<SqsChainQueue, "publishSettleTick">,
  signer: string,
  pending: number,
  nowMs: number,
): Promise<boolean> {
  if (pending === 0) return false;
  const at = new Date(nowMs).toISOString();
  const staleBefore = new Date(nowMs - SETTLE_TICK_STALE_MS).toISOString();
  if (!(await txStore.claimSettleTick(signer, at, staleBefore))) return false;
  await queue.publishSettleTick(at);
  return true;
}
