// `npm run bench -- --quick` as a child process: every benchmark runs to the end and its report
// has every metric as a finite number. Timings are never asserted; this machine's speed varies.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { z } from 'zod';
import { CARDS_FOLDER } from '../src/cards/render-card.ts';
import { PROJECT_ROOT } from './helpers/bot-process.ts';
import { makeTempDir, removeTempDirs } from './helpers/temp-dir.ts';

const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const reportSchema = z.object({
  mode: z.literal('quick'),
  machine: z.object({ node: z.string(), cpus: finite }),
  benchmarks: z.array(
    z.object({
      name: z.string(),
      context: z.record(z.string(), z.union([z.string(), z.number()])),
      metrics: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          unit: z.enum(['ms', 'MB', 'count', 'req/s']),
          value: finite,
          baseline: z.object({ label: z.string(), value: finite }).optional(),
          ratio: finite.optional(),
          target: z.object({ max: finite, why: z.string() }).optional(),
          withinTarget: z.boolean().optional(),
        }),
      ),
    }),
  ),
});

const STORE_METRICS = [
  'store.load.ms', 'store.load.peakRssMB', 'store.load.heapUsedMB',
  'store.update.p50', 'store.update.p99', 'store.update.max',
  ...['overdueOrganisation', 'overdue', 'organisation', 'dueSoon', 'text'].flatMap((q) => [`store.query.${q}.p50`, `store.query.${q}.p99`]),
];

const MESSAGE_METRICS = ['help', 'list', 'summary', 'update', 'detail'].flatMap((c) => [`messages.${c}.p50`, `messages.${c}.p99`]);

/** Slash command acknowledgements, and the renderer's time for every card template in cards/. */
const SLACK_ACK_METRICS = ['summary', 'overdue'].flatMap((c) => [`slack.ack.${c}.p50`, `slack.ack.${c}.p99`]);
const SLACK_RENDER_METRICS = readdirSync(CARDS_FOLDER)
  .filter((f) => f.endsWith('.json'))
  .map((f) => `slack.render.${path.basename(f, '.json')}.p50`);

/** Issue 5: logging a report and the 12-month per-ward summary, with 5,000 reports in the full run. */
const INTEL_METRICS = ['log', 'summary'].flatMap((m) => [`intel.${m}.p50`, `intel.${m}.p99`]);

