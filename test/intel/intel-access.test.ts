import { expect } from 'chai';
import { NotFoundError, ValidationError } from '../../src/domain/errors.ts';
import { canReadReport, canReviewIntel, listReports, readReport } from '../../src/domain/intel/intel-access.ts';
import type { Person } from '../../src/domain/model.ts';
import type { Repository } from '../../src/store/repository.ts';
import { removeTempDataDirs } from '../store/store-fixtures.ts';
import { aReport, ctxOf, intelAudit, openTestStore, people, putReports, SECRET_DESCRIPTION, SECRET_LOCATION } from './intel-fixtures.ts';

const OFFICIAL_ID = 'INT-20260610-1';
const SENSITIVE_ID = 'INT-20260610-2';
const OTHERS_ID = 'INT-20260610-3';

/** Who, and whether they may see the reporter's OFFICIAL and OFFICIAL-SENSITIVE reports. */
const TABLE: [string, Person, { official: boolean; sensitive: boolean }][] = [
  ['a person with no roles', people.noRoles, { official: false, sensitive: false }],
  ['the reporter (a member), their own report', people.reporter, { official: true, sensitive: false }],
  ['another member', people.otherMember, { official: false, sensitive: false }],
  ['a coordinator', people.coordinator, { official: false, sensitive: false }],
  ['an intelligence reviewer', people.reviewer, { official: true, sensitive: true }],
  ['an admin', people.admin, { official: true, sensitive: true }],
];

async function caught(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('intel: who may read and list reports, and the audit of every look', () => {
  let repo: Repository;
  beforeEach(async () => {
    repo = await openTestStore();
    await putReports(repo, [
      aReport({ id: OFFICIAL_ID, reporterPersonId: people.reporter.id, description: SECRET_DESCRIPTION, location: SECRET_LOCATION, occurredAt: '2026-06-10T10:00:00.000Z' }),
      aReport({ id: SENSITIVE_ID, reporterPersonId: people.reporter.id, handling: 'OFFICIAL-SENSITIVE', description: SECRET_DESCRIPTION, occurredAt: '2026-06-10T11:00:00.000Z' }),
      aReport({ id: OTHERS_ID, reporterPersonId: people.otherMember.id, status: 'reviewed', occurredAt: '2026-05-01T11:00:00.000Z' }),
    ]);
  });
  afterEach(async () => repo.close());
  after(removeTempDataDirs);

  it('lets intelligence reviewers and admins review, nobody else', () => {
    expect(TABLE.map(([, p]) => canReviewIntel(p))).to.deep.equal([false, false, false, false, true, true]);
  });

  for (const [who, person, may] of TABLE) {
    for (const [marking, id, allowed] of [['OFFICIAL', OFFICIAL_ID, may.official], ['OFFICIAL-SENSITIVE', SENSITIVE_ID, may.sensitive]] as const) {
      it(`${who}: ${allowed ? 'may' : 'may not'} read or list the reporter's ${marking} report; the attempt is audited`, async () => {
        const report = repo.get('intelReports', id);
        expect(report && canReadReport(person, report)).to.equal(allowed);

        const error = await caught(readReport(repo, ctxOf(person), person, id));
        if (allowed) expect(error).to.equal(undefined);
        else {
          expect(error).to.be.instanceOf(NotFoundError);
          expect(error instanceof Error && error.message).to.equal(`No intelligence report with id ${id}.`);
        }
        const listed = (await listReports(repo, ctxOf(person), person, {})).map((r) => r.id);
        expect(listed.includes(id), 'in their list').to.equal(allowed);

        const audit = await intelAudit(repo);
        expect(audit.map((e) => [e.action, e.recordId ?? null, e.actor.personId])).to.deep.equal([
          [allowed ? 'intel.read' : 'intel.read-refused', id, person.id],
          ['intel.list', null, person.id],
        ]);
        expect(audit[0]?.detail).to.deep.equal(allowed ? { handling: marking } : { reason: 'forbidden' });
        expect(audit[1]?.detail).to.include({ count: listed.length });
      });
    }
  }

  it('answers a missing report exactly as a forbidden one, and audits the refusal as missing', async () => {
    const missing = await caught(readReport(repo, ctxOf(people.otherMember), people.otherMember, 'INT-20990101-1'));
    const forbidden = await caught(readReport(repo, ctxOf(people.otherMember), people.otherMember, OFFICIAL_ID));
    expect(missing).to.be.instanceOf(NotFoundError);
    expect(forbidden).to.be.instanceOf(NotFoundError);
    expect(missing instanceof Error && missing.message.replace('INT-20990101-1', 'X')).to.equal(forbidden instanceof Error && forbidden.message.replace(OFFICIAL_ID, 'X'));
    const audit = await intelAudit(repo);
    expect(audit.map((e) => e.detail?.reason)).to.deep.equal(['missing', 'forbidden']);
  });

  it('keeps a typed non-id out of the audit log', async () => {
    const error = await caught(readReport(repo, ctxOf(people.reviewer), people.reviewer, 'show me the report about Jo Bloggs'));
    expect(error).to.be.instanceOf(NotFoundError);
    const [entry] = await intelAudit(repo);
    expect(entry).to.not.have.property('recordId');
    expect(entry?.detail).to.deep.equal({ reason: 'missing', malformedId: true });
    expect(JSON.stringify(await repo.readAudit())).to.not.include('Jo Bloggs');
  });

  it('audits every read, the same report read twice included, and never copies report text into the audit log', async () => {
    for (let i = 0; i < 3; i += 1) await readReport(repo, ctxOf(people.reviewer), people.reviewer, OFFICIAL_ID);
    expect((await intelAudit(repo)).filter((e) => e.action === 'intel.read')).to.have.length(3);
    const text = JSON.stringify(await repo.readAudit());
    expect(text).to.not.include(SECRET_DESCRIPTION);
    expect(text).to.not.include(SECRET_LOCATION);
  });

  it('lists newest first, filtered by status and by the local date it happened', async () => {
    const all = await listReports(repo, ctxOf(people.reviewer), people.reviewer, {});
    expect(all.map((r) => r.id)).to.deep.equal([SENSITIVE_ID, OFFICIAL_ID, OTHERS_ID]);
    const reviewed = await listReports(repo, ctxOf(people.reviewer), people.reviewer, { status: ['reviewed'] });
    expect(reviewed.map((r) => r.id)).to.deep.equal([OTHERS_ID]);
    const june = await listReports(repo, ctxOf(people.reviewer), people.reviewer, { from: '2026-06-01', to: '2026-06-10' });
    expect(june.map((r) => r.id)).to.deep.equal([SENSITIVE_ID, OFFICIAL_ID]);
    const [, , last] = await intelAudit(repo);
    expect(last?.detail).to.deep.equal({ count: 2, statuses: [], from: '2026-06-01', to: '2026-06-10', reviewer: true });
  });

  it('refuses a period that is not made of real dates, and audits nothing', async () => {
    const error = await caught(listReports(repo, ctxOf(people.reviewer), people.reviewer, { from: '2026-02-30' }));
    expect(error).to.be.instanceOf(ValidationError);
    expect(await intelAudit(repo)).to.deep.equal([]);
  });
});
