// `npm run load [-- --users 100 --seconds 60 --think-ms 0 --out bench/results]` and
// `npm run load -- --soak` (10 minutes, memory sampled every minute): see load-harness.ts.
// `--cpu-prof <folder>` writes a CPU profile of the bot process there; `--keep-data` keeps its data;
// `--sigterm-after-ms <n>` sends the bot SIGTERM that far into the run (graceful shutdown under load);
// `--crashes <n>` kills it with SIGKILL n times during the run, restarting it each time (crash loop);
// `--warmup-seconds <n>` (default 10) runs the load unmeasured first (reported apart).
// Writes load-latest.md and load-latest.json; exits 1 if any target was missed.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RESULTS_DIR } from '../run-benchmarks.ts';
import { runLoad } from './load-harness.ts';
import { writeLoadReport } from './load-report.ts';

const SOAK_SECONDS = 600;
const SOAK_THINK_MS = 1000;
/** Bounded: a run longer than an hour is a typo, not a soak. */
const MAX_SECONDS = 3600;

function positive(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Error(`--${name} must be a whole number from 0 to ${max} (was ${text})`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '100' },
      seconds: { type: 'string' },
      'think-ms': { type: 'string' },
      soak: { type: 'boolean', default: false },
      out: { type: 'string', default: DEFAULT_RESULTS_DIR },
      'keep-data': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      'sigterm-after-ms': { type: 'string' },
      crashes: { type: 'string' },
      'warmup-seconds': { type: 'string', default: '10' },
    },
  });
  const soak = values.soak;
  const seconds = positive('seconds', values.seconds ?? String(soak ? SOAK_SECONDS : 60), MAX_SECONDS);
  const report = await runLoad({
    users: positive('users', values.users, 2000),
    seconds,
    // A soak is sustained work, not saturation: officers pause about a second between actions.
    thinkMs: positive('think-ms', values['think-ms'] ?? (soak ? String(SOAK_THINK_MS) : '0'), 60_000),
    soak,
    sampleEveryMs: soak ? 60_000 : 10_000,
    keepData: values['keep-data'],
    ...(values['cpu-prof'] ? { cpuProfileDir: path.resolve(values['cpu-prof']) } : {}),
    ...(values['sigterm-after-ms'] ? { sigtermAfterMs: positive('sigterm-after-ms', values['sigterm-after-ms'], MAX_SECONDS * 1000) } : {}),
    ...(values.crashes ? { crashes: positive('crashes', values.crashes, 100) } : {}),
    warmupSeconds: positive('warmup-seconds', values['warmup-seconds'], 600),
    log: (message) => process.stderr.write(`${message}\n`),
  });
  const files = writeLoadReport(report, path.resolve(values.out));
  const rows = report.commands.filter((c) => c.platform === 'both');
  process.stdout.write(`\n${report.throughput.stepsPerSecond.toFixed(1)} actions/s, ${report.throughput.requestsPerSecond.toFixed(1)} requests/s, ${report.errors.total} errors; bot CPU ${report.botCpu.msPerAction.toFixed(2)} ms per action\n`);
  for (const c of rows) process.stdout.write(`  ${c.command.padEnd(12)} n=${String(c.count).padStart(6)}  median ${c.p50.toFixed(1).padStart(7)} ms  p99 ${c.p99.toFixed(1).padStart(7)} ms  errors ${c.errors}\n`);
  for (const t of report.targets) process.stdout.write(`  ${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${Number.isInteger(t.value) ? t.value : t.value.toFixed(1)}${t.unit ? ` ${t.unit}` : ''}\n`);
  process.stdout.write(`store check: ${report.verification.ok ? 'passed' : `FAILED\n  ${report.verification.problems.join('\n  ')}`}\nWritten: ${files.markdown}\n         ${files.json}\n`);
  if (report.targets.some((t) => !t.met)) process.exitCode = 1;
}

await main();
