// The shape every benchmark shares, so run-benchmarks.ts can run, print and save any of them.
// A new benchmark (e.g. bench/message-bench.ts) exports a `Benchmark` and is listed in registry.ts.

/** `count`: a number of things that went wrong (e.g. reminders not posted exactly once), target 0; `req/s`: a throughput. */
export type Unit = 'ms' | 'MB' | 'count' | 'req/s';

/** One measured number, with what it is compared against. */
export interface Metric {
  /** Stable id for the JSON report and for comparing runs, e.g. `store.update.p99`. */
  id: string;
  label: string;
  unit: Unit;
  value: number;
  /** The same work done the simplest possible way, measured in the same run. */
  baseline?: { label: string; value: number };
  /**
   * Bootstrap 95 % interval of the ratio value / baseline. With a target, the target counts as
   * missed only when the whole interval lies beyond it (target.max / baseline.value).
   */
  interval?: { low: number; high: number };
  /** A limit the value should stay under, and why that limit. */
  target?: { max: number; why: string };
}

export interface BenchmarkResult {
  name: string;
  metrics: Metric[];
  /** What the benchmark ran on (data set size, sample counts), for the report. */
  context: Record<string, string | number>;
}

export interface BenchOptions {
  /** A small data set and few samples: for the smoke test and a quick look, not for numbers. */
  quick: boolean;
  /** A fresh folder the benchmark may fill; removed afterwards. */
  workDir: string;
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<BenchmarkResult>;
}
