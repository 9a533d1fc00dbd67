const SECONDS_PER_DAY = 86_400;

/** Seconds since the epoch of an ISO-8601 instant (whole seconds, rounded down). */
export function epochSecondsOf(iso: string): number {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return Math.floor(millis / 1000);
}

/** An attestation is valid for the service's validity period from the decision that approved it. */
export function attestationExpiry(decidedAt: string, validityDays: number): number {
  return epochSecondsOf(decidedAt) + validityDays * SECONDS_PER_DAY;
}

/**
 * The registry refuses expiries that are not after the block time, which would revert the whole batch.
 * A flag that would expire within `minRemainingSeconds` is treated as already expired.
 */
export function isStillValid(expiresAt: number, nowSeconds: number, minRemainingSeconds: number): boolean {
  return expiresAt > nowSeconds + minRemainingSeconds;
}
