// A child process for the crash-safety test: writes in a loop and prints "ack N" after each write
// the store has acknowledged. The parent kills it with SIGKILL at a random moment.
import { openStore } from '../../src/store/open-store.ts';
import { updateMilestone } from '../../src/domain/milestones/update-milestone.ts';
import { anIntelReport } from './store-fixtures.ts';

const [dataDir, firstArg, checkpointArg, holdAt] = process.argv.slice(2);
if (!dataDir || !firstArg) throw new Error('usage: write-loop-child <dataDir> <firstIndex> [checkpointEvery] [holdAt]');
// With `holdAt` (a housekeeping stage), the first background checkpoint to reach it stops there for good
// and "held" is printed: the parent kills the process while that checkpoint is half done.
let held = false;
const housekeepingGate = holdAt
  ? (stage: string) => {
      if (stage !== holdAt || held) return Promise.resolve();
      held = true;
      process.stdout.write('held\n');
      return new Promise<void>(() => undefined);
    }
  : undefined;
const repo = await openStore({ dataDir, checkpointEvery: Number(checkpointArg ?? 5), ...(housekeepingGate ? { housekeepingGate } : {}) });
process.stdout.write('ready\n');
const ctx = { actor: { name: 'crash test' }, via: 'cli' as const };
// Bounded: the parent kills it long before this runs out.
for (let n = Number(firstArg); n < Number(firstArg) + 100_000; n += 1) {
  if (n % 2 === 0) {
    // A large record, so that some kills land in the middle of a write.
    await repo.transact(ctx, (tx) => tx.put('intelReports', anIntelReport({ id: `INT-${n}`, description: `report ${n} `.repeat(300) }), { action: 'test.write' }));
  } else {
    const current = repo.get('milestones', 'BSC-0.1-M1');
    if (!current) throw new Error('the test plan is missing');
    await updateMilestone(repo, ctx, { milestoneId: current.id, expectedVersion: current.version, status: 'on-track', commentary: `update ${n}` }, { kind: 'system' });
  }
  process.stdout.write(`ack ${n}\n`);
}
