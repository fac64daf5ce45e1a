// Turning benchmark results into a console table, bench/results/latest.md and latest.json. The
// report opens with what holds at a glance (targets met and missed, benchmarks that failed), then
// one table per benchmark under the issue whose targets it measures.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { BenchmarkResult, Metric } from './bench-types.ts';
import { ISSUE_OF } from './registry.ts';

export interface ReportedBenchmark extends Omit<BenchmarkResult, 'metrics'> {
  metrics: ReportedMetric[];
  /** When this benchmark ran (a run of some benchmarks only keeps the others' earlier results). */
  ranAt: string;
  /** Set when the benchmark could not finish: why. Its metrics are then empty. */
  error?: string;
}

export interface Report {
  generatedAt: string;
  mode: 'full' | 'quick';
  machine: { node: string; platform: string; cpus: number; cpuModel: string; memoryGB: number };
  /** Targets met and missed over every benchmark, and the benchmarks that failed. */
  summary: { targets: number; met: number; missed: string[]; failed: string[] };
  benchmarks: ReportedBenchmark[];
}

export interface ReportedMetric extends Metric {
  /** value / baseline: how many times the simplest possible version it costs. */
  ratio?: number;
  /** Whether the value is within its target, when it has one. */
  withinTarget?: boolean;
}

/** A benchmark that threw: kept in the report (with why) instead of losing the whole run. */
export interface FailedBenchmark {
  name: string;
  error: string;
}

export function buildReport(results: (BenchmarkResult | FailedBenchmark)[], quick: boolean, now = new Date()): Report {
  const cpus = os.cpus();
  const benchmarks = results.map((r): ReportedBenchmark => ('error' in r ? { name: r.name, metrics: [], context: {}, ranAt: now.toISOString(), error: r.error } : { ...r, metrics: r.metrics.map(withVerdict), ranAt: now.toISOString() }));
  return {
    generatedAt: now.toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', memoryGB: round(os.totalmem() / 1024 ** 3, 1) },
    summary: summarise(benchmarks),
    benchmarks,
  };
}

function summarise(benchmarks: ReportedBenchmark[]): Report['summary'] {
  const targeted = benchmarks.flatMap((b) => b.metrics.filter((m) => m.withinTarget !== undefined));
  return {
    targets: targeted.length,
    met: targeted.filter((m) => m.withinTarget).length,
    missed: targeted.filter((m) => !m.withinTarget).map((m) => `${m.label}: ${show(m.value, m.unit)} (target <= ${show(m.target?.max, m.unit)})`),
    failed: benchmarks.filter((b) => b.error).map((b) => `${b.name}: ${b.error}`),
  };
}