/** The quick run; `selection` e.g. ['--skip', 'overhead']. A ceiling for a hung run, not a measure. */
function runQuickBench(outDir: string, selection: string[], timeoutMs = 90_000): Promise<{ stdout: string; stderr: string }> {
  const args = ['--disable-warning=DEP0111', '--expose-gc', '--import', 'tsx', 'bench/run-benchmarks.ts', '--quick', ...selection, '--out', outDir];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: PROJECT_ROOT, timeout: timeoutMs, maxBuffer: 4_194_304 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the quick benchmark failed: ${error.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

describe('benchmarks: quick run', function () {
  this.timeout(120_000);
  after(removeTempDirs);

  let outDir = '';
  let stdout = '';
  before(async () => {
    outDir = makeTempDir('scf-bench-out-');
    // The production benchmarks (issues 15 and 16) and the cluster compile and start processes: they have their own runs below.
    ({ stdout } = await runQuickBench(outDir, ['--skip', 'overhead', '--skip', 'postgres', '--skip', 'cluster']));
  });

  it('writes latest.json with every store metric, each a finite number with a finite baseline and ratio', () => {
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8')));
    const store = report.benchmarks.find((b) => b.name === 'store');
    expect(store, 'the store benchmark ran').to.not.equal(undefined);
    expect(store?.metrics.map((m) => m.id)).to.have.members(STORE_METRICS);
    for (const metric of store?.metrics ?? []) {
      expect(metric.baseline, `${metric.id} has a baseline`).to.not.equal(undefined);
      expect(metric.ratio, `${metric.id} has a ratio`).to.be.a('number');
      if (metric.target) expect(metric.withinTarget, `${metric.id} has a verdict`).to.be.a('boolean');
    }
    expect(store?.context.milestones).to.be.greaterThan(0);
    expect(store?.context.recordsLoaded).to.be.greaterThan(0);
  });

  it('measures the message path against the echo bot, with the median and p99 targets of issue 3', () => {
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8')));
    const messages = report.benchmarks.find((b) => b.name === 'messages');
    expect(messages?.metrics.map((m) => m.id)).to.have.members(MESSAGE_METRICS);
    for (const metric of messages?.metrics ?? []) {
      expect(metric.value, metric.id).to.be.greaterThan(0);
      expect(metric.baseline?.value, `${metric.id} baseline`).to.be.greaterThan(0);
    }
    const targeted = messages?.metrics.filter((m) => m.target).map((m) => m.id) ?? [];
    expect(targeted).to.include.members(['messages.list.p50', 'messages.update.p50', 'messages.list.p99', 'messages.update.p99']);
  });

  it('measures Slack slash command acks against a bare Bolt app (p99 target) and renders every card template', () => {
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8')));
    const slack = report.benchmarks.find((b) => b.name === 'slack');
    expect(slack, 'the slack benchmark ran').to.not.equal(undefined);
    expect(slack?.metrics.map((m) => m.id)).to.have.members([...SLACK_ACK_METRICS, ...SLACK_RENDER_METRICS]);
    for (const metric of slack?.metrics ?? []) {
      expect(metric.value, metric.id).to.be.greaterThan(0);
      expect(metric.baseline?.value, `${metric.id} baseline`).to.be.greaterThan(0);
    }
    const targeted = slack?.metrics.filter((m) => m.target).map((m) => m.id) ?? [];
    expect(targeted).to.have.members(['slack.ack.summary.p99', 'slack.ack.overdue.p99']);
    expect(slack?.metrics.find((m) => m.id === 'slack.ack.summary.p99')?.target?.max).to.equal(100);
  });

  it('measures logging an intelligence report against a bare append and the per-ward summary against a group-by count, with issue 5\'s p99 targets', () => {
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8')));
    const intel = report.benchmarks.find((b) => b.name === 'intel');
    expect(intel, 'the intel benchmark ran').to.not.equal(undefined);
    expect(intel?.metrics.map((m) => m.id)).to.have.members(INTEL_METRICS);
    for (const metric of intel?.metrics ?? []) {
      expect(metric.value, metric.id).to.be.greaterThan(0);
      expect(metric.baseline?.value, `${metric.id} baseline`).to.be.greaterThan(0);
    }
    const targets = Object.fromEntries((intel?.metrics ?? []).filter((m) => m.target).map((m) => [m.id, m.target?.max]));
    expect(targets).to.deep.equal({ 'intel.log.p99': 30, 'intel.summary.p99': 20 });
    expect(intel?.context.reportsInSummary).to.be.greaterThan(0);
  });

  it('measures idle scheduler ticks at two sizes against a scan of every job, and ticks that send one due job against the same with no other job pending', () => {
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8')));
    const scheduler = report.benchmarks.find((b) => b.name === 'scheduler');
    expect(scheduler?.metrics.map((m) => m.id)).to.have.members(['idleTick', 'sendingTick'].flatMap((tick) => [1000, 5000].flatMap((size) => [`scheduler.${tick}.${size}.p50`, `scheduler.${tick}.${size}.p99`])));
    for (const metric of scheduler?.metrics ?? []) expect(metric.baseline?.value, metric.id).to.be.greaterThan(0);
  });

  it('posts a round of reminders through a connector answering 429 to every third call, each exactly once, against the same posts without 429s', () => {
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8')));
    const reminders = report.benchmarks.find((b) => b.name === 'reminders');
    expect(reminders?.metrics.map((m) => m.id)).to.have.members(['reminders.throttled.total', 'reminders.notExactlyOnce']);
    expect(reminders?.metrics.find((m) => m.id === 'reminders.throttled.total')?.baseline?.value).to.be.greaterThan(0);
    expect(reminders?.metrics.find((m) => m.id === 'reminders.notExactlyOnce')).to.deep.include({ value: 0, withinTarget: true });
    const subscriptions = reminders?.context.subscriptions;
    expect(reminders?.context.postedExactlyOnce).to.equal(`${subscriptions} of ${subscriptions}`);
    expect(reminders?.context.throttledAnswers, 'some calls were answered 429').to.be.greaterThan(0);
  });

  it('reports every target of issues 2 to 6 with a verdict, and a summary line of targets met', () => {
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8')));
    const verdicts = Object.fromEntries(report.benchmarks.flatMap((b) => b.metrics.filter((m) => m.target).map((m) => [m.id, m.withinTarget])));
    const required = [
      'store.load.ms', 'store.load.peakRssMB', 'store.update.p99', 'store.query.overdueOrganisation.p99', // issue 2
      'messages.list.p50', 'messages.list.p99', 'messages.update.p50', 'messages.update.p99', // issue 3
      'slack.ack.summary.p99', 'slack.ack.overdue.p99', // issue 4
      'intel.log.p99', 'intel.summary.p99', // issue 5
      'scheduler.idleTick.1000.p99', 'reminders.notExactlyOnce', // issue 6
    ];
    for (const id of required) expect(verdicts[id], `${id} has a target and a verdict`).to.be.a('boolean');
    const markdown = readFileSync(path.join(outDir, 'latest.md'), 'utf8');
    const met = Object.values(verdicts).filter(Boolean).length;
    expect(markdown).to.include(`Targets: ${met} of ${Object.keys(verdicts).length} met`);
    for (const name of ['store', 'messages', 'slack', 'intel', 'scheduler', 'reminders']) expect(markdown).to.match(new RegExp(`## ${name} \\(issue [2-6]`));
  });

  it('writes latest.md and prints a table with a row for every metric', () => {
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8')));
    const markdown = readFileSync(path.join(outDir, 'latest.md'), 'utf8');
    expect(markdown).to.include('| Metric | Value | Baseline | Ratio | Target | Met |');
    for (const metric of report.benchmarks.flatMap((b) => b.metrics)) {
      expect(markdown, metric.label).to.include(`| ${metric.label} |`);
      expect(stdout, metric.label).to.include(metric.label);
    }
    expect(stdout).to.include('quick mode');
  });
});

/** Issue 15: the compiled bot and its baselines in their own processes, at 1x and 10x the data. */
const OVERHEAD_CASES = ['help', 'overdue', 'update', 'slack'];

describe('benchmarks: the production benchmark (issue 15), quick run', function () {
  this.timeout(420_000);
  after(removeTempDirs);

  it('measures each case against its baseline at 1x and 10x with a bootstrap interval on every ratio, CPU per request, cold start and RSS', async () => {
    const outDir = makeTempDir('scf-bench-overhead-');
    await runQuickBench(outDir, ['--only', 'overhead'], 400_000);
    const raw: unknown = JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8'));
    const report = reportSchema.parse(raw);
    const overhead = report.benchmarks.find((b) => b.name === 'overhead');
    expect(overhead, 'the overhead benchmark ran').to.not.equal(undefined);
    const ids = overhead?.metrics.map((m) => m.id) ?? [];
    for (const size of ['1x', '10x']) {
      for (const c of OVERHEAD_CASES) expect(ids).to.include.members([`overhead.${size}.${c}.p50`, `overhead.${size}.${c}.p95`]);
      for (const c of ['help', 'overdue', 'update']) expect(ids).to.include(`overhead.${size}.${c}.cpu`);
      expect(ids).to.include.members([`overhead.${size}.coldStart`, `overhead.${size}.rss`, `overhead.${size}.storeOpen`, `overhead.${size}.housekeeping.p99`, `overhead.${size}.housekeeping.p50`]);
    }
    for (const c of OVERHEAD_CASES) expect(ids).to.include.members([`overhead.size.${c}.p50`, `overhead.size.${c}.p95`]);
    const stored = z.object({ benchmarks: z.array(z.object({ name: z.string(), metrics: z.array(z.object({ id: z.string(), interval: z.object({ low: finite, high: finite }).optional() })) })) }).parse(raw);
    const metrics = stored.benchmarks.find((b) => b.name === 'overhead')?.metrics ?? [];
    for (const id of ['overhead.1x.overdue.p50', 'overhead.1x.update.p50', 'overhead.1x.slack.p50', 'overhead.size.overdue.p50']) {
      const interval = metrics.find((m) => m.id === id)?.interval;
      expect(interval, `${id} has an interval`).to.not.equal(undefined);
      expect(interval?.low, id).to.be.at.most(interval?.high ?? Number.NaN);
    }
    const targeted = overhead?.metrics.filter((m) => m.target).map((m) => m.id) ?? [];
    expect(targeted).to.include.members(['overhead.1x.help.p50', 'overhead.1x.overdue.p50', 'overhead.1x.overdue.p95', 'overhead.1x.update.p50', 'overhead.1x.slack.p50', 'overhead.1x.coldStart', 'overhead.1x.rss', 'overhead.size.overdue.p50']);
    for (const metric of overhead?.metrics ?? []) if (metric.target) expect(metric.withinTarget, `${metric.id} has a verdict`).to.be.a('boolean');
  });
});

describe('benchmarks: PostgreSQL against JSON (issue 16), quick run', function () {
  this.timeout(420_000);
  after(removeTempDirs);

  it('measures each command on PostgreSQL against the JSON data folder with a bootstrap interval and the 1.5x target on every median', async () => {
    const outDir = makeTempDir('scf-bench-postgres-');
    await runQuickBench(outDir, ['--only', 'postgres'], 400_000);
    const raw: unknown = JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8'));
    const report = reportSchema.parse(raw);
    const postgres = report.benchmarks.find((b) => b.name === 'postgres');
    expect(postgres, 'the postgres benchmark ran').to.not.equal(undefined);
    expect(postgres?.context.postgres).to.match(/fsync on, synchronous_commit on/);
    const ids = postgres?.metrics.map((m) => m.id) ?? [];
    for (const c of OVERHEAD_CASES) expect(ids).to.include.members([`postgres.${c}.p50`, `postgres.${c}.p95`]);
    expect(ids).to.include.members(['postgres.rss', 'postgres.databaseSize']);
    const targeted = postgres?.metrics.filter((m) => m.target).map((m) => m.id) ?? [];
    expect(targeted).to.have.members(OVERHEAD_CASES.map((c) => `postgres.${c}.p50`));
    for (const metric of postgres?.metrics ?? []) if (metric.target) expect(metric.withinTarget, `${metric.id} has a verdict`).to.be.a('boolean');
  });
});

describe('benchmarks: several instances behind nginx (issue 16), quick run', function () {
  this.timeout(420_000);
  after(removeTempDirs);

  it('measures the cross-instance visibility delay (p99 target 1 s) and the throughput at 1, 2 and 3 instances, with no failed request', async () => {
    const outDir = makeTempDir('scf-bench-cluster-');
    await runQuickBench(outDir, ['--only', 'cluster'], 400_000);
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(outDir, 'latest.json'), 'utf8')));
    const cluster = report.benchmarks.find((b) => b.name === 'cluster');
    expect(cluster, 'the cluster benchmark ran').to.not.equal(undefined);
    const ids = cluster?.metrics.map((m) => m.id) ?? [];
    expect(ids).to.include.members(['cluster.visibility.p50', 'cluster.visibility.p99', ...[1, 2, 3].flatMap((n) => [`cluster.throughput.${n}`, `cluster.latency.${n}.p50`, `cluster.latency.${n}.p99`, `cluster.errors.${n}`])]);
    expect(cluster?.metrics.find((m) => m.id === 'cluster.visibility.p99')?.target?.max).to.equal(1000);
    for (const n of [1, 2, 3]) {
      expect(cluster?.metrics.find((m) => m.id === `cluster.errors.${n}`)?.value, `failed requests with ${n}`).to.equal(0);
      expect(cluster?.metrics.find((m) => m.id === `cluster.throughput.${n}`)?.unit).to.equal('req/s');
      expect(cluster?.context[`cpu${n}.instances`], 'the instances\' CPU is measured').to.be.a('number');
    }
  });
});
