import { expect } from 'chai';
import { NotFoundError, ValidationError } from '../../src/domain/errors.ts';
import { ForbiddenError } from '../../src/domain/access/permissions.ts';
import { reviewReport, StaleReportError, type ReviewChange } from '../../src/domain/intel/review-report.ts';
import type { IntelReport, Person } from '../../src/domain/model.ts';
import type { Repository } from '../../src/store/repository.ts';
import { removeTempDataDirs } from '../store/store-fixtures.ts';
import { aReport, ctxOf, intelAudit, KEPPEL, openTestStore, people, putReports, SECRET_DESCRIPTION, SECRET_LOCATION } from './intel-fixtures.ts';

const ID = 'INT-20260610-1';

async function caught(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('intel: reviewing a report', () => {
  let repo: Repository;
  beforeEach(async () => {
    repo = await openTestStore();
    await putReports(repo, [aReport({ id: ID, reporterPersonId: people.reporter.id, description: SECRET_DESCRIPTION, location: SECRET_LOCATION })]);
  });
  afterEach(async () => repo.close());
  after(removeTempDataDirs);

  const review = (change: Partial<ReviewChange> = {}, who: Person = people.reviewer): Promise<IntelReport> =>
    reviewReport(repo, ctxOf(who), who, { id: ID, expectedVersion: repo.get('intelReports', ID)?.version ?? 0, status: 'reviewed', note: 'Checked with the neighbourhood team', ...change });

  it('marks a report reviewed with a note, attributed, version + 1, audited without the note', async () => {
    const report = await review();
    expect(report).to.include({ status: 'reviewed', version: 2 });
    expect(report.reviewNotes).to.deep.equal([{ by: people.reviewer.displayName, byPersonId: people.reviewer.id, at: report.reviewNotes[0]?.at, status: 'reviewed', note: 'Checked with the neighbourhood team' }]);
    expect(repo.get('intelReports', ID)).to.deep.equal(report);
    const [entry] = await intelAudit(repo);
    expect(entry).to.include({ action: 'intel.review', recordId: ID });
    expect(entry?.detail).to.deep.equal({ status: 'reviewed', previousStatus: 'new', version: 2, amendedFields: [], handling: 'OFFICIAL' });
    expect(JSON.stringify(await repo.readAudit())).to.not.include('neighbourhood team');
  });

  it('moves new -> reviewed -> actioned -> closed, and an admin may review too', async () => {
    await review({ status: 'reviewed' });
    await review({ status: 'actioned', note: 'Patrols increased' }, people.admin);
    const closed = await review({ status: 'closed', note: 'Quiet for two weeks' });
    expect(closed.reviewNotes.map((n) => n.status)).to.deep.equal(['reviewed', 'actioned', 'closed']);
    expect(closed.version).to.equal(4);
  });

  it('may skip a step, and may add a further note at the same status', async () => {
    await review({ status: 'actioned' });
    expect((await review({ status: 'actioned', note: 'Follow-up visit done' })).reviewNotes).to.have.length(2);
  });

  it('refuses to send a report back (closed -> reviewed), writing nothing', async () => {
    await review({ status: 'closed' });
    const error = await caught(review({ status: 'reviewed' }));
    expect(error).to.be.instanceOf(ValidationError);
    expect(error instanceof Error && error.message).to.equal(`Report ${ID} is already closed; it cannot go back to reviewed.`);
    expect(repo.get('intelReports', ID)?.version).to.equal(2);
  });

  for (const [who, person] of [['the reporter', people.reporter], ['a coordinator', people.coordinator], ['a member', people.otherMember]] as const) {
    it(`refuses ${who}: only reviewers and admins review`, async () => {
      const error = await caught(review({}, person));
      expect(error).to.be.instanceOf(ForbiddenError);
      expect(repo.get('intelReports', ID)?.version).to.equal(1);
      expect(await intelAudit(repo)).to.deep.equal([]);
    });
  }

  it('refuses a review made on an older version, saying who changed it, and keeps theirs', async () => {
    await review({ status: 'reviewed', note: 'First reviewer' });
    const error = await caught(review({ expectedVersion: 1, status: 'closed', note: 'Second reviewer' }, people.admin));
    expect(error).to.be.instanceOf(StaleReportError);
    expect(error instanceof Error && error.message).to.match(new RegExp(`^Report ${ID} was updated by ${people.reviewer.displayName} at .+ \\(now version 2\\); your review was not saved\\.$`));
    const stored = repo.get('intelReports', ID);
    expect(stored?.status).to.equal('reviewed');
    expect(stored?.reviewNotes.map((n) => n.note)).to.deep.equal(['First reviewer']);
  });

  it('refuses a missing report, an empty note, an unknown status and a bad amendment, with every problem', async () => {
    expect(await caught(review({ id: 'INT-20990101-1' }))).to.be.instanceOf(NotFoundError);
    const error = await caught(review({ note: ' ', status: 'deleted' as 'closed', amendments: { tensionLevel: 9, description: 'x'.repeat(4001) } }));
    expect(error).to.be.instanceOf(ValidationError);
    expect(error instanceof ValidationError && error.problems).to.have.members([
      'Add a note saying what was done', 'Choose reviewed, actioned or closed',
      'Choose a tension level from 1 (normal) to 4 (critical)', 'Description is too long (4,000 characters at most)',
    ]);
    expect(repo.get('intelReports', ID)?.version).to.equal(1);
  });

  it('keeps the original text of every amended field, oldest first, so nothing the reporter wrote is lost', async () => {
    await review({ amendments: { description: 'Corrected: about 20 people, not 200', tensionLevel: 3, areaId: KEPPEL } });
    const report = await review({ status: 'actioned', amendments: { description: 'Corrected again', location: '' } });
    expect(report.description).to.equal('Corrected again');
    expect(report).to.include({ tensionLevel: 3, areaId: KEPPEL });
    expect(report).to.not.have.property('location');
    expect(report.amendments.map((a) => [a.field, a.previous, a.byPersonId])).to.deep.equal([
      ['description', SECRET_DESCRIPTION, people.reviewer.id],
      ['tensionLevel', '2', people.reviewer.id],
      ['areaId', 'E05012996', people.reviewer.id],
      ['description', 'Corrected: about 20 people, not 200', people.reviewer.id],
      ['location', SECRET_LOCATION, people.reviewer.id],
    ]);
    const entries = await intelAudit(repo);
    expect(entries.map((e) => e.detail?.amendedFields)).to.deep.equal([['description', 'tensionLevel', 'areaId'], ['description', 'location']]);
  });

  it('records nothing as amended when an amendment repeats the current value', async () => {
    const report = await review({ amendments: { tensionLevel: 2, description: SECRET_DESCRIPTION } });
    expect(report.amendments).to.deep.equal([]);
  });

  it('marks the report OFFICIAL-SENSITIVE when amended text holds identifiers', async () => {
    const report = await review({ amendments: { actionsTaken: 'Rang the centre on 01709 823456' } });
    expect(report.handling).to.equal('OFFICIAL-SENSITIVE');
  });

  for (const [what, description] of [
    ['a house-number address', 'The family at 17 Birch Grove were targeted again'],
    ['a social-media link', 'The abuse came from instagram.com/someone_else'],
  ] as const) {
    it(`marks the report OFFICIAL-SENSITIVE when an amended description adds ${what}`, async () => {
      const report = await review({ amendments: { description } });
      expect(report.handling).to.equal('OFFICIAL-SENSITIVE');
    });
  }
});
