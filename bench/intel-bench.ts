// The intelligence benchmark (issue 5): with 5,000 reports in the store, logging a report (rules,
// personal-data check, id, escalation check, journal append + fdatasync, audit) and the per-ward
// summary for 12 months. Baselines, measured in the same run: a bare append + fdatasync of a line
// the size of the report's journal line, and a plain group-by count over the same reports array.
import path from 'node:path';
import { FORUM_TIME_ZONE } from '../src/domain/calendar.ts';
import { intelSummary } from '../src/domain/intel/intel-summary.ts';
import { logIntelReport } from '../src/domain/intel/log-report.ts';
import { openStore } from '../src/store/open-store.ts';
import type { ChangeContext, Repository } from '../src/store/repository.ts';
import { measureWriteAgainstAppend } from './durable-write-baseline.ts';
import type { Benchmark, BenchmarkResult, BenchOptions, Metric } from './bench-types.ts';
import { buildDataset, DATASET_TODAY, FULL_SIZE, QUICK_SIZE, writeDataset } from './dataset.ts';
import { percentile, sample } from './stats.ts';

const FULL = { logs: 500, summaries: 200, warmup: 10 };
const QUICK = { logs: 30, summaries: 20, warmup: 3 };

const TARGETS = {
  logP99: { max: 30, why: 'issue 5: logging a report p99 under 30 ms with 5,000 reports' },
  summaryP99: { max: 20, why: 'issue 5: per-ward summary for 12 months p99 under 20 ms' },
} as const;

const NOW = new Date(`${DATASET_TODAY}T12:00:00.000Z`);
/** The 12 months up to the data set's "today" (its reports spread over the last 365 days). */
const YEAR = { from: '2025-06-16', to: DATASET_TODAY };

export const benchmark: Benchmark = {
  name: 'intel',
  description: 'Intelligence: logging a report and the 12-month per-ward summary with 5,000 reports',
  run: runIntelBenchmark,
};

async function runIntelBenchmark(options: BenchOptions): Promise<BenchmarkResult> {
  const plan = options.quick ? QUICK : FULL;
  const dataDir = path.join(options.workDir, 'intel-data');
  const data = buildDataset(options.quick ? QUICK_SIZE : FULL_SIZE);
  options.log(`intel: writing the data set (${data.intelReports.length} intel reports)`);
  await writeDataset(dataDir, data);

  const repo = await openStore({ dataDir, backupsKeep: 1 });
  try {
    // Summaries first, on exactly the data set's reports; the logging then adds its own.
    options.log(`intel: ${plan.summaries} summaries and as many group-by counts`);
    const summaries = await measureSummary(repo, plan.summaries, plan.warmup);
    options.log(`intel: ${plan.logs} reports logged and as many bare appends`);
    const logs = await measureLogging(repo, plan.logs, plan.warmup, options.workDir);
    const appendLabel = `appendFileSync + fdatasyncSync of a ${logs.lineBytes}-byte line`;
    const groupLabel = `Map count by area over the same ${summaries.reports} reports`;
    const metrics: Metric[] = [
      { id: 'intel.log.p50', label: 'Log a report p50 (logIntelReport)', unit: 'ms', value: percentile(logs.store, 50), baseline: { label: appendLabel, value: percentile(logs.baseline, 50) } },
      { id: 'intel.log.p99', label: 'Log a report p99', unit: 'ms', value: percentile(logs.store, 99), baseline: { label: appendLabel, value: percentile(logs.baseline, 99) }, target: TARGETS.logP99 },
      { id: 'intel.summary.p50', label: 'Per-ward summary, 12 months, p50 (intelSummary)', unit: 'ms', value: percentile(summaries.store, 50), baseline: { label: groupLabel, value: percentile(summaries.baseline, 50) } },
      { id: 'intel.summary.p99', label: 'Per-ward summary, 12 months, p99', unit: 'ms', value: percentile(summaries.store, 99), baseline: { label: groupLabel, value: percentile(summaries.baseline, 99) }, target: TARGETS.summaryP99 },
    ];
    return {
      name: benchmark.name,
      metrics,
      context: { intelReports: data.intelReports.length, reportsInSummary: summaries.inPeriod, logs: plan.logs, summaries: plan.summaries, journalLineBytes: logs.lineBytes },
    };
  } finally {
    await repo.close();
  }
}

async function measureSummary(repo: Repository, runs: number, warmup: number) {
  const reports = repo.all('intelReports');
  let inPeriod = 0;
  const store = await sample(runs, () => (inPeriod = intelSummary(repo, YEAR, FORUM_TIME_ZONE).wards.length), warmup);
  if (inPeriod === 0) throw new Error('the 12-month summary found no areas with reports: the data set no longer exercises it');
  const baseline = await sample(runs, () => {
    const counts = new Map<string, number>();
    for (const r of reports) counts.set(r.areaId, (counts.get(r.areaId) ?? 0) + 1);
    return counts.size;
  }, warmup);
  return { store, baseline, inPeriod, reports: reports.length };
}

const WORDS = 'community event park shops youth leaflets rumour online meeting residents group evening weekend centre'.split(' ');

/** A realistic report draft: free text without identifiers, so each one is saved. */
function draft(i: number, areaId: string) {
  const words = Array.from({ length: 45 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length] ?? 'community').join(' ');
  return {
    occurredDate: DATASET_TODAY, occurredTime: '10:00', areaId, location: 'Near the shops on the high street', category: 'rumour-or-misinformation',
    hateStrands: [], communitiesAffected: ['race'], description: `Benchmark report ${i}: ${words}`, sourceType: 'social-media', sourceReliability: 'untested',
    informationConfidence: 'known-indirectly', tensionLevel: 1 + (i % 4), tensionTrend: 'stable', reportedToPolice: false, handling: 'OFFICIAL',
    actionsTaken: 'Shared with the neighbourhood team',
  };
}

async function measureLogging(repo: Repository, count: number, warmup: number, workDir: string) {
  const reporter = repo.get('people', 'P-12');
  if (!reporter) throw new Error('the data set has no person P-12 to log reports');
  const ctx: ChangeContext = { actor: { personId: reporter.id, name: reporter.displayName }, via: 'teams' };
  const areas = [...new Set(repo.all('intelReports').map((r) => r.areaId))];
  const log = async (i: number) => {
    const result = await logIntelReport(repo, ctx, { draft: draft(Math.abs(i), areas[Math.abs(i) % areas.length] ?? 'unknown'), reporter, now: NOW, retentionMonths: 12, identifiersConfirmed: false });
    if (result.kind !== 'saved') throw new Error(`benchmark report ${i} was not saved: ${result.kind}`);
  };

  return measureWriteAgainstAppend(repo, log, count, warmup, workDir, 'intel');
}
