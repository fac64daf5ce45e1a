// Planning jobs never doubles one; re-planning a moved or cancelled meeting cancels what no longer applies.
import { expect } from 'chai';
import { planMeetingSends } from '../../src/domain/meetings/reminder-plan.ts';
import { jobIdFor, jobsOfMeeting, planJobs } from '../../src/scheduler/plan-jobs.ts';
import type { Repository } from '../../src/store/repository.ts';
import { aMeeting, aSubscription } from '../meetings/meeting-fixtures.ts';
import { removeTempDataDirs, tempDataDir, testCtx } from '../store/store-fixtures.ts';
import { FakeClock, aReminderJob, openTestStore } from './scheduler-fixtures.ts';

describe('planning jobs', () => {
  const clock = new FakeClock(new Date('2026-03-01T12:00:00.000Z'));
  let repo: Repository;
  const subs = [aSubscription({ id: 'SUB-1' }), aSubscription({ id: 'SUB-2' })];

  beforeEach(async () => {
    clock.set('2026-03-01T12:00:00.000Z');
    repo = await openTestStore(tempDataDir(), clock);
  });
  afterEach(() => repo.close());
  after(() => removeTempDataDirs());

  it('planning the same meeting twice inserts nothing the second time', async () => {
    const jobs = planMeetingSends(aMeeting(), subs, ['P-1']);
    const first = await planJobs(repo, testCtx, jobs, { replaces: jobsOfMeeting('MTG-1') });
    const second = await planJobs(repo, testCtx, jobs, { replaces: jobsOfMeeting('MTG-1') });
    expect(first.inserted).to.have.length(5);
    expect(second).to.deep.equal({ inserted: [], revived: [], cancelled: [], skippedPast: [], unchanged: 5 });
    expect(repo.all('jobs')).to.have.length(5);
    expect(repo.all('jobs').every((j) => j.status === 'pending' && j.attempts === 0)).to.equal(true);
  });

  it('a key listed twice in one plan is stored once', async () => {
    const result = await planJobs(repo, testCtx, [aReminderJob(), aReminderJob()]);
    expect(result.inserted).to.have.length(1);
    expect(repo.all('jobs')).to.have.length(1);
  });

  it('a moved meeting cancels its old pending jobs and plans new ones; moving it back revives them', async () => {
    const original = aMeeting();
    await planJobs(repo, testCtx, planMeetingSends(original, subs, []), { replaces: jobsOfMeeting('MTG-1') });
    const moved = aMeeting({ startsAt: '2026-04-02T13:00:00.000Z', version: 2 });
    const result = await planJobs(repo, testCtx, planMeetingSends(moved, subs, []), { replaces: jobsOfMeeting('MTG-1') });
    expect(result.inserted).to.have.length(4);
    expect(result.cancelled).to.have.length(4);
    expect(repo.all('jobs').filter((j) => j.status === 'pending').every((j) => j.idempotencyKey.includes('20260402T1300Z'))).to.equal(true);

    const back = await planJobs(repo, testCtx, planMeetingSends(original, subs, []), { replaces: jobsOfMeeting('MTG-1') });
    expect(back.revived).to.have.length(4);
    expect(back.cancelled).to.have.length(4);
  });

  it('a cancelled meeting cancels all its pending jobs, leaves sent ones and other meetings alone', async () => {
    await planJobs(repo, testCtx, [...planMeetingSends(aMeeting(), subs, ['P-1']), aReminderJob({ idempotencyKey: 'other', payload: { ...aReminderJob().payload, meetingId: 'MTG-2' } })]);
    const sentId = jobIdFor('nudge:MTG-1@20260331T0900Z:P-1');
    await repo.transact(testCtx, (tx) => {
      const job = tx.get('jobs', sentId);
      if (job) tx.put('jobs', { ...job, status: 'sent', sentAt: tx.now }, { action: 'test.setup' });
    });
    const result = await planJobs(repo, testCtx, planMeetingSends(aMeeting({ status: 'cancelled' }), subs, ['P-1']), { replaces: jobsOfMeeting('MTG-1') });
    expect(result.cancelled).to.have.length(4);
    expect(repo.get('jobs', sentId)?.status).to.equal('sent');
    expect(repo.get('jobs', 'other')?.status).to.equal('pending');
  });

  it('a send whose time has already passed is not created', async () => {
    clock.set('2026-03-27T12:00:00.000Z');
    const result = await planJobs(repo, testCtx, planMeetingSends(aMeeting(), [subs[0]!], ['P-1']));
    expect(result.skippedPast.map((id) => id.split(':')[0])).to.deep.equal(['reminder', 'nudge']);
    expect(result.inserted).to.deep.equal([jobIdFor('reminder:MTG-1@20260331T0900Z:1d0900:SUB-1')]);
  });

  it("re-planning one meeting reads only that meeting's jobs (the read model's index), and cancels as a scan would", async () => {
    // Many jobs of other meetings, and two of this one.
    const others = Array.from({ length: 200 }, (_, i) => aReminderJob({ idempotencyKey: `other-${i}`, payload: { ...aReminderJob().payload, meetingId: `MTG-${i + 10}` } }));
    await planJobs(repo, testCtx, others);
    await planJobs(repo, testCtx, planMeetingSends(aMeeting(), subs, []), { replaces: jobsOfMeeting('MTG-1') });
    let jobsRead = 0;
    let jobScans = 0;
    // The store as planJobs sees it, counting what its transaction reads of the jobs.
    const counting: Repository = new Proxy(repo, {
      get(target, property) {
        if (property !== 'transact') return Reflect.get(target, property, target) as unknown;
        return (ctx: Parameters<Repository['transact']>[0], work: Parameters<Repository['transact']>[1]) =>
          target.transact(ctx, (tx) =>
            work(
              new Proxy(tx, {
                get(t, p) {
                  if (p === 'all') return (c: string) => ((jobScans += c === 'jobs' ? 1 : 0), t.all(c as 'jobs'));
                  if (p === 'get') return (c: string, id: string) => ((jobsRead += c === 'jobs' ? 1 : 0), t.get(c as 'jobs', id));
                  const value = Reflect.get(t, p, t) as unknown;
                  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
                },
              }),
            ),
          );
      },
    });
    const result = await planJobs(counting, testCtx, planMeetingSends(aMeeting({ startsAt: '2026-04-07T18:00:00.000Z' }), [subs[0]!], []), { replaces: jobsOfMeeting('MTG-1') });
    expect(jobScans, 'no scan of every job').to.equal(0);
    expect(jobsRead, "the new plan's jobs and the meeting's existing ones, not the 200 others").to.be.at.most(8);
    expect(result.cancelled.sort()).to.deep.equal(repo.all('jobs').filter((j) => j.payload.meetingId === 'MTG-1' && j.status === 'cancelled').map((j) => j.id).sort());
    expect(result.cancelled).to.have.length(4);
    expect(repo.all('jobs').filter((j) => j.id.startsWith('other-') && j.status === 'pending')).to.have.length(200);
  });

  it('a very long key gets a short, stable id', () => {
    const key = `reminder:${'x'.repeat(200)}`;
    expect(jobIdFor(key)).to.equal(jobIdFor(key)).and.to.have.length.below(121);
  });
});
