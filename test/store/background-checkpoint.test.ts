// Checkpoints and backups run beside the write path (issue 15 §3): a checkpoint takes the write
// queue only to switch new writes to a fresh journal and take its view of the data, then writes the
// snapshots while writes go on. These tests hold it at a gate (the store's test hook) instead of
// timing anything: a write is acknowledged and on disk while the checkpoint cannot move, and a
// process killed with the checkpoint half done loses nothing it acknowledged.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import { readJournal } from '../../src/store/journal.ts';
import type { HousekeepingStage } from '../../src/store/json-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { anIntelReport, putMinimalPlan, removeTempDataDirs, T0, tempDataDir, testCtx } from './store-fixtures.ts';

const CHILD = path.resolve(import.meta.dirname, 'write-loop-child.ts');

/** A gate for one housekeeping stage: records when it is reached, holds it until opened. */
function gateAt(stage: HousekeepingStage) {
  let reached!: () => void;
  let open!: () => void;
  const state = {
    reached: new Promise<void>((resolve) => (reached = resolve)),
    opened: false,
    done: new Promise<void>(() => undefined),
    open: () => {
      state.opened = true;
      open();
    },
  };
  const released = new Promise<void>((resolve) => (open = resolve));
  let markDone!: () => void;
  state.done = new Promise<void>((resolve) => (markDone = resolve));
  const hook = (at: HousekeepingStage): Promise<void> => {
    if (at === 'checkpoint-done') markDone();
    if (at !== stage) return Promise.resolve();
    reached();
    return released;
  };
  return { state, hook };
}

const report = (n: number) => anIntelReport({ id: `INT-${n}`, description: `report ${n}` });

