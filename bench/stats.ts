// Small measuring helpers: bounded sample loops, percentiles, memory figures.

/** Runs `fn` `count` times (after `warmup` unmeasured runs) and returns each duration in ms. */
export async function sample(count: number, fn: (i: number) => unknown, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await fn(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return times;
}

/** Nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export const toMB = (bytes: number): number => bytes / 1_048_576;

/** Collects garbage when node runs with --expose-gc, so memory figures are live data, not litter. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}
