// The store benchmark: open time and memory for a realistic data set, the latency of a milestone
// update (the bot's commonest write) and of the milestone queries people ask for. Each figure has
// a baseline measured in the same run: the least work the same result could possibly cost.
import { localDate } from '../src/domain/calendar.ts';
import { addDays, addMonths } from '../src/domain/values/calendar-date.ts';
import path from 'node:path';
import { findMilestones, type MilestoneFilter } from '../src/domain/milestones/milestone-queries.ts';
import { effectiveDue, isFinished, RED_AFTER_MONTHS } from '../src/domain/milestones/milestone-rules.ts';
import { updateMilestone, type MilestoneChange } from '../src/domain/milestones/update-milestone.ts';
import type { Milestone } from '../src/domain/model.ts';
import { openStore } from '../src/store/open-store.ts';
import type { ChangeContext, Repository } from '../src/store/repository.ts';
import { measureWriteAgainstAppend, type WriteTimes } from './durable-write-baseline.ts';
import type { Benchmark, BenchmarkResult, BenchOptions, Metric } from './bench-types.ts';
import { buildDataset, DATASET_TODAY, datasetCounts, FULL_SIZE, QUICK_SIZE, writeDataset } from './dataset.ts';
import { median, percentile, sample } from './stats.ts';
import { measureLoad } from './store-load.ts';

const FULL = { loadRounds: 3, updates: 1000, queryRuns: 200, warmup: 10 };
const QUICK = { loadRounds: 1, updates: 40, queryRuns: 20, warmup: 5 };

// Targets: a reply has to leave within Slack's 3 s acknowledgement (Teams allows 15 s), and a
// restart should be back within seconds; memory should fit a small (512 MB) container.
const TARGETS = {
  loadMs: { max: 1000, why: 'issue 2: load under 1 s on a 2-core machine' },
  peakRssMB: { max: 200, why: 'issue 2: memory under 200 MB' },
  updateP99: { max: 30, why: 'issue 2: update p99 under 30 ms' },
  queryP99: { max: 5, why: 'issue 2: query p99 under 5 ms' },
  textQueryP99: { max: 20, why: 'free-text search scans every description; a list reply still feels instant' },
} as const;

const CTX: ChangeContext = { actor: { name: 'Benchmark', personId: 'P-1' }, via: 'teams' };

export const benchmark: Benchmark = {
  name: 'store',
  description: 'Embedded JSON store: load, milestone update (journal + fsync) and milestone queries',
  run: runStoreBenchmark,
};

async function runStoreBenchmark(options: BenchOptions): Promise<BenchmarkResult> {
  const plan = options.quick ? QUICK : FULL;
  const dataDir = path.join(options.workDir, 'store-data');
  const data = buildDataset(options.quick ? QUICK_SIZE : FULL_SIZE);
  options.log(`store: writing the data set (${data.milestones.length} milestones, ${data.milestoneUpdates.length} updates, ${data.intelReports.length} intel reports)`);
  await writeDataset(dataDir, data);

  options.log(`store: load, ${plan.loadRounds} fresh process(es) each for the store and the baseline`);
  const load = await measureLoad(dataDir, plan.loadRounds);

  const repo = await openStore({ dataDir, backupsKeep: 1 });
  let updates: WriteTimes;
  let queries: Metric[];
  const dataMB = repo.info().dataBytes / 1_048_576;
  try {
    options.log(`store: ${plan.updates} milestone updates and as many bare appends`);
    updates = await measureUpdates(repo, plan.updates, plan.warmup, options.workDir);
    options.log(`store: queries, ${plan.queryRuns} runs each`);
    queries = await measureQueries(repo, plan.queryRuns);
  } finally {
    await repo.close();
  }

  const ms = (samples: { ms: number }[]) => median(samples.map((s) => s.ms));
  const max = (samples: number[]) => Math.max(...samples);
  const loadBaseline = 'read + JSON.parse of the same files';
  const appendBaseline = `appendFileSync + fdatasyncSync of a ${updates.lineBytes}-byte line`;
  const metrics: Metric[] = [
    { id: 'store.load.ms', label: 'Store open (fresh process, median)', unit: 'ms', value: ms(load.store), baseline: { label: loadBaseline, value: ms(load.parse) }, target: TARGETS.loadMs },
    { id: 'store.load.peakRssMB', label: 'Peak RSS after open', unit: 'MB', value: max(load.store.map((s) => s.peakRssMB)), baseline: { label: loadBaseline, value: max(load.parse.map((s) => s.peakRssMB)) }, target: TARGETS.peakRssMB },
    { id: 'store.load.heapUsedMB', label: 'Heap used after open (after GC)', unit: 'MB', value: max(load.store.map((s) => s.heapUsedMB)), baseline: { label: loadBaseline, value: max(load.parse.map((s) => s.heapUsedMB)) } },
    { id: 'store.update.p50', label: 'Milestone update p50 (updateMilestone)', unit: 'ms', value: percentile(updates.store, 50), baseline: { label: appendBaseline, value: percentile(updates.baseline, 50) } },
    { id: 'store.update.p99', label: 'Milestone update p99', unit: 'ms', value: percentile(updates.store, 99), baseline: { label: appendBaseline, value: percentile(updates.baseline, 99) }, target: TARGETS.updateP99 },
    { id: 'store.update.max', label: 'Milestone update max (includes a checkpoint in full mode)', unit: 'ms', value: max(updates.store), baseline: { label: appendBaseline, value: max(updates.baseline) } },
    ...queries,
  ];
  return {
    name: benchmark.name,
    metrics,
    context: {
      ...datasetCounts(data),
      recordsLoaded: load.store[0]?.records ?? 0,
      loadRounds: plan.loadRounds,
      updates: plan.updates,
      queryRuns: plan.queryRuns,
      journalLineBytes: updates.lineBytes,
      dataOnDiskMB: Number(dataMB.toFixed(1)),
    },
  };
}

