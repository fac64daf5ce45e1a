// The scheduler's tick with many jobs waiting: an idle tick (nothing due) should cost the same at
// 1,000 and 100,000 pending jobs; a tick that sends is measured too. Baseline, in the same run: one
// scan of every job for the due ones, which is what each tick cost before the earliest-due cache.
import path from 'node:path';
import { createLogger } from '../src/logging/logger.ts';
import type { Job } from '../src/domain/model.ts';
import { createScheduler, type JobHandlers } from '../src/scheduler/scheduler.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Benchmark, BenchmarkResult, BenchOptions, Metric } from './bench-types.ts';
import { median, percentile, sample } from './stats.ts';

const NOW = new Date('2026-06-15T08:00:00.000Z');
const FULL = { sizes: [1_000, 100_000], ticks: 200 };
const QUICK = { sizes: [1_000, 5_000], ticks: 20 };

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

async function runSchedulerBenchmark(options: BenchOptions): Promise<BenchmarkResult> {
  const plan = options.quick ? QUICK : FULL;
  const metrics: Metric[] = [];
  const noop = async () => {};
  const handlers: JobHandlers = { 'meeting-reminder': noop, 'meeting-nudge': noop, 'weekly-digest': noop };
  for (const size of plan.sizes) {
    options.log(`scheduler: ${size.toLocaleString('en-GB')} pending jobs`);
    const repo = await openStore({ dataDir: path.join(options.workDir, `scheduler-${size}`), now: () => NOW, backupsKeep: 1 });
    try {
      await repo.transact({ actor: { name: 'bench' }, via: 'system' }, (tx) => {
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
      await scheduler.stop();
    } finally {
      await repo.close();
    }
  }
  return { name: 'scheduler', metrics, context: { sizes: plan.sizes.join(', '), ticks: plan.ticks } };
}
