// The daily retention job on a moving fake clock: it runs at start, once per local day, catches up
// after a gap, and anonymises only what is past its date.
import { expect } from 'chai';
import { REMOVED_TEXT } from '../../src/domain/intel/retention.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { startRetentionJob, type RetentionJob } from '../../src/jobs/retention-job.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import { aReport, putReports } from '../intel/intel-fixtures.ts';
import { removeTempDataDirs, tempDataDir } from '../store/store-fixtures.ts';

describe('the daily retention job', () => {
  let clock = new Date('2026-06-12T08:00:00.000Z');
  let repo: Repository;
  let job: RetentionJob | undefined;

  beforeEach(async () => {
    clock = new Date('2026-06-12T08:00:00.000Z');
    repo = await openStore({ dataDir: tempDataDir(), now: () => clock });
    await putReports(repo, [aReport({ id: 'INT-OLD', retainUntil: '2026-06-11', description: 'old text' }), aReport({ id: 'INT-NEW', retainUntil: '2026-06-20', description: 'new text' })]);
  });
  afterEach(async () => {
    job?.stop();
    await repo.close();
  });
  after(() => removeTempDataDirs());

  it('anonymises expired reports at start, runs once a day, and catches up on a later day', async () => {
    job = startRetentionJob({ store: repo, logger: createLogger('silent'), now: () => clock, timeZone: 'Europe/London', grantContactMonths: 12 });
    // The start-up run may still be in flight: runIfDue joins it or finds today done.
    await job.runIfDue();
    expect(repo.get('intelReports', 'INT-OLD')?.description).to.equal(REMOVED_TEXT);
    expect(repo.get('intelReports', 'INT-NEW')?.description).to.equal('new text');
    expect(await job.runIfDue()).to.deep.equal({ ran: false, anonymised: 0, contactsRemoved: 0 });

    clock = new Date('2026-06-25T08:00:00.000Z');
    expect(await job.runIfDue()).to.deep.include({ ran: true, anonymised: 1 });
    expect(repo.get('intelReports', 'INT-NEW')?.description).to.equal(REMOVED_TEXT);
    expect(await job.runIfDue()).to.deep.equal({ ran: false, anonymised: 0, contactsRemoved: 0 });
  });
});
