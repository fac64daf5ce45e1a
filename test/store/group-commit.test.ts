// Group commit: transactions waiting for the writer are run one after another, each reading what
// the earlier ones in its group wrote, and written to the journal together with one fsync. What
// must hold: a transaction that throws fails alone; nothing is visible before it is on disk; and
// when the group's write fails (a full disk, on a real tmpfs), every transaction that wrote, or read
// after a write, in that group is refused and nothing changes, while one that only read before is not.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ForumError } from '../../src/domain/errors.ts';
import { readJournal } from '../../src/store/journal.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Transaction } from '../../src/store/repository.ts';
import { mountTmpfs, type Tmpfs } from '../faults/tmpfs.ts';
import { anIntelReport, putMinimalPlan, removeTempDataDirs, tempDataDir, testCtx } from './store-fixtures.ts';

const put = (id: string, description = 'A community event was held.') => (tx: Transaction) =>
  tx.put('intelReports', anIntelReport({ id, description }), { action: 'intel.create' });

describe('store: group commit', () => {
  after(removeTempDataDirs);

  it('fails a transaction that throws alone; the others of its group are saved, in order', async () => {
    const repo = await openStore({ dataDir: tempDataDir() });
    try {
      await putMinimalPlan(repo, 1);
      const results = await Promise.allSettled([
        repo.transact(testCtx, put('INT-1')),
        repo.transact(testCtx, () => {
          throw new Error('a rule said no');
        }),
        repo.transact(testCtx, (tx) => {
          // Reads the write just before it in the same group.
          if (!tx.get('intelReports', 'INT-1')) throw new Error('INT-1 not visible to the next transaction');
          put('INT-2')(tx);
        }),
      ]);
      expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
      expect(repo.count('intelReports')).to.equal(2);
    } finally {
      await repo.close();
    }
  });

  it('shows nothing outside a transaction before it is on disk', async () => {
    const repo = await openStore({ dataDir: tempDataDir() });
    try {
      await putMinimalPlan(repo, 1);
      const saving = repo.transact(testCtx, put('INT-9'));
      const seen: boolean[] = [];
      // Looks while the group is being written (each look is a later turn of the event loop).
      for (let i = 0; i < 20 && seen.at(-1) !== true; i += 1) {
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(repo.get('intelReports', 'INT-9') !== undefined);
      }
      await saving;
      expect(seen[0], 'not visible while it is being written').to.equal(false);
      expect(repo.get('intelReports', 'INT-9')).to.not.equal(undefined);
    } finally {
      await repo.close();
    }
  });

  describe('when the group cannot be written (a full disk)', function () {
    this.timeout(30_000);
    let tmpfs: Tmpfs | undefined;
    before(function () {
      const mounted = mountTmpfs(1024);
      if (!mounted.ok) return this.skip();
      tmpfs = mounted.tmpfs;
    });
    after(() => tmpfs?.unmount());

    it('refuses every transaction that wrote, or read after a write, in the group; changes nothing; saves again once space is back', async () => {
      const dataDir = path.join(tmpfs?.dir ?? '', 'data');
      const repo = await openStore({ dataDir, backupsKeep: 1 });
      try {
        await putMinimalPlan(repo, 1);
        const filler = tmpfs?.fill() ?? '';
        const long = 'A long account of the evening. '.repeat(120);
        // One tick: all four wait for the writer together and form one group.
        const results = await Promise.allSettled([
          repo.transact(testCtx, (tx) => tx.get('milestones', 'BSC-0.1-M1')?.id),
          repo.transact(testCtx, put('INT-10', long)),
          repo.transact(testCtx, (tx) => tx.get('intelReports', 'INT-10')?.id),
          repo.transact(testCtx, put('INT-11', long)),
        ]);
        expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'rejected', 'rejected']);
        for (const r of results.slice(1)) expect(r.status === 'rejected' && r.reason instanceof ForumError && r.reason.code).to.equal('STORE_WRITE_FAILED');
        expect(repo.count('intelReports')).to.equal(0);
        const journal = await readJournal(path.join(dataDir, 'journal.jsonl'));
        expect(journal.tornTail).to.equal(false);
        expect(readFileSync(path.join(dataDir, 'journal.jsonl'), 'utf8')).to.not.include('INT-10');

        rmSync(filler);
        await repo.transact(testCtx, put('INT-12'));
        expect(repo.count('intelReports')).to.equal(1);
      } finally {
        await repo.close();
      }
    });
  });
});
