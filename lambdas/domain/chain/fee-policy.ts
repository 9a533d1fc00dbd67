import { DomainError } from "../errors.js";

/** EIP-1559 fees of one signed transaction (wei). */
export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** What the network asks for now: the pending block's base fee and a suggested tip. */
export interface FeeMarket {
  baseFeePerGas: bigint;
  priorityFeePerGas: bigint;
}

export interface FeePolicy {
  /** Replacement fees rise by at least this percentage (nodes refuse replacements below +10%). */
  bumpPercent: bigint;
  /** Never offer more than this per gas; a replacement that would exceed it is refused. */
  maxFeePerGasCap: bigint;
}

export const DEFAULT_FEE_POLICY: FeePolicy = { bumpPercent: 15n, maxFeePerGasCap: 500n * 10n ** 9n };

/** The fee policy forbids paying what the market asks: the transaction stays stuck until fees fall. */
export class FeeCapExceededError extends DomainError {
  override readonly name: string = "FeeCapExceededError";

  constructor(wanted: bigint, cap: bigint) {
    super(`replacement needs maxFeePerGas ${wanted} wei, above the cap of ${cap} wei`, {
      context: { wanted: wanted.toString(), cap: cap.toString() },
    });
  }
}

/** First fees of a transaction: room for the base fee to double while it waits, plus the tip. */
export function initialFees(market: FeeMarket, policy: FeePolicy = DEFAULT_FEE_POLICY): Fees {
  const maxFeePerGas = 2n * market.baseFeePerGas + market.priorityFeePerGas;
  return {
    maxFeePerGas: maxFeePerGas < policy.maxFeePerGasCap ? maxFeePerGas : policy.maxFeePerGasCap,
    maxPriorityFeePerGas: market.priorityFeePerGas,
  };
}

/**
 * Fees of a replacement for a stuck transaction (same nonce): both fees rise by at least
 * `bumpPercent` over the previous attempt, and at least to what the market asks now.
 */
export function replacementFees(
  previous: Fees,
  market: FeeMarket,
  policy: FeePolicy = DEFAULT_FEE_POLICY,
): Fees {
  const bumped = (value: bigint) => (value * (100n + policy.bumpPercent) + 99n) / 100n;
  const fresh = initialFees(market, { ...policy, maxFeePerGasCap: 1n << 255n });
  const maxPriorityFeePerGas = max(bumped(previous.maxPriorityFeePerGas), fresh.maxPriorityFeePerGas);
  const maxFeePerGas = max(bumped(previous.maxFeePerGas), fresh.maxFeePerGas, maxPriorityFeePerGas);
  if (maxFeePerGas > policy.maxFeePerGasCap)
    throw new FeeCapExceededError(maxFeePerGas, policy.maxFeePerGasCap);
  return { maxFeePerGas, maxPriorityFeePerGas };
}

/** A transaction is stuck when its latest attempt has waited longer than `stuckAfterMs` unmined. */
export function isStuck(lastBroadcastAtMs: number, nowMs: number, stuckAfterMs: number): boolean {
  return nowMs - lastBroadcastAtMs >= stuckAfterMs;
}

function max(first: bigint, ...rest: bigint[]): bigint {
  return rest.reduce((highest, value) => (value > highest ? value : highest), first);
}
