/**
 * Retry schedule of webhook deliveries. A failed delivery stays on the queue, hidden for a delay
 * that doubles per attempt; after MAX_WEBHOOK_ATTEMPTS receives SQS moves it to the dead-letter
 * queue (the queue's `maxReceiveCount` must equal it).
 */
export const MAX_WEBHOOK_ATTEMPTS = 10;
export const DEFAULT_RETRY_BASE_SECONDS = 30;
/** SQS refuses visibility timeouts above 12 hours. */
export const MAX_RETRY_DELAY_SECONDS = 12 * 3600;

/** Seconds to wait before the next attempt, after attempt number `attempt` (1-based) failed. */
export function retryDelaySeconds(attempt: number, baseSeconds = DEFAULT_RETRY_BASE_SECONDS): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  return Math.min(MAX_RETRY_DELAY_SECONDS, baseSeconds * 2 ** Math.min(exponent, 30));
}

/**
 * How long a failed message stays hidden: the retry delay, or 0 after the last attempt, so SQS moves
 * it to the dead-letter queue on its next receive instead of after the longest delay.
 */
export function visibilityAfterFailure(
  attempt: number,
  maxAttempts = MAX_WEBHOOK_ATTEMPTS,
  baseSeconds = DEFAULT_RETRY_BASE_SECONDS,
): number {
  return attempt >= maxAttempts ? 0 : retryDelaySeconds(attempt, baseSeconds);
}

/** Only 2xx answers count as delivered; anything else (including redirects) is retried. */
export function isDelivered(httpStatus: number): boolean {
  return httpStatus >= 200 && httpStatus < 300;
}
