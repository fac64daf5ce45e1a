// The load run's report: per command and platform the count, median, p99 and errors; throughput;
// the store check; memory over time (and, in soak mode, its trend); written as
// bench/results/load-latest.md and load-latest.json (soak-latest.* for a soak).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, percentile } from '../stats.ts';
import type { VerificationResult } from './verify-store.ts';

export interface CommandRow {
  platform: string;
  command: string;
  count: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export interface MemoryPoint {
  atSeconds: number;
  rssMB: number;
  heapUsedMB: number;
  /** CPU time the bot process has used since it started. */
  cpuSeconds: number;
  /** The bot's event-loop delay since the previous sample. */
  loopDelayMs: { p50: number; p99: number; max: number };
  /** Milestone updates and reports acknowledged so far: records the run added to the store. */
  recordsAdded: number;
}

export interface Target {
  name: string;
  value: number;
  unit: string;
  /** The limit, and whether the value must stay at or under it (`max`) or reach it (`min`). */
  limit: { max: number } | { min: number };
  met: boolean;
}

export interface MemoryTrend {
  /** Least-squares slope over the per-minute samples from the first minute on, MB per minute. */
  slopeMBPerMinute: number;
  /** The fitted line's rise from the first to the last sample, as a percentage of its start. */
  fittedGrowthPercent: number;
  /** Last sample against the first-minute sample, as a percentage. */
  growthPercent: number;
  atOneMinuteMB: number;
  atEndMB: number;
}

export interface LoadReport {
  generatedAt: string;
  mode: 'load' | 'soak';
  machine: { node: string; platform: string; cpus: number; cpuModel: string; memoryGB: number };
  options: { users: number; teamsUsers: number; slackUsers: number; seconds: number; thinkMs: number };
  elapsedSeconds: number;
  throughput: { stepsPerSecond: number; requestsPerSecond: number; steps: number; requests: number };
  /** CPU time the bot used during the run: per officer action, and as a share of one core. */
  botCpu: { seconds: number; msPerAction: number; share: number };
  /** CPU time of the process running the simulated officers and the stand-ins, as a share of one core. */
  harnessCpuShare: number;
  /** TCP SYN retransmissions on this machine during the run (Linux), which make a request 1-7 s late. */
  tcpSynRetransmits?: number;
  commands: CommandRow[];
  /** `refusedAfterShutdown`: actions whose connection the bot no longer accepted (a SIGTERM run only). */
  errors: { total: number; byReason: Record<string, number>; refusedAfterShutdown: number; lostInCrash: number };
  /** A crash-loop run: how many kill -9s, and how long each restart took. */
  crashes: { kills: number; restartMs: number[] };
  /** The unmeasured start of the run (a bot just started is slow for its first seconds). */
  warmup: { seconds: number; actions: number; errors: number; slowestSlackAckMs: number };
  slackAcks: { count: number; p50: number; p99: number; max: number };
  /** The bot's own time per request (its 'request handled' log lines), by path. */
  serverSide: { path: string; count: number; p50: number; p99: number; max: number }[];
  serverLog: { lines: Record<string, number>; problems: string[] };
  shutdown: { code: number | null; signal: string | null; ms: number; lockReleased: boolean; journalBytes: number };
  verification: VerificationResult;
  writes: { updates: number; reports: number; rsvps: number; unacknowledged: number };
  memory: {
    samples: MemoryPoint[];
    heap?: MemoryTrend;
    /** The heap less what the records added so far take: growth here would be a leak. */
    heapBeyondData?: MemoryTrend;
    rss?: MemoryTrend;
    /** RSS less what the records added so far take, from 2 minutes on (issue 15's soak slope). */
    rssBeyondData?: MemoryTrend;
    /** The store's data in a fresh process, before and after the run, and the heap per added record. */
    dataHeap?: { beforeMB: number; afterMB: number; perRecordKB: number };
  };
  targets: Target[];
}

export function commandRow(platform: string, command: string, samples: readonly number[], errors: number): CommandRow {
  return { platform, command, count: samples.length, errors, p50: median(samples), p99: percentile(samples, 99), max: samples.length ? Math.max(...samples) : Number.NaN };
}

/** Least-squares line through (x, y). */
export function fitLine(points: readonly { x: number; y: number }[]): { slope: number; intercept: number } {
  const n = points.length;
  if (n < 2) return { slope: 0, intercept: points[0]?.y ?? 0 };
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** The trend of one memory figure over the samples taken from `fromSeconds` on. */
export function memoryTrend(samples: readonly MemoryPoint[], pick: (p: MemoryPoint) => number, fromSeconds = 60): MemoryTrend | undefined {
  const window = samples.filter((s) => s.atSeconds >= fromSeconds - 1);
  const first = window[0];
  const last = window.at(-1);
  if (!first || !last || window.length < 2) return undefined;
  const line = fitLine(window.map((s) => ({ x: s.atSeconds / 60, y: pick(s) })));
  const start = line.intercept + line.slope * (first.atSeconds / 60);
  const end = line.intercept + line.slope * (last.atSeconds / 60);
  return {
    slopeMBPerMinute: line.slope,
    fittedGrowthPercent: start > 0 ? ((end - start) / start) * 100 : 0,
    growthPercent: pick(first) > 0 ? ((pick(last) - pick(first)) / pick(first)) * 100 : 0,
    atOneMinuteMB: pick(first),
    atEndMB: pick(last),
  };
}

export function machine(): LoadReport['machine'] {
  const cpus = os.cpus();
  return { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10 };
}

function show(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function limitText(target: Target): string {
  return 'max' in target.limit ? `<= ${target.limit.max} ${target.unit}` : `>= ${target.limit.min} ${target.unit}`;
}

export function formatLoadMarkdown(r: LoadReport): string {
  const m = r.machine;
  const v = r.verification;
  const lines = [
    `# Load run (${r.mode})`,
    '',
    `${r.generatedAt} on ${m.platform}, ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGB} GB, Node ${m.node}.`,
    `${r.options.users} simulated officers (${r.options.teamsUsers} on Teams, ${r.options.slackUsers} on Slack) for ${r.options.seconds} s, ${r.options.thinkMs ? `${r.options.thinkMs} ms think time` : 'no think time (each officer sends the next request as soon as the last is answered)'}; the bot in its own process (src/main.ts), the officers and the stand-in Bot Connector and Slack Web API in another, all on loopback.`,
    ...(r.warmup.seconds ? ['', `Before the measured run, ${r.warmup.seconds} s of the same load as a warm-up (a bot just started loads modules and compiles code on its first requests): ${r.warmup.actions} actions, ${r.warmup.errors} errors, slowest Slack acknowledgement ${show(r.warmup.slowestSlackAckMs, 0)} ms. Its writes are in the store check; its timings are not in the tables.`] : []),
    '',
    '## Targets',
    '',
    '| Target | Value | Limit | Met |',
    '|---|---:|---:|---:|',
    ...r.targets.map((t) => `| ${t.name} | ${show(t.value, t.unit === '%' ? 1 : 0)} ${t.unit} | ${limitText(t)} | ${t.met ? 'yes' : 'NO'} |`),
    '',
    '## Throughput',
    '',
    `${show(r.throughput.stepsPerSecond)} officer actions/s (${r.throughput.steps} in ${show(r.elapsedSeconds)} s), ${show(r.throughput.requestsPerSecond)} HTTP requests/s to the bot (${r.throughput.requests}).`,
    `The bot process used ${show(r.botCpu.seconds)} s of CPU: ${show(r.botCpu.msPerAction, 2)} ms per action, ${show(r.botCpu.share * 100, 0)} % of one core. The process simulating the officers (and the stand-ins) used ${show(r.harnessCpuShare * 100, 0)} % of one core: with ${m.cpus} CPUs shared, latencies at saturation include waiting for the CPU on both sides. (CPU time, unlike latency, does not grow when other processes share the CPUs.)`,
    '',
    '## Latency per command (until the answer reached the officer), ms',
    '',
    '| Platform | Command | Count | Errors | Median | p99 | Max |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...r.commands.map((c) => `| ${c.platform} | ${c.command} | ${c.count} | ${c.errors} | ${show(c.p50)} | ${show(c.p99)} | ${show(c.max)} |`),
    '',
    `Slack acknowledgements (every signed request): median ${show(r.slackAcks.p50)} ms, p99 ${show(r.slackAcks.p99)} ms, max ${show(r.slackAcks.max)} ms over ${r.slackAcks.count}.`,
    ...(r.tcpSynRetransmits !== undefined ? ['', `TCP SYN retransmissions on the machine during the run: ${r.tcpSynRetransmits} (each makes one connection attempt 1, 3 or 7 s late, before the bot sees the request).`] : []),
    '',
    "The bot's own time per HTTP request (from its `request handled` log lines; for Slack, until the acknowledgement or the modal's answer), ms:",
    '',
    '| Path | Requests | Median | p99 | Max |',
    '|---|---:|---:|---:|---:|',
    ...r.serverSide.map((s) => `| ${s.path} | ${s.count} | ${show(s.p50)} | ${show(s.p99)} | ${show(s.max)} |`),
    '',
    '## Errors',
    '',
    r.errors.total === 0 ? 'None.' : Object.entries(r.errors.byReason).map(([reason, n]) => `- ${n} x ${reason}`).join('\n'),
    ...(r.crashes.kills ? ['', `Crash loop: ${r.crashes.kills} kill -9s of the bot, each restarted on the same data folder (restarts took ${r.crashes.restartMs.map((ms) => Math.round(ms)).join(', ')} ms); ${r.errors.lostInCrash} actions running at a kill or while the bot was down failed, as expected (none of them had been acknowledged).`] : []),
    ...(r.errors.refusedAfterShutdown ? ['', `After SIGTERM, ${r.errors.refusedAfterShutdown} actions found the bot no longer accepting connections (expected: it stops accepting first); every request it had accepted was answered.`] : []),
    '',
    `Bot log lines by level: ${Object.entries(r.serverLog.lines).map(([level, n]) => `${level} ${n}`).join(', ') || 'none'}.`,
    ...(r.serverLog.problems.length ? ['', 'First warnings and errors in the bot log:', '', ...r.serverLog.problems.slice(0, 10).map((p) => `    ${p.slice(0, 400)}`)] : []),
    '',
    '## The store afterwards',
    '',
    `Shutdown on SIGTERM: exit code ${r.shutdown.code ?? '-'}${r.shutdown.signal ? `, signal ${r.shutdown.signal}` : ''}, ${show(r.shutdown.ms, 0)} ms; lock ${r.shutdown.lockReleased ? 'released' : 'LEFT BEHIND'}; journal ${r.shutdown.journalBytes === 0 ? 'empty (everything in the snapshots)' : `${r.shutdown.journalBytes} bytes NOT flushed`}. Then the data folder was opened again and checked against what the officers were told:`,
    `${v.checked.updates} acknowledged milestone updates on ${v.checked.milestones} milestones, ${v.checked.reports} intelligence reports, ${v.checked.rsvps} RSVPs, ${v.checked.auditEvents} audit events; ${v.unacknowledgedButSaved} writes without an answer were found saved.`,
    v.ok ? 'Verification passed: every acknowledged write is there, once; histories are complete; versions are consistent.' : `Verification FAILED:\n\n${v.problems.map((p) => `- ${p}`).join('\n')}`,
    '',
    '## Memory of the bot process (after a full GC)',
    '',
    '| At (s) | RSS (MB) | Heap used (MB) | Records added | Event-loop delay since the previous sample: median / p99 / max (ms) |',
    '|---:|---:|---:|---:|---:|',
    ...r.memory.samples.map((s) => `| ${s.atSeconds} | ${show(s.rssMB)} | ${show(s.heapUsedMB)} | ${s.recordsAdded} | ${show(s.loopDelayMs.p50)} / ${show(s.loopDelayMs.p99)} / ${show(s.loopDelayMs.max)} |`),
    '',
  ];
  if (r.memory.dataHeap) {
    const d = r.memory.dataHeap;
    lines.push(`The store's data alone, opened in a fresh process: heap ${show(d.beforeMB)} MB before the run, ${show(d.afterMB)} MB after, so ${show(d.perRecordKB, 2)} KB per record added. "Beyond the added records" below is the heap less that much per record added so far.`, '');
  }
  for (const [name, trend] of [['Heap used', r.memory.heap], ['Heap beyond the added records', r.memory.heapBeyondData], ['RSS', r.memory.rss], ['RSS beyond the added records, from 2 min', r.memory.rssBeyondData]] as const) {
    if (!trend) continue;
    lines.push(`${name}: ${show(trend.atOneMinuteMB)} MB at 1 min, ${show(trend.atEndMB)} MB at the end (${show(trend.growthPercent)} %); fitted slope ${show(trend.slopeMBPerMinute, 2)} MB/min, ${show(trend.fittedGrowthPercent)} % over the window.`, '');
  }
  return lines.join('\n');
}

/** load-latest.md/.json, or soak-latest.md/.json for a soak (so one does not replace the other). */
export function writeLoadReport(report: LoadReport, folder: string): { markdown: string; json: string } {
  mkdirSync(folder, { recursive: true });
  const name = report.mode === 'soak' ? 'soak-latest' : 'load-latest';
  const markdown = path.join(folder, `${name}.md`);
  const json = path.join(folder, `${name}.json`);
  writeFileSync(markdown, formatLoadMarkdown(report));
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return { markdown, json };
}
