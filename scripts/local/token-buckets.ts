import type { ThrottleSpec } from "../../infra/topology/types.js";

interface Bucket {
  tokens: number;
  at: number;
  limit: ThrottleSpec;
}

/** Past this many buckets, buckets that have refilled (as good as new) are forgotten. */
const PRUNE_ABOVE = 10_000;

/**
 * API Gateway's throttling algorithm, one bucket per key: a bucket holds up to `burstLimit` tokens and
 * refills at `rateLimit` tokens per second; a request takes one token, and finds none when throttled.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes a token from `key`'s bucket (full when new); false when the bucket is empty. */
  take(key: string, limit: ThrottleSpec): boolean {
    const at = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket === undefined ? limit.burstLimit : refilled(bucket, at);
    const allowed = tokens >= 1;
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at, limit });
    if (this.buckets.size > PRUNE_ABOVE) this.forgetRefilled(at);
    return allowed;
  }

  private forgetRefilled(at: number): void {
    for (const [key, bucket] of this.buckets) {
      if (refilled(bucket, at) >= bucket.limit.burstLimit) this.buckets.delete(key);
    }
  }
}

function refilled(bucket: Bucket, at: number): number {
  const elapsedSeconds = Math.max(0, at - bucket.at) / 1000;
  return Math.min(bucket.limit.burstLimit, bucket.tokens + elapsedSeconds * bucket.limit.rateLimit);
}
