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

/** Counts failures per key in a fixed window; a key at the limit is blocked until its window ends. */
export interface FailureCounter {
  /** True when `key` has reached the limit in its current window. */
  blocked(key: string, nowMs?: number): boolean;
  /** Records a failure; returns the failures of the key's window so far. */
  fail(key: string, nowMs?: number): number;
}

/** An in-memory failure counter (per process), bounded to `maxKeys` keys. */
export function createFailureCounter(options: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}): FailureCounter {
  const windows = new Map<string, { from: number; failures: number }>();
  const maxKeys = options.maxKeys ?? 100_000;
  const current = (key: string, nowMs: number) => {
    const w = windows.get(key);
    return w && nowMs - w.from < options.windowMs ? w : undefined;
  };
  return {
    blocked: (key, nowMs = Date.now()) => (current(key, nowMs)?.failures ?? 0) >= options.limit,
    fail(key, nowMs = Date.now()) {
      const w = current(key, nowMs) ?? { from: nowMs, failures: 0 };
      w.failures += 1;
      windows.delete(key);
      windows.set(key, w);
      if (windows.size > maxKeys) windows.delete(windows.keys().next().value as string);
      return w.failures;
    },
  };
}
