/** EIP-7825: no transaction may use more gas than this. */
export const TX_GAS_CAP = 1n << 24n;

/**
 * Wallets per registry transaction. A new-wallet attestation costs about 25.8k gas in a batch
 * (`npm run bench:gas`), so 400 of them use about 10.4M gas: well under the 2^24 cap (16.8M) even if
 * storage costs rise, and small enough for the transaction record to fit one DynamoDB item.
 */
export const DEFAULT_MAX_WALLETS_PER_TX = 400;

/** A batch may use at most this share of the cap; above it the sender splits the batch. */
export const GAS_CAP_HEADROOM_PERCENT = 80n;

export function fitsUnderGasCap(estimatedGas: bigint, cap: bigint = TX_GAS_CAP): boolean {
  return estimatedGas * 100n <= cap * GAS_CAP_HEADROOM_PERCENT;
}

/** Gas limit sent with a transaction: the estimate plus a margin, never above the cap. */
export function gasLimitFor(estimatedGas: bigint, cap: bigint = TX_GAS_CAP): bigint {
  const padded = (estimatedGas * 120n) / 100n;
  return padded < cap ? padded : cap;
}
