import { expect } from 'chai';
import { localDate } from '../../src/domain/calendar.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { anonymiseExpired, REMOVED_TEXT } from '../../src/domain/intel/retention.ts';
import { reviewReport } from '../../src/domain/intel/review-report.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import { removeTempDataDirs, tempDataDir } from '../store/store-fixtures.ts';
import { aReport, ctxOf, intelAudit, people, putReports, SECRET_ACTIONS, SECRET_DESCRIPTION, SECRET_LOCATION } from './intel-fixtures.ts';

const SYSTEM = { actor: { name: 'retention job' }, via: 'system' } as const;
const secretReport = (id: string, retainUntil: string) =>
  aReport({
    id, retainUntil, reporterPersonId: people.reporter.id, description: SECRET_DESCRIPTION, location: SECRET_LOCATION, actionsTaken: SECRET_ACTIONS,
    policeReference: '14/998877/25', reportedToPolice: true, sourceType: 'councillor', category: 'hate-incident', hateStrands: ['race'], tensionLevel: 3,
    reviewNotes: [{ by: 'Reviewer', byPersonId: people.reviewer.id, at: '2025-06-02T10:00:00.000Z', status: 'reviewed', note: 'Spoke to the family at home' }],
    amendments: [
      { at: '2025-06-02T10:00:00.000Z', byPersonId: people.reviewer.id, field: 'description', previous: 'First version naming the street' },
      { at: '2025-06-02T10:00:00.000Z', byPersonId: people.reviewer.id, field: 'tensionLevel', previous: '2' },
    ],
  });

describe('intel: retention, on a fixed clock', () => {
  // The store's clock, fixed: the job runs on 12 June 2026, local time.
  const clock = new Date('2026-06-12T02:30:00.000Z');
  let repo: Repository;
  let dataDir: string;
  beforeEach(async () => {
    dataDir = tempDataDir();
    repo = await openStore({ dataDir, now: () => clock });
    await putReports(repo, [secretReport('INT-OLD', '2026-06-10'), secretReport('INT-EDGE', '2026-06-11'), secretReport('INT-KEPT', '2026-06-12'), secretReport('INT-NEW', '2027-06-01')]);
  });
  afterEach(async () => repo.close());
  after(removeTempDataDirs);

  const today = () => localDate(clock);

  it('anonymises reports past their retain-until date: text, location, reference, source and reporter gone; statistics kept', async () => {
    expect(await anonymiseExpired(repo, SYSTEM, today())).to.deep.equal({ anonymised: 2 });
    const before = secretReport('INT-OLD', '2026-06-10');
    const after = repo.get('intelReports', 'INT-OLD');
    expect(after).to.include({ description: REMOVED_TEXT, reporterPersonId: 'anonymised', sourceType: 'anonymous-third-party', version: before.version + 1 });
    for (const gone of ['location', 'actionsTaken', 'policeReference']) expect(after, gone).to.not.have.property(gone);
    expect(after?.reviewNotes.map((n) => n.note)).to.deep.equal([REMOVED_TEXT]);
    expect(after?.amendments.map((a) => a.previous)).to.deep.equal([REMOVED_TEXT, '2']);
    for (const field of ['id', 'areaId', 'occurredAt', 'reportedAt', 'category', 'tensionLevel', 'tensionTrend', 'status', 'handling', 'reportedToPolice', 'retainUntil'] as const) {
      expect(after?.[field], field).to.deep.equal(before[field]);
    }
    expect(after?.hateStrands).to.deep.equal(['race']);
    expect(JSON.stringify(after)).to.not.match(/community centre|Spoke to the family|naming the street|998877|P-REPORTER/);
  });

  it('leaves reports inside their period untouched, the one retained until today included', async () => {
    await anonymiseExpired(repo, SYSTEM, today());
    expect(repo.get('intelReports', 'INT-KEPT')).to.deep.equal(secretReport('INT-KEPT', '2026-06-12'));
    expect(repo.get('intelReports', 'INT-NEW')).to.deep.equal(secretReport('INT-NEW', '2027-06-01'));
    expect(repo.get('intelReports', 'INT-EDGE')?.description, 'retained until yesterday').to.equal(REMOVED_TEXT);
  });

  it('is idempotent: a second run (and one after a restart) anonymises nothing more and changes nothing', async () => {
    await anonymiseExpired(repo, SYSTEM, today());
    const once = repo.all('intelReports').map((r) => ({ ...r }));
    expect(await anonymiseExpired(repo, SYSTEM, today())).to.deep.equal({ anonymised: 0 });
    await repo.close();
    repo = await openStore({ dataDir, now: () => clock });
    expect(await anonymiseExpired(repo, SYSTEM, today())).to.deep.equal({ anonymised: 0 });
    expect(repo.all('intelReports').map((r) => ({ ...r }))).to.deep.equal(once);
  });

  it('records each run as one intel.retention entry with the count, and no report text in the audit log', async () => {
    await anonymiseExpired(repo, SYSTEM, today());
    await anonymiseExpired(repo, SYSTEM, today());
    const entries = await intelAudit(repo);
    expect(entries.filter((e) => e.action === 'intel.retention').map((e) => e.detail)).to.deep.equal([{ anonymised: 2, today: '2026-06-12' }, { anonymised: 0, today: '2026-06-12' }]);
    expect(entries.filter((e) => e.action === 'intel.anonymise').map((e) => e.recordId).sort()).to.deep.equal(['INT-EDGE', 'INT-OLD']);
    expect(entries.every((e) => e.actor.name === 'retention job')).to.equal(true);
    const text = JSON.stringify(await repo.readAudit());
    for (const secret of [SECRET_DESCRIPTION, SECRET_LOCATION, SECRET_ACTIONS, 'Spoke to the family']) expect(text).to.not.include(secret);
  });

  it('a later day anonymises the reports that have expired since', async () => {
    await anonymiseExpired(repo, SYSTEM, today());
    expect(await anonymiseExpired(repo, SYSTEM, '2026-06-13')).to.deep.equal({ anonymised: 1 });
    expect(repo.get('intelReports', 'INT-KEPT')?.reporterPersonId).to.equal('anonymised');
  });

  it('an anonymised report can no longer be reviewed or amended', async () => {
    await anonymiseExpired(repo, SYSTEM, today());
    const current = repo.get('intelReports', 'INT-OLD');
    let error: unknown;
    try {
      await reviewReport(repo, ctxOf(people.reviewer), people.reviewer, { id: 'INT-OLD', expectedVersion: current?.version ?? 0, status: 'closed', note: 'Closing', amendments: { description: 'Restored text' } });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect(repo.get('intelReports', 'INT-OLD')?.description).to.equal(REMOVED_TEXT);
  });
});
