// The scheduler's tick with many jobs waiting: an idle tick (nothing due) should cost the same at
// 1,000 and 100,000 pending jobs. Baseline, in the same run: one scan of every job for the due ones,
// which is what each tick cost before the earliest-due cache. A tick that sends one due job is
// measured too, against the same tick in a store with no other job pending.
import path from 'node:path';
import { createLogger } from '../src/logging/logger.ts';
import type { Job } from '../src/domain/model.ts';
import { createScheduler, type JobHandlers, type Scheduler } from '../src/scheduler/scheduler.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Repository } from '../src/store/repository.ts';
import type { Benchmark, BenchmarkResult, BenchOptions, Metric } from './bench-types.ts';
import { median, percentile, sample } from './stats.ts';

const NOW = new Date('2026-06-15T08:00:00.000Z');
const FULL = { sizes: [1_000, 100_000], ticks: 200, sendingTicks: 50 };
const QUICK = { sizes: [1_000, 5_000], ticks: 20, sendingTicks: 5 };
const CTX = { actor: { name: 'bench' }, via: 'system' } as const;

export const benchmark: Benchmark = {
  name: 'scheduler',
  description: 'Scheduler tick with many pending jobs: idle ticks, against a scan of every job',
  run: runSchedulerBenchmark,
};

function pendingJobs(count: number): Job[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `bench-job-${i}`,
    kind: 'weekly-digest',
    dueAt: new Date(NOW.getTime() + (i + 1) * 60_000).toISOString(),
    status: 'pending' as const,
    attempts: 0,
    idempotencyKey: `bench-job-${i}`,
    payload: { subscriptionId: 'SUB-BENCH', weekOf: '2026-06-15' },
  }));
}

/** Each sample: one job falls due (planned untimed), then a timed tick sends it. */
async function sendingTicks(repo: Repository, scheduler: Scheduler, count: number, tag: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `bench-due-${tag}-${i}`;
    const dueAt = new Date(NOW.getTime() - 60_000).toISOString();
    await repo.transact(CTX, (tx) => tx.put('jobs', { id, kind: 'weekly-digest', dueAt, status: 'pending', attempts: 0, idempotencyKey: id, payload: { subscriptionId: 'SUB-BENCH', weekOf: '2026-06-15' } }, { action: 'job.plan' }));
    const started = performance.now();
    const report = await scheduler.tick();
    times.push(performance.now() - started);
    if (report.sent.length !== 1) throw new Error(`scheduler benchmark: a tick sent ${report.sent.length} jobs, expected 1`);
  }
  return times;
}

async function runSchedulerBenchmark(options: BenchOptions): Promise<BenchmarkResult> {
  const plan = options.quick ? QUICK : FULL;
  const metrics: Metric[] = [];
  const noop = async () => {};
  const handlers: JobHandlers = { 'meeting-reminder': noop, 'meeting-nudge': noop, 'weekly-digest': noop, 'grant-announcement': noop, 'grants-report-reminder': noop, 'grants-returns-nudge': noop };
  const empty = await openStore({ dataDir: path.join(options.workDir, 'scheduler-empty'), now: () => NOW, backupsKeep: 1 });
  let alone: number[];
  try {
    const scheduler = createScheduler({ repo: empty, now: () => NOW, logger: createLogger('silent'), handlers });
    alone = await sendingTicks(empty, scheduler, plan.sendingTicks, 'alone');
    await scheduler.stop();
  } finally {
    await empty.close();
  }
  for (const size of plan.sizes) {
    options.log(`scheduler: ${size.toLocaleString('en-GB')} pending jobs`);
    const repo = await openStore({ dataDir: path.join(options.workDir, `scheduler-${size}`), now: () => NOW, backupsKeep: 1 });
    try {
      await repo.transact(CTX, (tx) => {
        for (const job of pendingJobs(size)) tx.put('jobs', job, { action: 'job.plan' });
      });
      const scheduler = createScheduler({ repo, now: () => NOW, logger: createLogger('silent'), handlers });
      const idle = await sample(plan.ticks, () => scheduler.tick(), 3);
      const scan = await sample(plan.ticks, () => repo.all('jobs').filter((j) => j.status === 'pending' && Date.parse(j.nextAttemptAt ?? j.dueAt) <= NOW.getTime()).length, 3);
      const label = `${size.toLocaleString('en-GB')} pending jobs`;
      metrics.push(
        { id: `scheduler.idleTick.${size}.p50`, label: `Idle tick, ${label}, median`, unit: 'ms', value: median(idle), baseline: { label: 'a scan of every job for the due ones', value: median(scan) } },
        { id: `scheduler.idleTick.${size}.p99`, label: `Idle tick, ${label}, p99`, unit: 'ms', value: percentile(idle, 99), baseline: { label: 'a scan of every job', value: percentile(scan, 99) }, target: { max: 5, why: 'issue 6: a tick costs what is due, not every job' } },
      );
      const sending = await sendingTicks(repo, scheduler, plan.sendingTicks, String(size));
      metrics.push(
        { id: `scheduler.sendingTick.${size}.p50`, label: `Tick sending 1 due job, ${label}, median`, unit: 'ms', value: median(sending), baseline: { label: 'the same tick with no other job pending', value: median(alone) }, target: { max: 2 * median(alone), why: 'issue 6: a tick costs time in proportion to the jobs due, not to all jobs pending' } },
        { id: `scheduler.sendingTick.${size}.p99`, label: `Tick sending 1 due job, ${label}, p99`, unit: 'ms', value: percentile(sending, 99), baseline: { label: 'the same, no other job pending', value: percentile(alone, 99) } },
      );
      await scheduler.stop();
    } finally {
      await repo.close();
    }
  }
  return { name: 'scheduler', metrics, context: { sizes: plan.sizes.join(', '), ticks: plan.ticks, sendingTicks: plan.sendingTicks } };
}
