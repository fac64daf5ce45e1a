// The repository contract, on both backends: what every caller of `Repository` relies on. The same
// cases run against the embedded JSON store and against PostgreSQL (a real server, started here).
import { expect } from 'chai';
import { ValidationError } from '../../src/domain/errors.ts';
import { StaleVersionError, updateMilestone } from '../../src/domain/milestones/update-milestone.ts';
import type { Repository, Transaction } from '../../src/store/repository.ts';
import { BACKENDS } from './backends.ts';
import { aMilestone, anIntelReport, putMinimalPlan, removeTempDataDirs, testCtx } from './store-fixtures.ts';

const as = (name: string) => ({ actor: { name, account: `teams:${name}` }, via: 'teams' as const });
const rejection = (promise: Promise<unknown>): Promise<Error> => promise.then(() => expect.fail('expected a refusal'), (error: unknown) => error as Error);
const putReport = (id: string) => (tx: Transaction) => tx.put('intelReports', anIntelReport({ id }), { action: 'intel.create' });

for (const backend of BACKENDS) {
  describe(`repository contract: ${backend.name}`, function () {
    // Creating a database on a loaded two-core machine: a ceiling, not a measure.
    this.timeout(60_000);
    let place: string;
    let repo: Repository;
    beforeEach(async () => {
      place = await backend.fresh();
      repo = await backend.open(place);
      await putMinimalPlan(repo, 3);
    });
    afterEach(async () => repo.close());
    after(removeTempDataDirs);

    it('keeps every committed write across a close and a new open', async () => {
      await repo.transact(testCtx, putReport('INT-1'));
      await repo.transact(testCtx, (tx) => tx.delete('milestones', 'BSC-0.1-M3', { action: 'milestone.delete' }));
      await repo.close();
      repo = await backend.open(place);
      expect(repo.get('intelReports', 'INT-1')?.description).to.equal(anIntelReport().description);
      expect(repo.count('milestones')).to.equal(2);
      expect(repo.get('milestones', 'BSC-0.1-M3')).to.equal(undefined);
    });

    it('writes nothing of a transaction whose work throws part-way, and passes the error on', async () => {
      const attempt = repo.transact(testCtx, (tx) => {
        putReport('INT-1')(tx);
        throw new Error('a rule said no');
      });
      expect((await rejection(attempt)).message).to.equal('a rule said no');
      expect(repo.get('intelReports', 'INT-1')).to.equal(undefined);
      await repo.close();
      repo = await backend.open(place);
      expect(repo.get('intelReports', 'INT-1')).to.equal(undefined);
    });

    it('refuses a record that does not fit its schema', async () => {
      const attempt = repo.transact(testCtx, (tx) => tx.put('milestones', { ...aMilestone(), status: 'sideways' as never }, { action: 'milestone.update' }));
      expect(await rejection(attempt)).to.be.instanceOf(ValidationError);
    });

    it('loses none of 200 concurrent writes; a transaction reads the earlier ones of its group', async () => {
      await Promise.all(Array.from({ length: 200 }, (_, i) => repo.transact(as(`user${i % 7}`), putReport(`INT-${i}`))));
      const results = await Promise.allSettled([
        repo.transact(testCtx, putReport('INT-A')),
        repo.transact(testCtx, () => {
          throw new Error('no');
        }),
        repo.transact(testCtx, (tx) => {
          if (!tx.get('intelReports', 'INT-A')) throw new Error('INT-A not visible');
          putReport('INT-B')(tx);
        }),
      ]);
      expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
      expect(repo.count('intelReports')).to.equal(202);
      await repo.close();
      repo = await backend.open(place);
      expect(repo.count('intelReports')).to.equal(202);
    });

    it('serialises read-modify-write updates, so none overwrites another', async () => {
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          repo.transact(as(`user${i}`), (tx) => {
            const m = tx.get('milestones', 'BSC-0.1-M1');
            if (!m) throw new Error('missing');
            tx.put('milestones', { ...m, commentary: `note ${i}`, version: m.version + 1 }, { action: 'milestone.update' });
          }),
        ),
      );
      expect(repo.get('milestones', 'BSC-0.1-M1')?.version).to.equal(61);
    });

    it('applies one of several updates made against the same version and refuses the rest as stale', async () => {
      const results = await Promise.allSettled(
        ['Asha', 'Ben', 'Carys'].map((name) => updateMilestone(repo, as(name), { milestoneId: 'BSC-0.1-M2', expectedVersion: 1, status: 'on-track', commentary: `${name} was here` }, { kind: 'system' })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(StaleVersionError);
    });

    it('hands out frozen records', () => {
      const m = repo.get('milestones', 'BSC-0.1-M1');
      expect(Object.isFrozen(m)).to.equal(true);
      expect(Object.isFrozen(repo.all('milestones'))).to.equal(true);
    });

    it('audits who changed which fields, newest first, filtered by collection and record', async () => {
      await repo.transact(as('Jo'), (tx) => {
        const m = tx.get('milestones', 'BSC-0.1-M1');
        if (m) tx.put('milestones', { ...m, commentary: 'changed', version: m.version + 1 }, { action: 'milestone.update' });
        tx.note({ action: 'milestone.read', collection: 'milestones', recordId: 'BSC-0.1-M1' });
      });
      const events = await repo.readAudit({ collection: 'milestones', recordId: 'BSC-0.1-M1' });
      expect(events.map((e) => e.action)).to.deep.equal(['milestone.read', 'milestone.update', 'test.setup']);
      expect(events[1]?.actor).to.deep.equal({ name: 'Jo', account: 'teams:Jo' });
      expect(events[1]?.fields).to.have.members(['commentary', 'version']);
      expect(JSON.stringify(events)).not.to.contain('changed');
      expect(await repo.readAudit({ limit: 1 })).to.have.length(1);
    });

    it('counts versions per collection and names the ids changed since one', async () => {
      const before = repo.collectionVersion('intelReports');
      await repo.transact(testCtx, putReport('INT-1'));
      await repo.transact(testCtx, putReport('INT-2'));
      expect(repo.collectionVersion('intelReports')).to.equal(before + 2);
      expect(repo.changedIds('intelReports', before)).to.deep.equal(['INT-1', 'INT-2']);
      expect(repo.changedIds('intelReports', before + 2)).to.deep.equal([]);
    });

    it('says which backend it is', () => {
      expect(repo.info().backend).to.equal(backend.name);
      expect(repo.info().lastSeq).to.be.greaterThan(0);
    });
  });
}
