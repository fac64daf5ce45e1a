// The read model (issue 15) kept beside a real store: after every kind of write (a new record, a
// change that moves it, one that finishes it, a delete, a person's new account) each index answers
// exactly what a scan of the store answers; and one that has fallen further behind than the store
// remembers is built again rather than left stale. The store's view is the only input: the same
// indexes follow any backend that offers the change feed.
import { expect } from 'chai';
import { effectiveDue, isFinished } from '../../src/domain/milestones/milestone-rules.ts';
import { findMilestones, milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import type { Milestone, MilestoneStatus, Person } from '../../src/domain/model.ts';
import { findPerson } from '../../src/domain/people/identities.ts';
import { intelCountsFor } from '../../src/domain/intel/intel-counts.ts';
import { storeCountingCommits } from '../../src/bot/turn-store.ts';
import { byDueThenId } from '../../src/read-model/milestone-indexes.ts';
import { readModelOf } from '../../src/read-model/read-model.ts';
import { RECENT_CHANGES_KEPT } from '../../src/store/collection-changes.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { ReadView, Repository } from '../../src/store/repository.ts';
import { aMilestone, anAction, anIntelReport, anOrganisation, aTheme, removeTempDataDirs, T0, tempDataDir, testCtx } from '../store/store-fixtures.ts';

const TODAY = '2026-06-15';
/** The same view without the change feed: every query then scans, as before the read model. */
const scanOnly = (store: Repository): ReadView => ({ get: (c, id) => store.get(c, id), all: (c) => store.all(c), count: (c) => store.count(c) });

function expectSameAnswers(store: Repository): void {
  const plain = scanOnly(store);
  expect(readModelOf(plain), 'a view without the change feed has no read model').to.equal(undefined);
  for (const filter of [{ overdue: true }, { openOnly: true }, { dueBy: '2026-07-31' }, { dueFrom: TODAY, dueBy: '2026-09-30' }, { overdue: true, organisationIds: ['syp'] }, { overdue: true, dueFrom: '2026-02-01' }, { overdue: true, dueBy: '2026-03-01' }, { dueBy: '2026-08-31', statuses: ['on-track' as const] }, {}]) {
    expect(findMilestones(store, { today: TODAY, ...filter }).map((m) => m.id), JSON.stringify(filter)).to.deep.equal(findMilestones(plain, { today: TODAY, ...filter }).map((m) => m.id));
  }
  const open = store.all('milestones').filter((m) => !isFinished(m.status)).sort(byDueThenId);
  expect(readModelOf(store)?.openMilestones.list().map((m) => m.id)).to.deep.equal(open.map((m) => m.id));
  for (const m of store.all('milestones')) expect(milestoneHistory(store, m.id), m.id).to.deep.equal(milestoneHistory(plain, m.id));
  for (const p of store.all('people')) for (const identity of p.identities) expect(findPerson(store, identity)?.id).to.equal(findPerson(plain, identity)?.id);
  for (const personId of ['P-1', 'P-2', 'P-3', 'P-nobody']) expect(intelCountsFor(store, personId), personId).to.deep.equal(intelCountsFor(plain, personId));
}

describe('read model: indexes kept current beside the store', () => {
  let store: Repository;
  afterEach(async () => {
    await store.close();
    removeTempDataDirs();
  });

  const milestone = (i: number, o: Partial<Milestone> = {}) => aMilestone({ id: `BSC-0.1-M${i}`, originalDue: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`, owner: { organisationId: i % 2 ? 'syp' : 'rmbc', role: 'Owner' }, ...o });
  const person = (i: number, identities: Person['identities']): Person => ({ id: `P-${i}`, displayName: `Person ${i}`, roles: ['member'], identities, createdAt: T0, updatedAt: T0 });
  const update = (m: string, version: number, status: MilestoneStatus) => ({ id: `${m}-U${version}`, milestoneId: m, version, status, previousStatus: 'not-started' as const, commentary: `note ${version}`, by: 'Test', via: 'cli' as const, at: T0 });

  it('answers as a scan does after puts, moves, finishes, deletes and new accounts', async () => {
    store = await openStore({ dataDir: tempDataDir(), now: () => new Date(T0) });
    await store.transact(testCtx, (tx) => {
      tx.put('themes', aTheme(), { action: 'test' });
      tx.put('organisations', anOrganisation(), { action: 'test' });
      tx.put('organisations', anOrganisation({ id: 'syp', name: 'South Yorkshire Police', kind: 'police' }), { action: 'test' });
      tx.put('actions', anAction(), { action: 'test' });
      for (let i = 1; i <= 30; i += 1) tx.put('milestones', milestone(i, { status: i % 7 === 0 ? 'complete' : 'on-track' }), { action: 'test' });
      for (let i = 1; i <= 10; i += 1) tx.put('milestoneUpdates', update(`BSC-0.1-M${(i % 3) + 1}`, i + 1, 'on-track'), { action: 'test' });
      tx.put('people', person(1, [{ platform: 'teams', aadObjectId: 'AAAAAAAA-0000-4000-8000-000000000001', tenantId: 't1' }]), { action: 'test' });
      tx.put('people', person(2, [{ platform: 'slack', teamId: 'T01', userId: 'U01' }]), { action: 'test' });
      tx.put('intelReports', anIntelReport({ id: 'INT-1', reporterPersonId: 'P-1' }), { action: 'test' });
      tx.put('intelReports', anIntelReport({ id: 'INT-2', reporterPersonId: 'P-1', status: 'reviewed' }), { action: 'test' });
      tx.put('intelReports', anIntelReport({ id: 'INT-3', reporterPersonId: 'P-2' }), { action: 'test' });
    });
    expectSameAnswers(store); // built from every record
    expect(intelCountsFor(store, 'P-1')).to.deep.equal({ logged: 2, loggedNotReviewed: 1, awaitingReview: 2 });
    expect(readModelOf(storeCountingCommits(store, { count: 0 })), 'a turn\'s view of the store shares its read model').to.equal(readModelOf(store));

    await store.transact(testCtx, (tx) => {
      const m3 = store.get('milestones', 'BSC-0.1-M3');
      if (m3) tx.put('milestones', { ...m3, revisedDue: '2026-12-24', status: 'delayed' }, { action: 'test' }); // moves later
      const m4 = store.get('milestones', 'BSC-0.1-M4');
      if (m4) tx.put('milestones', { ...m4, status: 'closed' }, { action: 'test' }); // leaves the open list
      const m7 = store.get('milestones', 'BSC-0.1-M7');
      if (m7) tx.put('milestones', { ...m7, status: 'on-track' }, { action: 'test' }); // comes back to it
      tx.delete('milestones', 'BSC-0.1-M5', { action: 'test' });
      tx.put('milestones', milestone(31, { originalDue: '2026-01-01' }), { action: 'test' });
      tx.put('milestoneUpdates', update('BSC-0.1-M1', 1, 'on-track'), { action: 'test' }); // an older version, out of order
      tx.delete('milestoneUpdates', 'BSC-0.1-M2-U2', { action: 'test' });
      const p1 = store.get('people', 'P-1');
      if (p1) tx.put('people', { ...p1, identities: [...p1.identities, { platform: 'slack', teamId: 'T01', userId: 'U09' }] }, { action: 'test' });
      tx.delete('people', 'P-2', { action: 'test' });
      const int1 = store.get('intelReports', 'INT-1');
      if (int1) tx.put('intelReports', { ...int1, status: 'reviewed', version: 2 }, { action: 'test' }); // reviewed
      tx.delete('intelReports', 'INT-3', { action: 'test' }); // erased
      tx.put('intelReports', anIntelReport({ id: 'INT-4', reporterPersonId: 'P-3' }), { action: 'test' });
    });
    expectSameAnswers(store); // caught up on just what changed
    expect(intelCountsFor(store, 'P-1')).to.deep.equal({ logged: 2, loggedNotReviewed: 0, awaitingReview: 1 });
    expect(intelCountsFor(store, 'P-2')).to.deep.equal({ logged: 0, loggedNotReviewed: 0, awaitingReview: 1 });
    expect(findPerson(store, { platform: 'teams', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001', tenantId: 't1' })?.id, 'a Teams object id in any case').to.equal('P-1');
    expect(findPerson(store, { platform: 'slack', teamId: 'T01', userId: 'U01' }), 'a deleted person is not found').to.equal(undefined);
    expect(milestoneHistory(store, 'BSC-0.1-M1').map((u) => u.version)).to.deep.equal([...milestoneHistory(store, 'BSC-0.1-M1').map((u) => u.version)].sort((a, b) => a - b));
  });

  it('is built again when it has fallen further behind than the store remembers', async () => {
    store = await openStore({ dataDir: tempDataDir(), now: () => new Date(T0) });
    await store.transact(testCtx, (tx) => {
      tx.put('themes', aTheme(), { action: 'test' });
      tx.put('organisations', anOrganisation(), { action: 'test' });
      tx.put('actions', anAction(), { action: 'test' });
      tx.put('milestones', milestone(1), { action: 'test' });
    });
    expectSameAnswers(store);
    // More separate writes than the store remembers, each moving the milestone's due date.
    for (let i = 0; i <= RECENT_CHANGES_KEPT; i += 1) {
      await store.transact(testCtx, (tx) => {
        const m = tx.get('milestones', 'BSC-0.1-M1');
        if (m) tx.put('milestones', { ...m, originalDue: `2026-${String((i % 12) + 1).padStart(2, '0')}-10`, version: m.version + 1 }, { action: 'test' });
      });
    }
    expect(store.changedIds('milestones', 1), 'the store no longer remembers that far back').to.equal(undefined);
    expectSameAnswers(store);
    expect(effectiveDue(readModelOf(store)?.openMilestones.list()[0] ?? milestone(0))).to.equal(effectiveDue(store.get('milestones', 'BSC-0.1-M1') ?? milestone(0)));
  });
});
