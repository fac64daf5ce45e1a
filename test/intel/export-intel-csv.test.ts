import { parse } from 'csv-parse/sync';
import { expect } from 'chai';
import { ForbiddenError } from '../../src/domain/access/permissions.ts';
import { exportIntelCsv, INTEL_CSV_COLUMNS } from '../../src/domain/intel/export-intel-csv.ts';
import type { Person } from '../../src/domain/model.ts';
import type { Repository } from '../../src/store/repository.ts';
import { removeTempDataDirs } from '../store/store-fixtures.ts';
import { aReport, ctxOf, intelAudit, openTestStore, people, putReports, SECRET_DESCRIPTION } from './intel-fixtures.ts';

const PERIOD = { from: '2026-06-01', to: '2026-06-10' };

function records(csv: string): string[][] {
  const parsed: unknown = parse(csv, { relax_column_count: false });
  if (!Array.isArray(parsed)) throw new Error('not rows');
  return parsed.map((r: unknown) => (Array.isArray(r) ? r.map(String) : []));
}

describe('intel: CSV export for reviewers', () => {
  let repo: Repository;
  beforeEach(async () => {
    repo = await openTestStore();
    await putReports(repo, [
      aReport({ id: 'INT-A', occurredAt: '2026-06-09T19:30:00.000Z', description: '=HYPERLINK("http://evil.example","click")', location: '+44 shops', actionsTaken: '@SUM(A1)', handling: 'OFFICIAL-SENSITIVE', reporterPersonId: people.reporter.id }),
      aReport({ id: 'INT-B', occurredAt: '2026-06-02T08:00:00.000Z', description: SECRET_DESCRIPTION, hateStrands: ['race', 'disability'], category: 'hate-incident', reporterPersonId: people.reporter.id,
        reviewNotes: [{ by: 'R', byPersonId: people.reviewer.id, at: '2026-06-03T09:00:00.000Z', status: 'reviewed', note: 'Line one\nline two' }] }),
      aReport({ id: 'INT-OUT', occurredAt: '2026-05-31T22:59:00.000Z' }),
    ]);
  });
  afterEach(async () => repo.close());
  after(removeTempDataDirs);

  for (const [who, person] of [['an intelligence reviewer', people.reviewer], ['an admin', people.admin]] as [string, Person][]) {
    it(`gives ${who} every report in the period, oldest first, with a header row, audited with the count`, async () => {
      const rows = records(await exportIntelCsv(repo, ctxOf(person), person, PERIOD));
      expect(rows[0]).to.deep.equal([...INTEL_CSV_COLUMNS]);
      expect(rows.slice(1).map((r) => r[0])).to.deep.equal(['INT-B', 'INT-A']);
      const [entry] = await intelAudit(repo);
      expect(entry).to.include({ action: 'intel.export' });
      expect(entry?.actor.personId).to.equal(person.id);
      expect(entry?.detail).to.deep.equal({ count: 2, from: PERIOD.from, to: PERIOD.to });
    });
  }

  for (const [who, person] of [['the reporter', people.reporter], ['a coordinator', people.coordinator], ['a member', people.otherMember], ['a person with no roles', people.noRoles]] as [string, Person][]) {
    it(`refuses ${who}, and audits the refusal`, async () => {
      let error: unknown;
      try {
        await exportIntelCsv(repo, ctxOf(person), person, PERIOD);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ForbiddenError);
      const entries = await intelAudit(repo);
      expect(entries.map((e) => [e.action, e.actor.personId])).to.deep.equal([['intel.export-refused', person.id]]);
    });
  }

  it('guards cells a spreadsheet would run as formulas, and quotes line breaks', async () => {
    const csv = await exportIntelCsv(repo, ctxOf(people.reviewer), people.reviewer, PERIOD);
    const rows = records(csv);
    const column = (name: (typeof INTEL_CSV_COLUMNS)[number]) => INTEL_CSV_COLUMNS.indexOf(name);
    const a = rows.find((r) => r[0] === 'INT-A') ?? [];
    expect(a[column('description')]).to.equal('\'=HYPERLINK("http://evil.example","click")');
    expect(a[column('location')]).to.equal('\'+44 shops');
    expect(a[column('actions_taken')]).to.equal('\'@SUM(A1)');
    const b = rows.find((r) => r[0] === 'INT-B') ?? [];
    expect(b[column('review_notes')]).to.equal('2026-06-03 10:00 reviewed: Line one\nline two');
    expect(b[column('hate_strands')]).to.equal('race; disability');
    expect(b[column('occurred_at')], 'local time').to.equal('2026-06-02 09:00');
    expect(csv).to.include('\r\n');
  });

  it('leaves the reporter out of the file, and the report text out of the audit log', async () => {
    const csv = await exportIntelCsv(repo, ctxOf(people.reviewer), people.reviewer, PERIOD);
    expect(csv).to.not.include(people.reporter.id);
    expect(csv).to.include(SECRET_DESCRIPTION);
    expect(JSON.stringify(await repo.readAudit())).to.not.include(SECRET_DESCRIPTION);
  });
});