const storedMetric = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.enum(['ms', 'MB', 'count', 'req/s']),
  value: z.number(),
  baseline: z.object({ label: z.string(), value: z.number() }).optional(),
  target: z.object({ max: z.number(), why: z.string() }).optional(),
  ratio: z.number().optional(),
  interval: z.object({ low: z.number(), high: z.number() }).optional(),
  withinTarget: z.boolean().optional(),
});
const storedReport = z.object({
  generatedAt: z.string(),
  mode: z.enum(['full', 'quick']),
  benchmarks: z.array(
    z.object({
      name: z.string(),
      metrics: z.array(storedMetric),
      context: z.record(z.string(), z.union([z.string(), z.number()])),
      ranAt: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
});

/**
 * A run of some benchmarks (`--only`) keeps the other benchmarks' results from the report already
 * in `folder` (same mode), each with the time it ran, so latest.md always shows every benchmark.
 */
export function mergeWithPrevious(report: Report, folder: string): Report {
  const file = path.join(folder, 'latest.json');
  if (!existsSync(file)) return report;
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return report; // Not JSON (a half-written file): replaced, not merged.
  }
  const previous = storedReport.safeParse(stored);
  // A report this version cannot read, or of the other mode, is replaced rather than merged.
  if (!previous.success || previous.data.mode !== report.mode) return report;
  const fresh = new Set(report.benchmarks.map((b) => b.name));
  const kept = previous.data.benchmarks.filter((b) => !fresh.has(b.name)).map((b): ReportedBenchmark => ({ ...b, ranAt: b.ranAt ?? previous.data.generatedAt }));
  const benchmarks = [...report.benchmarks, ...kept].sort((a, b) => order(a.name) - order(b.name));
  return { ...report, benchmarks, summary: summarise(benchmarks) };
}

const order = (name: string) => {
  const at = Object.keys(ISSUE_OF).indexOf(name);
  return at === -1 ? Number.MAX_SAFE_INTEGER : at;
};

function withVerdict(metric: Metric): ReportedMetric {
  const ratio = metric.baseline && metric.baseline.value > 0 ? metric.value / metric.baseline.value : undefined;
  return {
    ...metric,
    ...(ratio !== undefined ? { ratio } : {}),
    ...(metric.target ? { withinTarget: withinTarget(metric) } : {}),
  };
}

/** With an interval on the ratio, missed only when its low end lies beyond the target ratio. */
function withinTarget(metric: Metric): boolean {
  const max = metric.target?.max ?? Number.POSITIVE_INFINITY;
  if (metric.interval && metric.baseline && metric.baseline.value > 0 && Number.isFinite(metric.interval.low)) return metric.interval.low <= max / metric.baseline.value;
  return metric.value <= max;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Three significant figures, enough to compare runs without false precision. */
function show(value: number | undefined, unit = ''): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  if (unit === 'count') return String(Math.round(value));
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

function verdict(m: ReportedMetric): string {
  return m.withinTarget === undefined ? '-' : m.withinTarget ? 'yes' : 'NO';
}

function row(m: ReportedMetric): string[] {
  return [
    m.label,
    show(m.value, m.unit),
    show(m.baseline?.value, m.unit),
    m.ratio === undefined ? '-' : `${show(m.ratio)}x${m.interval ? ` (${show(m.interval.low)}-${show(m.interval.high)})` : ''}`,
    m.target ? `<= ${show(m.target.max, m.unit)}` : '-',
    verdict(m),
  ];
}

const HEADER = ['Metric', 'Value', 'Baseline', 'Ratio', 'Target', 'Met'];

function summaryLines(report: Report): string[] {
  const s = report.summary;
  return [
    `Targets: ${s.met} of ${s.targets} met${s.missed.length ? `; missed: ${s.missed.join('; ')}` : ''}.`,
    ...(s.failed.length ? [`Benchmarks that did not finish: ${s.failed.join('; ')}.`] : []),
  ];
}

export function formatTable(report: Report): string {
  const all = [HEADER, ...report.benchmarks.flatMap((b) => b.metrics.map(row))];
  const widths = HEADER.map((_, col) => Math.max(...all.map((r) => (r[col] ?? '').length)));
  const line = (r: string[]) => r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const sections = report.benchmarks.flatMap((b) => [`${b.name} (${ISSUE_OF[b.name] ?? 'no issue'})${b.error ? `: FAILED, ${b.error}` : ''}`, ...b.metrics.map((m) => line(row(m)))]);
  return [line(HEADER), rule, ...sections, rule, ...summaryLines(report)].join('\n');
}

export function formatMarkdown(report: Report): string {
  const m = report.machine;
  const parts = [
    `# Benchmark results (${report.mode})`,
    '',
    `${report.generatedAt} on ${m.platform}, ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGB} GB, Node ${m.node}.`,
    '',
    ...summaryLines(report).map((l) => `**${l}**`),
    '',
  ];
  for (const b of report.benchmarks) {
    parts.push(`## ${b.name} (${ISSUE_OF[b.name] ?? 'no issue'})`, '');
    if (b.ranAt !== report.generatedAt) parts.push(`From the run of ${b.ranAt} (this report's run did not include it).`, '');
    if (b.error) {
      parts.push(`**Did not finish:** ${b.error}`, '');
      continue;
    }
    parts.push(`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...b.metrics.map((x) => `| ${row(x).join(' | ')} |`), '');
    const baselines = [...new Set(b.metrics.flatMap((x) => (x.baseline ? [x.baseline.label] : [])))];
    const targets = [...new Set(b.metrics.flatMap((x) => (x.target ? [`${x.label}: <= ${show(x.target.max, x.unit)} (${x.target.why})`] : [])))];
    parts.push(...baselines.map((l) => `- baseline: ${l}`), ...targets.map((t) => `- target: ${t}`), '');
    parts.push(`Run on: ${Object.entries(b.context).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
  }
  return parts.join('\n');
}

/** Writes latest.md and latest.json into `folder` (bench/results by default); returns their paths. */
export function writeReport(report: Report, folder: string): { markdown: string; json: string } {
  mkdirSync(folder, { recursive: true });
  const markdown = path.join(folder, 'latest.md');
  const json = path.join(folder, 'latest.json');
  writeFileSync(markdown, formatMarkdown(report));
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return { markdown, json };
}
