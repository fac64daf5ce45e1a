// `npm run bench [-- --quick] [-- --only store] [-- --skip overhead] [-- --out folder]`: runs every registered
// benchmark, prints a table and writes latest.md and latest.json (bench/results by default).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { BenchmarkResult } from './bench-types.ts';
import { BENCHMARKS } from './registry.ts';
import { buildReport, formatTable, mergeWithPrevious, writeReport, type FailedBenchmark, type Report } from './report.ts';

export const DEFAULT_RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export interface RunOptions {
  quick: boolean;
  /** Names of the benchmarks to run; all when empty. */
  only: string[];
  /** Names of benchmarks to leave out. */
  skip?: string[];
  outDir: string;
  log(message: string): void;
}

export async function runBenchmarks(options: RunOptions): Promise<{ report: Report; files: { markdown: string; json: string } }> {
  const unknown = [...options.only, ...(options.skip ?? [])].filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  const selected = BENCHMARKS.filter((b) => (options.only.length === 0 || options.only.includes(b.name)) && !(options.skip ?? []).includes(b.name));
  const results: (BenchmarkResult | FailedBenchmark)[] = [];
  for (const bench of selected) {
    const workDir = mkdtempSync(path.join(os.tmpdir(), `scf-bench-${bench.name}-`));
    const started = performance.now();
    options.log(`${bench.name}: ${bench.description}`);
    try {
      results.push(await bench.run({ quick: options.quick, workDir, log: options.log }));
    } catch (error) {
      // One benchmark failing (e.g. a check inside it) must not lose the others' results.
      const message = error instanceof Error ? error.message : String(error);
      options.log(`${bench.name}: FAILED: ${message}`);
      results.push({ name: bench.name, error: message });
    } finally {
      rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
    }
    options.log(`${bench.name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const fresh = buildReport(results, options.quick);
  // A run of some benchmarks keeps the others' latest results, so the report always shows them all.
  const report = options.only.length > 0 || (options.skip ?? []).length > 0 ? mergeWithPrevious(fresh, options.outDir) : fresh;
  return { report, files: writeReport(report, options.outDir) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true, default: [] },
      skip: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: DEFAULT_RESULTS_DIR },
    },
  });
  if (!(globalThis as { gc?: unknown }).gc) process.stderr.write('note: run with --expose-gc (npm run bench does) for memory figures of live data only\n');
  const { report, files } = await runBenchmarks({
    quick: values.quick,
    only: values.only,
    skip: values.skip,
    outDir: path.resolve(values.out),
    log: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(`\n${formatTable(report)}\n\nWritten: ${files.markdown}\n         ${files.json}\n`);
  if (values.quick) process.stdout.write('(quick mode: a small data set and few samples; use the full run for real numbers)\n');
  if (report.summary.failed.length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) await main();