describe('store: checkpoints beside the write path', function () {
  this.timeout(60_000);
  after(removeTempDataDirs);

  it('acknowledges a write, durably, while a checkpoint is held at a gate', async () => {
    const dataDir = tempDataDir();
    const gate = gateAt('checkpoint');
    const repo = await openStore({ dataDir, checkpointEvery: 3, housekeepingGate: gate.hook });
    let closed = false;
    try {
      // Three transactions reach the threshold: the checkpoint switches journals, takes its view, and stops at the gate.
      for (const n of [1, 2, 3]) await repo.transact(testCtx, (tx) => tx.put('intelReports', report(n), { action: 'test.write' }));
      await gate.state.reached;
      const seqBefore = repo.info().lastSeq;

      await repo.transact(testCtx, (tx) => tx.put('intelReports', report(4), { action: 'test.write' }));
      expect(gate.state.opened, 'the write was acknowledged with the checkpoint still at its gate').to.equal(false);
      expect(repo.get('intelReports', 'INT-4')?.description).to.equal('report 4');

      // On disk now: the old journal still holds the first three, the next journal the fourth.
      const next = await readJournal(path.join(dataDir, 'journal.next.jsonl'));
      expect(next.records.map((r) => r.seq)).to.deep.equal([seqBefore + 1]);
      const old = await readJournal(path.join(dataDir, 'journal.jsonl'));
      expect(old.records.map((r) => r.seq).at(-1)).to.equal(seqBefore);

      // A crash at this moment: a copy of the folder as it is on disk opens with all four.
      const image = tempDataDir();
      cpSync(dataDir, image, { recursive: true });
      rmSync(path.join(image, 'store.lock'));
      const recovered = await openStore({ dataDir: image });
      try {
        expect([1, 2, 3, 4].filter((n) => !recovered.get('intelReports', `INT-${n}`)), 'missing after the crash').to.deep.equal([]);
        expect(existsSync(path.join(image, 'journal.next.jsonl')), 'settled by the start').to.equal(false);
      } finally {
        await recovered.close();
      }

      gate.state.open();
      await gate.state.done;
      // The snapshot holds the view the checkpoint took (the first three); the journal the fourth.
      const snapshot = JSON.parse(readFileSync(path.join(dataDir, 'collections', 'intelReports.json'), 'utf8')) as { appliedSeq: number; records: { id: string }[] };
      expect(snapshot.appliedSeq).to.equal(seqBefore);
      expect(snapshot.records.map((r) => r.id).sort()).to.deep.equal(['INT-1', 'INT-2', 'INT-3']);
      expect(existsSync(path.join(dataDir, 'journal.next.jsonl')), 'the next journal took the journal name').to.equal(false);
      const journal = await readJournal(path.join(dataDir, 'journal.jsonl'));
      expect(journal.records.map((r) => r.seq)).to.deep.equal([seqBefore + 1]);

      // Writes go on after it, to the renamed journal.
      await repo.transact(testCtx, (tx) => tx.put('intelReports', report(5), { action: 'test.write' }));
      await repo.close();
      closed = true;
      const reopened = await openStore({ dataDir });
      try {
        expect([1, 2, 3, 4, 5].filter((n) => !reopened.get('intelReports', `INT-${n}`))).to.deep.equal([]);
        expect((await reopened.readAudit({ collection: 'intelReports' })).map((e) => e.recordId).sort()).to.deep.equal(['INT-1', 'INT-2', 'INT-3', 'INT-4', 'INT-5']);
      } finally {
        await reopened.close();
      }
    } finally {
      gate.state.open();
      if (!closed) await repo.close();
    }
  });

  it('writes a backup beside the writes: a write is acknowledged while the backup is held, and the backup is of one moment', async () => {
    const dataDir = tempDataDir();
    let holdBackups = false;
    const gate = gateAt('backup');
    const repo = await openStore({ dataDir, housekeepingGate: (stage) => (holdBackups ? gate.hook(stage) : Promise.resolve()) });
    try {
      await repo.transact(testCtx, (tx) => tx.put('intelReports', report(1), { action: 'test.write' }));
      holdBackups = true;
      const backup = repo.backup('manual');
      await gate.state.reached;
      await repo.transact(testCtx, (tx) => tx.put('intelReports', report(2), { action: 'test.write' }));
      expect(gate.state.opened).to.equal(false);
      gate.state.open();
      const file = await backup;
      const written = JSON.parse(readFileSync(file, 'utf8')) as { lastSeq: number; collections: { intelReports: { id: string; reportedAt: string }[] } };
      expect(written.collections.intelReports.map((r) => r.id), 'the data as it was when the backup began').to.deep.equal(['INT-1']);
      expect(written.collections.intelReports[0]?.reportedAt).to.equal(T0);
      expect(written.lastSeq).to.equal(repo.info().lastSeq - 1);
    } finally {
      gate.state.open();
      await repo.close();
    }
  });

  for (const stage of ['checkpoint', 'checkpoint-file'] as const) {
    it(`keeps every acknowledged write when the process is killed with a checkpoint held at '${stage}'`, async () => {
      const dataDir = tempDataDir();
      const setup = await openStore({ dataDir });
      await putMinimalPlan(setup, 1);
      await setup.close();

      const acked = await new Promise<number[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, '1', '4', stage], { stdio: ['ignore', 'pipe', 'pipe'] });
        const acks: number[] = [];
        let afterHeld = -1;
        let stderr = '';
        let buffered = '';
        const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) {
            if (line === 'held') afterHeld = 0;
            const match = /^ack (\d+)$/.exec(line);
            if (!match) continue;
            acks.push(Number(match[1]));
            // Ten more writes acknowledged with the checkpoint stuck, then the kill.
            if (afterHeld >= 0 && (afterHeld += 1) === 10) child.kill('SIGKILL');
          }
        });
        child.on('exit', (_code, signal) => {
          clearTimeout(deadline);
          if (signal !== 'SIGKILL' || afterHeld < 10) reject(new Error(`writer ended without being killed while held (${String(signal)}, ${afterHeld}): ${stderr}`));
          else resolve(acks);
        });
      });

      expect(existsSync(path.join(dataDir, 'journal.next.jsonl')), 'killed between the switch and the rename').to.equal(true);
      const repo = await openStore({ dataDir });
      try {
        const missing = acked.filter((n) => (n % 2 === 0 ? !repo.get('intelReports', `INT-${n}`) : !milestoneHistory(repo, 'BSC-0.1-M1').some((u) => u.commentary === `update ${n}`)));
        expect(missing, 'acknowledged writes missing after the kill').to.deep.equal([]);
        const history = milestoneHistory(repo, 'BSC-0.1-M1');
        expect(repo.get('milestones', 'BSC-0.1-M1')?.version, 'version = 1 + number of history entries').to.equal(1 + history.length);
        expect(existsSync(path.join(dataDir, 'journal.next.jsonl')), 'settled by the start').to.equal(false);
      } finally {
        await repo.close();
      }
    });
  }
});
