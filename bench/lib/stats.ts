/** Small numeric helpers shared by the benchmarks. */

/** The p-th percentile (0–100) of an ascending array (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? 0;
}

/** Rounds to `digits` decimals (results stay small and readable). */
export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/**
 * Times `fn` per call over `inputs`, `rounds` times after one warm-up pass; returns ms figures.
 * `p99` is over every call (it includes preemption and GC when the machine is busy); `p99Typical`
 * is the p99 over inputs of each input's median time (what the input itself costs).
 */
export function timePerCall<T>(
  inputs: readonly T[],
  fn: (input: T) => unknown,
  rounds: number,
): { calls: number; p50: number; p99: number; p99Typical: number; mean: number; max: number } {
  for (const input of inputs) fn(input);
  const perInput: number[][] = inputs.map(() => []);
  const timings: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    inputs.forEach((input, i) => {
      const started = performance.now();
      fn(input);
      const ms = performance.now() - started;
      timings.push(ms);
      perInput[i]?.push(ms);
    });
  }
  timings.sort((a, b) => a - b);
  const medians = perInput
    .map((t) =>
      percentile(
        [...t].sort((a, b) => a - b),
        50,
      ),
    )
    .sort((a, b) => a - b);
  const total = timings.reduce((s, t) => s + t, 0);
  return {
    calls: timings.length,
    p50: round(percentile(timings, 50), 4),
    p99: round(percentile(timings, 99), 4),
    p99Typical: round(percentile(medians, 99), 4),
    mean: round(total / Math.max(1, timings.length), 4),
    max: round(timings.at(-1) ?? 0, 4),
  };
}

/** Megabytes, one decimal. */
export const mb = (bytes: number): number => round(bytes / 1048576, 1);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