/** A plausible next change for a milestone, meeting the forum's rules for its status. */
function nextChange(m: Readonly<Milestone>, i: number): MilestoneChange {
  const base = { milestoneId: m.id, expectedVersion: m.version, commentary: `Benchmark progress note ${i}: partners met and agreed next steps.` };
  switch (i % 4) {
    case 0:
      return { ...base, status: 'on-track' };
    case 1: {
      // A revised date from today on, and Amber or Red as its delay from the original due date says.
      const today = localDate(new Date());
      const revisedDue = addDays(m.originalDue > today ? m.originalDue : today, 1);
      return { ...base, status: revisedDue < addMonths(m.originalDue, RED_AFTER_MONTHS) ? 'delayed' : 'off-track', revisedDue };
    }
    case 2:
      return { ...base, status: 'complete', evidence: 'Minutes of the forum meeting' };
    default:
      return { ...base, status: 'not-started' };
  }
}

async function measureUpdates(repo: Repository, count: number, warmup: number, workDir: string): Promise<WriteTimes> {
  const person = repo.get('people', 'P-1');
  if (!person) throw new Error('the data set has no person P-1 (an admin) to make the updates');
  const ids = repo.all('milestones').map((m) => m.id);
  const update = async (i: number) => {
    // A fixed stride through the milestones: deterministic, and spread over the whole set.
    const id = ids[(Math.abs(i) * 7919) % ids.length] ?? '';
    const current = repo.get('milestones', id);
    if (!current) throw new Error(`milestone ${id} vanished`);
    await updateMilestone(repo, CTX, nextChange(current, Math.abs(i)), { kind: 'person', person });
  };

  return measureWriteAgainstAppend(repo, update, count, warmup, workDir, 'store');
}

interface QueryCase {
  id: string;
  label: string;
  filter: MilestoneFilter;
  /** The simplest equivalent test of one record: no join with actions, no sorting. */
  plain: (m: Readonly<Milestone>) => boolean;
}

function queryCases(repo: Repository): QueryCase[] {
  const today = DATASET_TODAY;
  const in30 = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const org = repo.all('organisations')[2]?.id ?? 'org-3';
  const open = (m: Readonly<Milestone>) => !isFinished(m.status);
  return [
    { id: 'overdueOrganisation', label: `overdue for one organisation (${org})`, filter: { today, overdue: true, organisationIds: [org] }, plain: (m) => open(m) && effectiveDue(m) < today && m.owner.organisationId === org },
    { id: 'overdue', label: 'overdue', filter: { today, overdue: true }, plain: (m) => open(m) && effectiveDue(m) < today },
    { id: 'organisation', label: `one organisation (${org})`, filter: { today, organisationIds: [org] }, plain: (m) => m.owner.organisationId === org },
    { id: 'dueSoon', label: 'due in the next 30 days', filter: { today, dueFrom: today, dueBy: in30 }, plain: (m) => open(m) && effectiveDue(m) >= today && effectiveDue(m) <= in30 },
    { id: 'text', label: 'text "hate crime"', filter: { today, text: 'hate crime' }, plain: (m) => m.description.toLowerCase().includes('hate crime') },
  ];
}

async function measureQueries(repo: Repository, runs: number): Promise<Metric[]> {
  const metrics: Metric[] = [];
  const records = repo.all('milestones');
  let found = 0;
  for (const q of queryCases(repo)) {
    const store = await sample(runs, () => (found = findMilestones(repo, q.filter).length), 3);
    if (found === 0) throw new Error(`query "${q.label}" found nothing: the data set no longer exercises it`);
    const baseline = await sample(runs, () => records.filter(q.plain).length, 3);
    const label = `Array.filter over the same ${records.length} records`;
    metrics.push(
      { id: `store.query.${q.id}.p50`, label: `Query ${q.label} p50 (${found} found)`, unit: 'ms', value: percentile(store, 50), baseline: { label, value: percentile(baseline, 50) } },
      { id: `store.query.${q.id}.p99`, label: `Query ${q.label} p99`, unit: 'ms', value: percentile(store, 99), baseline: { label, value: percentile(baseline, 99) }, target: q.id === 'text' ? TARGETS.textQueryP99 : TARGETS.queryP99 },
    );
  }
  return metrics;
}
