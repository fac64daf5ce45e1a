// Bootstrap confidence intervals for the ratio of two samples' percentiles (issue 15): the bot's
// times over the baseline's, measured in the same run. Each resample draws, with replacement, as
// many times from each sample as it holds, and takes the same percentile of each; the interval is
// the 2.5th and 97.5th percentiles of the resampled ratios. A seeded generator keeps a run's
// interval reproducible from its samples.
import { seededRandom } from './dataset.ts';

export interface Interval {
  low: number;
  high: number;
}

/** Nearest-rank percentile of a sorted array, as stats.ts's `percentile`. */
function rankOf(length: number, p: number): number {
  return Math.min(length, Math.max(1, Math.ceil((p / 100) * length))) - 1;
}

/**
 * The p-th percentile of one resample of `sorted`, in O(n): the resample is kept as counts per
 * position in the sorted array, so its k-th smallest value is found by walking the counts.
 */
function resampledPercentile(sorted: Float64Array, p: number, rnd: () => number, counts: Uint32Array): number {
  const n = sorted.length;
  counts.fill(0);
  for (let i = 0; i < n; i += 1) {
    const at = Math.floor(rnd() * n);
    counts[at] = (counts[at] ?? 0) + 1;
  }
  const k = rankOf(n, p);
  let seen = 0;
  for (let i = 0; i < n; i += 1) {
    seen += counts[i] ?? 0;
    if (seen > k) return sorted[i] ?? Number.NaN;
  }
  return sorted[n - 1] ?? Number.NaN;
}

/** 95 % interval of percentile_p(a) / percentile_p(b). */
export function ratioInterval(a: readonly number[], b: readonly number[], p: number, resamples = 1000, seed = 15): Interval {
  if (a.length === 0 || b.length === 0) return { low: Number.NaN, high: Number.NaN };
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  const ca = new Uint32Array(sa.length);
  const cb = new Uint32Array(sb.length);
  const rnd = seededRandom(seed);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r += 1) ratios[r] = resampledPercentile(sa, p, rnd, ca) / resampledPercentile(sb, p, rnd, cb);
  ratios.sort();
  return { low: ratios[Math.floor(0.025 * resamples)] ?? Number.NaN, high: ratios[Math.min(resamples - 1, Math.ceil(0.975 * resamples) - 1)] ?? Number.NaN };
}
