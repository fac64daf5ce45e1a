// The load harness's store check must be able to fail: each kind of loss or inconsistency it
// looks for is made here on a real store, and must be reported by record and by name.
import { expect } from 'chai';
import { updateMilestone } from '../../src/domain/milestones/update-milestone.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import type { LedgerSnapshot, UpdateAttempt } from '../../bench/load/ledger.ts';
import { verifyStore } from '../../bench/load/verify-store.ts';
import { anIntelReport, aMilestone, putMinimalPlan, removeTempDataDirs, tempDataDir } from '../store/store-fixtures.ts';

const MARKER = 'loadtest1';
const officer = { name: 'Officer One', personId: 'P-LOAD-1' };

async function storeWithUpdates(tokens: string[]): Promise<Repository> {
  const repo = await openStore({ dataDir: tempDataDir() });
  await putMinimalPlan(repo, 1);
  await repo.transact({ actor: { name: 'setup' }, via: 'cli' }, (tx) => {
    tx.put('milestones', aMilestone({ id: 'BSC-0.1-L1', owner: { organisationId: 'rmbc', role: 'Officer', personId: officer.personId } }), { action: 'test.setup' });
    tx.put('intelReports', anIntelReport({ id: 'INT-1', reporterPersonId: officer.personId, reporterVia: 'teams', description: `A community event; ref ${MARKER}n100` }), { action: 'intel.log' });
  });
  for (const token of tokens) {
    const current = repo.get('milestones', 'BSC-0.1-L1');
    await updateMilestone(repo, { actor: officer, via: 'slack' }, { milestoneId: 'BSC-0.1-L1', expectedVersion: current?.version ?? 1, status: 'on-track', commentary: token }, { kind: 'system' });
  }
  return repo;
}

const update = (token: string, acknowledged = true): UpdateAttempt => ({ milestoneId: 'BSC-0.1-L1', token, status: 'on-track', via: 'slack', personId: officer.personId, acknowledged });

function ledger(overrides: Partial<LedgerSnapshot> = {}): LedgerSnapshot {
  return {
    runMarker: MARKER,
    milestones: [{ id: 'BSC-0.1-L1', ownerPersonId: officer.personId }],
    updates: [update(`${MARKER}n1`), update(`${MARKER}n2`)],
    reports: [{ token: `${MARKER}n100`, id: 'INT-1', via: 'teams', personId: officer.personId, acknowledged: true }],
    rsvps: [],
    ...overrides,
  };
}

describe('load harness: the store check after a run', () => {
  let repo: Repository;
  before(async () => {
    repo = await storeWithUpdates([`${MARKER}n1`, `${MARKER}n2`]);
  });
  after(async () => {
    await repo.close();
    removeTempDataDirs();
  });

  it('passes when every acknowledged update and report is there once, with complete histories', async () => {
    const result = await verifyStore(repo, ledger());
    expect(result.problems).to.deep.equal([]);
    expect(result.ok).to.equal(true);
    expect(result.checked).to.include({ updates: 2, reports: 1, milestones: 1 });
  });

  it('fails, naming it, when an acknowledged update is missing from the history', async () => {
    const result = await verifyStore(repo, ledger({ updates: [update(`${MARKER}n1`), update(`${MARKER}n2`), update(`${MARKER}n3`)] }));
    expect(result.ok).to.equal(false);
    expect(result.problems.join('\n')).to.include(`the acknowledged update "${MARKER}n3" is not in the history`);
  });

  it('allows an unacknowledged update to be there or not, and counts it when it is', async () => {
    const saved = await verifyStore(repo, ledger({ updates: [update(`${MARKER}n1`), update(`${MARKER}n2`, false)] }));
    expect(saved.ok, saved.problems.join('\n')).to.equal(true);
    expect(saved.unacknowledgedButSaved).to.equal(1);
    const notSaved = await verifyStore(repo, ledger({ updates: [update(`${MARKER}n1`), update(`${MARKER}n2`), update(`${MARKER}n9`, false)] }));
    expect(notSaved.ok, notSaved.problems.join('\n')).to.equal(true);
  });

  it('fails when the history holds more updates than were made (a retried write saved twice looks like this)', async () => {
    const result = await verifyStore(repo, ledger({ updates: [update(`${MARKER}n1`)] }));
    expect(result.problems.join('\n')).to.include('2 history entries for 1 acknowledged updates');
  });

  it('fails when an acknowledged report is missing or has another id than the officer was told', async () => {
    const missing = await verifyStore(repo, ledger({ reports: [{ token: `${MARKER}n101`, id: 'INT-2', via: 'teams', personId: officer.personId, acknowledged: true }] }));
    expect(missing.problems.join('\n')).to.include(`the acknowledged report "${MARKER}n101" (INT-2) is not in the store`);
    const renamed = await verifyStore(repo, ledger({ reports: [{ token: `${MARKER}n100`, id: 'INT-7', via: 'teams', personId: officer.personId, acknowledged: true }] }));
    expect(renamed.problems.join('\n')).to.include('stored as INT-1, but the officer was told INT-7');
  });

  it('fails when a milestone\'s version does not match its history', async () => {
    const other = await storeWithUpdates([`${MARKER}n1`]);
    try {
      // A write that bumps the version without a history entry: what a lost history write looks like.
      await other.transact({ actor: { name: 'bug' }, via: 'cli' }, (tx) => {
        const m = tx.get('milestones', 'BSC-0.1-L1');
        if (m) tx.put('milestones', { ...m, version: m.version + 1 }, { action: 'test.break' });
      });
      const result = await verifyStore(other, ledger({ updates: [update(`${MARKER}n1`)] }));
      expect(result.problems.join('\n')).to.include('is at version 3 with 1 history entries');
    } finally {
      await other.close();
    }
  });
});
