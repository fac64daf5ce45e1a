// Two figures of issue 15 measured beside the production benchmark (bench/overhead-bench.ts), on
// the same data folders:
// - opening the store in a fresh process (bench/load-probe.ts: lock, read, replay, validate, start
//   backup) against reading the same files with JSON.parse and the same schema check;
// - a write's p99 while a checkpoint or backup runs against its p99 while none does. The store is
//   opened in this process with production's checkpoint settings; the writes alternate between a
//   quiet phase (nothing running) and a busy phase (a full backup started, the writes going on until
//   it is written; a routine checkpoint falling in either counts as busy). The store's housekeeping
//   hook (JsonStoreOptions.housekeepingGate) says when housekeeping starts and ends; nothing waits.
import { updateMilestone } from '../src/domain/milestones/update-milestone.ts';
import type { HousekeepingStage } from '../src/store/json-store.ts';
import { openStore } from '../src/store/open-store.ts';
import type { ChangeContext } from '../src/store/repository.ts';
import { runProbe } from './store-load.ts';

const CTX: ChangeContext = { actor: { name: 'Benchmark' }, via: 'cli' };
const QUIET_PHASE_WRITES = 50;

export async function measureStoreOpen(dataDir: string, rounds: number): Promise<{ store: number[]; check: number[] }> {
  const samples = { store: [] as number[], check: [] as number[] };
  for (let round = 0; round < rounds; round += 1) {
    samples.check.push((await runProbe('check', dataDir)).ms);
    samples.store.push((await runProbe('store', dataDir)).ms);
  }
  return samples;
}

export interface HousekeepingWrites {
  quiet: number[];
  busy: number[];
  backups: number;
  checkpoints: number;
}

/** Milestone updates (updateMilestone: rules, journal append + fdatasync) until each phase has `samples` of them. */
export async function measureWritesBesideHousekeeping(dataDir: string, samples: number): Promise<HousekeepingWrites> {
  let running = 0;
  let events = 0;
  let checkpoints = 0;
  const gate = (stage: HousekeepingStage): Promise<void> => {
    if (stage === 'checkpoint') {
      running += 1;
      events += 1;
      checkpoints += 1;
    } else if (stage === 'checkpoint-done') {
      running -= 1;
      events += 1;
    }
    return Promise.resolve();
  };
  const repo = await openStore({ dataDir, backupsKeep: 2, housekeepingGate: gate });
  const result: HousekeepingWrites = { quiet: [], busy: [], backups: 0, checkpoints: 0 };
  try {
    const person = repo.get('people', 'P-1');
    if (!person) throw new Error('the data set has no person P-1 (an admin) to make the updates');
    const ids = repo.all('milestones').filter((m) => m.status !== 'closed' && m.status !== 'complete').map((m) => m.id);
    let n = 0;
    const write = async (): Promise<{ ms: number; busy: boolean }> => {
      const id = ids[(n * 7919) % ids.length] ?? '';
      n += 1;
      const current = repo.get('milestones', id);
      if (!current) throw new Error(`milestone ${id} vanished`);
      const before = events;
      const busyAtStart = running > 0;
      const start = performance.now();
      await updateMilestone(repo, CTX, { milestoneId: id, expectedVersion: current.version, status: 'on-track', commentary: `housekeeping bench ${n}` }, { kind: 'person', person });
      return { ms: performance.now() - start, busy: busyAtStart || running > 0 || events !== before };
    };
    const record = (w: { ms: number; busy: boolean }) => (w.busy ? result.busy : result.quiet).push(w.ms);
    // Bounded: each round adds at least one sample to each phase unless a checkpoint is running throughout.
    for (let round = 0; round < samples * 4 && (result.quiet.length < samples || result.busy.length < samples); round += 1) {
      for (let i = 0; i < QUIET_PHASE_WRITES && result.quiet.length < samples; i += 1) record(await write());
      if (result.busy.length >= samples) continue;
      let backupDone = false;
      running += 1;
      events += 1;
      const backup = repo.backup('bench').finally(() => {
        running -= 1;
        events += 1;
        backupDone = true;
      });
      result.backups += 1;
      do record(await write());
      while (!backupDone && result.busy.length < samples * 2);
      await backup;
    }
  } finally {
    await repo.close();
  }
  result.checkpoints = checkpoints;
  return result;
}
