// Turning benchmark results into a console table, bench/results/latest.md and latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchmarkResult, Metric } from './bench-types.ts';

export interface Report {
  generatedAt: string;
  mode: 'full' | 'quick';
  machine: { node: string; platform: string; cpus: number; cpuModel: string; memoryGB: number };
  benchmarks: (Omit<BenchmarkResult, 'metrics'> & { metrics: ReportedMetric[] })[];
}

export interface ReportedMetric extends Metric {
  /** value / baseline: how many times the simplest possible version it costs. */
  ratio?: number;
  /** Whether the value is within its target, when it has one. */
  withinTarget?: boolean;
}

export function buildReport(results: BenchmarkResult[], quick: boolean, now = new Date()): Report {
  const cpus = os.cpus();
  return {
    generatedAt: now.toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', memoryGB: round(os.totalmem() / 1024 ** 3, 1) },
    benchmarks: results.map((r) => ({ ...r, metrics: r.metrics.map(withVerdict) })),
  };
}

function withVerdict(metric: Metric): ReportedMetric {
  const ratio = metric.baseline && metric.baseline.value > 0 ? metric.value / metric.baseline.value : undefined;
  return {
    ...metric,
    ...(ratio !== undefined ? { ratio } : {}),
    ...(metric.target ? { withinTarget: metric.value <= metric.target.max } : {}),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Three significant figures, enough to compare runs without false precision. */
function show(value: number | undefined, unit = ''): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

function rows(report: Report): string[][] {
  return report.benchmarks.flatMap((b) =>
    b.metrics.map((m) => [
      m.label,
      show(m.value, m.unit),
      show(m.baseline?.value, m.unit),
      m.ratio === undefined ? '-' : `${show(m.ratio)}x`,
      m.target ? `<= ${m.target.max} ${m.unit}` : '-',
      m.withinTarget === undefined ? '-' : m.withinTarget ? 'yes' : 'NO',
    ]),
  );
}

const HEADER = ['Metric', 'Value', 'Baseline', 'Ratio', 'Target', 'Met'];

export function formatTable(report: Report): string {
  const all = [HEADER, ...rows(report)];
  const widths = HEADER.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  const line = (row: string[]) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ');
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...rows(report).map(line)].join('\n');
}

export function formatMarkdown(report: Report): string {
  const m = report.machine;
  const parts = [
    `# Benchmark results (${report.mode})`,
    '',
    `${report.generatedAt} on ${m.platform}, ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGB} GB, Node ${m.node}.`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows(report).map((row) => `| ${row.join(' | ')} |`),
    '',
    '## Baselines and targets',
    '',
  ];
  for (const b of report.benchmarks) {
    const baselines = [...new Set(b.metrics.flatMap((x) => (x.baseline ? [x.baseline.label] : [])))];
    const targets = [...new Set(b.metrics.flatMap((x) => (x.target ? [`${x.label}: <= ${x.target.max} ${x.unit} (${x.target.why})`] : [])))];
    parts.push(`### ${b.name}`, '', ...baselines.map((l) => `- baseline: ${l}`), ...targets.map((t) => `- target: ${t}`), '');
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
