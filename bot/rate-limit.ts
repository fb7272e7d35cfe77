/**
 * A per-user token bucket in memory. It fails open: if it ever throws, the request passes.
 * The crisis path never consults it (the adapters run step 0 first).
 */
export interface RateLimiter {
  /** True when `key` may send one more message at `nowMs`. */
  allow(key: string, nowMs?: number): boolean;
}

export function createRateLimiter(options: {
  perMinute: number;
  burst: number;
  maxKeys?: number;
}): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = options.perMinute / 60_000;
  const maxKeys = options.maxKeys ?? 100_000;
  return {
    allow(key, nowMs = Date.now()) {
      try {
        const bucket = buckets.get(key) ?? { tokens: options.burst, at: nowMs };
        bucket.tokens = Math.min(options.burst, bucket.tokens + (nowMs - bucket.at) * refillPerMs);
        bucket.at = nowMs;
        buckets.delete(key);
        buckets.set(key, bucket);
        if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
        if (bucket.tokens < 1) return false;
        bucket.tokens -= 1;
        return true;
      } catch {
        return true;
      }
    },
  };
}
