// Grant applicants' contact details are kept until the programme's end plus
// GRANT_CONTACT_RETENTION_MONTHS, then removed by the daily retention run from the live records and
// from every copy the store keeps (issue 17 §7, issue 19 §2). The store is a real data folder; the
// job is the one the bot runs, on a fake clock. An application of a round whose programme is still
// running keeps its contact, so the search below is looking in the right place.
import { expect } from 'chai';
import { REMOVED_CONTACT, contactsKeptUntil } from '../../src/domain/grants/grant-retention.ts';
import { startRetentionJob, type RetentionJob } from '../../src/jobs/retention-job.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import { removeTempDataDirs, tempDataDir } from '../store/store-fixtures.ts';
import { apply, draft, putRound, testRound } from './grant-fixtures.ts';
import { filesContaining } from '../helpers/files-containing.ts';

const ENDED = { name: 'Priya Oldround', email: 'priya.oldround@example.org', phone: '01709 555 0101' };
const RUNNING = { name: 'Tom Newround', email: 'tom.newround@example.org' };


describe('grant applicants\' contact details after the programme', () => {
  let clock = new Date('2026-11-10T09:00:00.000Z');
  let dataDir: string;
  let store: Repository;
  let job: RetentionJob | undefined;

  beforeEach(async () => {
    clock = new Date('2026-11-10T09:00:00.000Z');
    dataDir = tempDataDir();
    store = await openStore({ dataDir, now: () => clock });
  });
  afterEach(async () => {
    job?.stop();
    await store.close();
  });
  after(() => removeTempDataDirs());

  it('keeps them to the last day of the period, then removes them from the records and every backup', async () => {
    await putRound(store, testRound({ id: 'ROUND-OLD', opensOn: '2026-11-01', closesOn: '2026-11-20', programmeEndsOn: '2027-03-31' }));
    await putRound(store, testRound({ id: 'ROUND-NEW', opensOn: '2027-01-01', closesOn: '2027-12-31', programmeEndsOn: '2029-03-31' }));
    const old = await apply(store, { ...draft(), contact: ENDED });
    await store.backup('manual');
    // The second round opens later: its application is put on the clock of that day.
    clock = new Date('2027-01-05T09:00:00.000Z');
    const running = await apply(store, { ...draft(), contact: RUNNING });
    await store.backup('manual');
    expect(filesContaining(dataDir, ENDED.email), 'the backups hold the contact before retention').to.have.length.greaterThan(0);

    // The last day of the period (programme end + 6 months): nothing is removed yet.
    const months = 6;
    expect(contactsKeptUntil({ programmeEndsOn: '2027-03-31' }, months)).to.equal('2027-09-30');
    clock = new Date('2027-09-30T12:00:00.000Z');
    job = startRetentionJob({ store, logger: createLogger('silent'), now: () => clock, timeZone: 'Europe/London', grantContactMonths: months });
    const lastDay = await job.runIfDue();
    expect(lastDay.ran ? lastDay.contactsRemoved : (await job.runIfDue()).contactsRemoved).to.equal(0);
    expect(store.get('grantApplications', old)?.contact.email).to.equal(ENDED.email);

    // The day after: removed, in the live records and in every file in the data folder.
    clock = new Date('2027-10-01T12:00:00.000Z');
    const run = await job.runIfDue();
    expect(run).to.deep.include({ ran: true, contactsRemoved: 1 });
    expect(run.copies?.records, 'records rewritten in the backups').to.be.greaterThan(0);
    const removed = store.get('grantApplications', old);
    expect(removed?.contact).to.deep.equal({ name: REMOVED_CONTACT, email: REMOVED_CONTACT });
    expect(removed?.group.name, 'the grant record itself stays').to.equal(draft().group.name);
    for (const text of [ENDED.name, ENDED.email, ENDED.phone]) expect(filesContaining(dataDir, text), text).to.deep.equal([]);
    // The other programme is still running: its contact stays, live and in the backup.
    expect(store.get('grantApplications', running)?.contact).to.deep.equal(RUNNING);
    expect(filesContaining(dataDir, RUNNING.email)).to.have.length.greaterThan(0);

    const audit = await store.readAudit({});
    expect(audit.filter((e) => e.action === 'grants.contact-removed').map((e) => e.recordId)).to.deep.equal([old]);
    expect(JSON.stringify(audit)).not.to.include(ENDED.email);
    // A second run the same day changes nothing.
    expect(await job.runIfDue()).to.deep.equal({ ran: false, anonymised: 0, contactsRemoved: 0 });
  });
});
