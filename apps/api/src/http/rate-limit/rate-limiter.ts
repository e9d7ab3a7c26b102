/** What a limiter answers: go ahead, or wait this many whole seconds (for Retry-After). */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number; // when `tokens` was last brought up to date (ms)
}

/**
 * A token bucket per key: `perMinute` requests at once, then one more each 60/perMinute seconds.
 * Keys are independent: one key running dry never touches another. In memory, per process; a bucket
 * left alone for a minute is full again, i.e. the same as none, so idle buckets are swept away and the
 * memory follows the keys active in the last minute. Time comes in as an argument (tests, no Date.now).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(readonly perMinute: number, private readonly sweepAbove = 10_000) {
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new RangeError('perMinute must be a positive integer');
    this.perMs = perMinute / 60_000;
  }

  take(key: string, nowMs: number): RateDecision {
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.perMinute, bucket.tokens + Math.max(0, nowMs - bucket.at) * this.perMs) : this.perMinute;
    if (tokens >= 1) {
      if (!bucket && this.buckets.size >= this.sweepAbove) this.sweep(nowMs);
      this.buckets.set(key, { tokens: tokens - 1, at: nowMs });
      return { allowed: true };
    }
    if (bucket) {
      bucket.tokens = tokens;
      bucket.at = nowMs;
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
  }

  /** Keys being tracked (for tests and the curious). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(nowMs: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (nowMs - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}
