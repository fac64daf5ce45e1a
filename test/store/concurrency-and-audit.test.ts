import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ForumError, ValidationError } from '../../src/domain/errors.ts';
import { milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import { StaleVersionError, updateMilestone } from '../../src/domain/milestones/update-milestone.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import { anIntelReport, putMinimalPlan, removeTempDataDirs, tempDataDir, testCtx } from './store-fixtures.ts';

const as = (name: string, via: 'teams' | 'slack' = 'teams') => ({ actor: { name, account: `${via}:${name}` }, via });

describe('store: concurrent requests, stale forms and the audit log', () => {
  let dataDir: string;
  let repo: Repository;
  beforeEach(async () => {
    dataDir = tempDataDir();
    repo = await openStore({ dataDir, checkpointEvery: 50 });
    await putMinimalPlan(repo, 3);
  });
  afterEach(async () => repo.close());
  after(removeTempDataDirs);

  it('loses none of 300 concurrent writes, before or after a restart', async () => {
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => repo.transact(as(`user${i % 7}`), (tx) => tx.put('intelReports', anIntelReport({ id: `INT-${i}` }), { action: 'intel.create' }))),
    );
    expect(repo.count('intelReports')).to.equal(300);
    await repo.close();
    repo = await openStore({ dataDir });
    expect(repo.count('intelReports')).to.equal(300);
  });

  it('serialises read-modify-write updates so concurrent ones never overwrite each other', async () => {
    // Each request reads the current version inside its transaction, like a form opened just now.
    const bump = (i: number) =>
      repo.transact(as(`user${i}`), (tx) => {
        const m = tx.get('milestones', 'BSC-0.1-M1');
        if (!m) throw new Error('missing');
        tx.put('milestones', { ...m, commentary: `note ${i}`, version: m.version + 1 }, { action: 'milestone.update' });
      });
    await Promise.all(Array.from({ length: 100 }, (_, i) => bump(i)));
    expect(repo.get('milestones', 'BSC-0.1-M1')?.version).to.equal(101);
  });

  it('applies only one of several updates made against the same version, telling the others who changed it and when', async () => {
    const attempts = ['Asha', 'Ben', 'Carys', 'Dev'].map((name) =>
      updateMilestone(repo, as(name), { milestoneId: 'BSC-0.1-M2', expectedVersion: 1, status: 'on-track', commentary: `${name} was here` }, { kind: 'system' }),
    );
    const results = await Promise.allSettled(attempts);
    const applied = results.filter((r) => r.status === 'fulfilled');
    const stale = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(applied).to.have.length(1);
    expect(stale).to.have.length(3);
    for (const error of stale) {
      expect(error).to.be.instanceOf(StaleVersionError);
      expect((error as StaleVersionError).message).to.match(/was changed by Asha at \d{4}-\d\d-\d\dT/);
      expect((error as StaleVersionError).since.map((u) => u.by)).to.deep.equal(['Asha']);
    }
    expect(milestoneHistory(repo, 'BSC-0.1-M2')).to.have.length(1);
  });

  it('writes nothing when a rule is broken (Amber without a note or revised date, Complete without evidence)', async () => {
    const before = repo.info().lastSeq;
    const delayed = updateMilestone(repo, as('Asha'), { milestoneId: 'BSC-0.1-M3', expectedVersion: 1, status: 'delayed' }, { kind: 'system' });
    const err = await delayed.then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(ValidationError);
    expect((err as ValidationError).problems.join(' ')).to.include('progress note').and.include('revised due date');
    const complete = await updateMilestone(repo, as('Asha'), { milestoneId: 'BSC-0.1-M3', expectedVersion: 1, status: 'complete' }, { kind: 'system' }).then(() => undefined, (e: unknown) => e);
    expect((complete as ValidationError).problems.join(' ')).to.include('evidence');
    expect(repo.info().lastSeq).to.equal(before);
    expect(repo.get('milestones', 'BSC-0.1-M3')?.version).to.equal(1);
  });

  it('rolls back the whole transaction when its work throws part-way', async () => {
    const failed = await repo
      .transact(testCtx, (tx) => {
        tx.put('intelReports', anIntelReport({ id: 'INT-half' }), { action: 'intel.create' });
        throw new ForumError('VALIDATION', 'second half failed');
      })
      .then(() => undefined, (e: unknown) => e);
    expect(failed).to.be.instanceOf(ForumError);
    expect(repo.get('intelReports', 'INT-half')).to.equal(undefined);
  });

  it('hands out frozen records, so nothing changes data outside a transaction', () => {
    const m = repo.get('milestones', 'BSC-0.1-M1');
    expect(() => {
      (m as { status: string }).status = 'complete';
    }).to.throw(TypeError);
  });

  it('audits every change with who, what, when and channel, without the values of the fields', async () => {
    await updateMilestone(repo, as('Ben', 'slack'), { milestoneId: 'BSC-0.1-M1', expectedVersion: 1, status: 'on-track', commentary: 'secret-ish words' }, { kind: 'system' });
    const [history, milestone] = await Promise.all([repo.readAudit({ recordId: 'BSC-0.1-M1-U2' }), repo.readAudit({ recordId: 'BSC-0.1-M1', limit: 1 })]);
    expect(milestone[0]).to.include({ action: 'milestone.update', via: 'slack', collection: 'milestones' });
    expect(milestone[0]?.actor).to.deep.equal({ name: 'Ben', account: 'slack:Ben' });
    expect(milestone[0]?.fields).to.include.members(['status', 'commentary', 'version']);
    expect(Date.parse(milestone[0]?.at ?? '')).to.be.greaterThan(Date.now() - 60_000);
    expect(history[0]?.action).to.equal('milestone.history');
    expect(readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8')).to.not.include('secret-ish words');
  });

  it('only appends to the audit log: earlier entries stay byte for byte, across checkpoints and restarts', async () => {
    const file = path.join(dataDir, 'audit.jsonl');
    const first = readFileSync(file);
    for (let i = 0; i < 120; i += 1) await repo.transact(as('Asha'), (tx) => tx.note({ action: 'intel.read', collection: 'intelReports', recordId: `INT-${i}` }));
    await repo.close();
    repo = await openStore({ dataDir });
    const after = readFileSync(file);
    expect(after.subarray(0, first.length).equals(first)).to.equal(true);
    expect(statSync(file).size).to.be.greaterThan(first.length);
    expect(await repo.readAudit({ collection: 'intelReports' })).to.have.length(120);
  });
});
