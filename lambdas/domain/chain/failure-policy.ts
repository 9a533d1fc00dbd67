/**
 * What to do when the registry refuses a batch, by its custom error:
 * - `wait`: a temporary condition an operator lifts (pause); keep the work queued and back off;
 * - `fail`: the batch cannot succeed as it is (role removed, unknown service, bad data); park it as a
 *   visible failed batch with an alarm, for an operator to retry after fixing the cause.
 */
export type RefusalHandling = "wait" | "fail";

export function refusalHandlingOf(registryErrorName: string | null): RefusalHandling {
  return registryErrorName === "KycRegistryPaused" ? "wait" : "fail";
}

/**
 * Registry errors caused by one entry of a batch (a wallet, an expiry, an encoded entry), not by the
 * batch as a whole: the attester isolates the offending entries and sends the rest, instead of parking
 * every wallet of the batch for one bad one.
 */
const ENTRY_LEVEL_REFUSALS: ReadonlySet<string> = new Set([
  "KycRegistryZeroAddress",
  "KycRegistryExpiryInPast",
  "KycRegistryMalformedEntry",
  "KycRegistryNotAttested",
]);

export function isEntryLevelRefusal(registryErrorName: string | null): boolean {
  return registryErrorName !== null && ENTRY_LEVEL_REFUSALS.has(registryErrorName);
}

export interface BackoffPolicy {
  baseSeconds: number;
  maxSeconds: number;
}

/** Paused registry: long waits, so a pause of hours does not exhaust the queue's receive count. */
export const PAUSED_BACKOFF: BackoffPolicy = { baseSeconds: 30, maxSeconds: 900 };
/** Unreachable node or transactions still confirming: retry soon. */
export const TRANSIENT_BACKOFF: BackoffPolicy = { baseSeconds: 2, maxSeconds: 120 };

/** Exponential backoff by delivery attempt (1 = first receive), capped. */
export function retryDelaySeconds(receiveCount: number, policy: BackoffPolicy): number {
  const attempt = Math.max(1, Math.floor(receiveCount));
  const delay = policy.baseSeconds * 2 ** Math.min(attempt - 1, 30);
  return Math.min(policy.maxSeconds, delay);
}
