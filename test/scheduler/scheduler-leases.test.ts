// Scheduled sends with several instances on one PostgreSQL database (issue 16): each due job is
// claimed by one instance with a lease (holder, expiry, renewed while sending), so no two instances
// send it; another instance recovers a job only once its lease has expired, and reports it as in
// doubt (not resent); a live instance's long send is never taken from it.
import { expect } from 'chai';
import type { JobKind } from '../../src/scheduler/job-kinds.ts';
import { planJobs } from '../../src/scheduler/plan-jobs.ts';
import { createScheduler, type JobHandlers, type ScheduledSend, type SchedulerOptions } from '../../src/scheduler/scheduler.ts';
import type { Repository } from '../../src/store/repository.ts';
import { postgresBackend } from '../store/backends.ts';
import { removeTempDataDirs, testCtx } from '../store/store-fixtures.ts';
import { FakeClock, FakeTimers, aReminderJob, silent } from './scheduler-fixtures.ts';

const keyOf = (i: number) => `reminder:MTG-${i}@20260331T0900Z:1d0900:SUB-1`;

describe('the scheduler on several instances (PostgreSQL leases)', function () {
  this.timeout(120_000);
  const clock = new FakeClock(new Date('2026-03-29T12:00:00.000Z'));
  let stores: Repository[];
  const open = async (url: string) => {
    const store = await postgresBackend.open(url, { now: clock.now, logger: silent });
    stores.push(store);
    return store;
  };
  const handlersFor = (send: (s: ScheduledSend<JobKind>) => Promise<void>): JobHandlers => ({
    'meeting-reminder': send,
    'meeting-nudge': send,
    'weekly-digest': send,
    'grant-announcement': send,
    'grants-report-reminder': send,
    'grants-returns-nudge': send,
  });
  const scheduler = (repo: Repository, instanceId: string, send: (s: ScheduledSend<JobKind>) => Promise<void>, o: Partial<SchedulerOptions> = {}) =>
    createScheduler({ repo, now: clock.now, logger: silent, handlers: handlersFor(send), random: () => 0, timers: new FakeTimers(), instanceId, ...o });

  beforeEach(() => {
    stores = [];
    clock.set('2026-03-29T12:00:00.000Z');
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
  });
  after(removeTempDataDirs);

  it('sends each of 60 due jobs once across three instances ticking at the same time', async () => {
    const url = await postgresBackend.fresh();
    const [a, b, c] = [await open(url), await open(url), await open(url)];
    await planJobs(a, testCtx, Array.from({ length: 60 }, (_, i) => aReminderJob({ idempotencyKey: keyOf(i), payload: { meetingId: `MTG-${i}`, meetingStartsAt: '2026-03-31T09:00:00.000Z', subscriptionId: 'SUB-1', offset: '1d0900' } })));
    const sent: { id: string; by: string }[] = [];
    const schedulers = [a, b, c].map((repo, n) => scheduler(repo, `instance-${n}`, (s) => (sent.push({ id: s.job.id, by: `instance-${n}` }), Promise.resolve())));
    clock.set('2026-03-30T08:00:00.000Z');
    for (let round = 0; round < 3; round += 1) await Promise.all(schedulers.map((s) => s.tick()));
    const ids = sent.map((s) => s.id);
    expect(new Set(ids).size, 'no duplicates').to.equal(ids.length);
    expect(ids).to.have.length(60);
    expect(new Set(sent.map((s) => s.by)).size, 'more than one instance did the work').to.be.greaterThan(1);
    // Every instance's view comes to show them sent, with no lease left (bounded wait for the views).
    for (const repo of [a, b, c]) {
      for (let i = 0; i < 200 && !repo.all('jobs').every((j) => j.status === 'sent'); i += 1) await new Promise((r) => setTimeout(r, 25));
      expect(repo.all('jobs').every((j) => j.status === 'sent' && j.leaseUntil === undefined && j.attempts === 1)).to.equal(true);
    }
  });

  it('leaves a live instance\'s send alone while its lease is renewed, and recovers it as in doubt once the holder is gone and the lease expired', async () => {
    const url = await postgresBackend.fresh();
    const a = await open(url);
    const b = await open(url);
    await planJobs(a, testCtx, [aReminderJob({ idempotencyKey: keyOf(1) })]);
    const job = keyOf(1);
    let started!: () => void;
    const sending = new Promise<void>((resolve) => (started = resolve));
    // A's send hangs, as a slow platform call would; its lease (300 ms of the store's clock) is renewed every 100 ms.
    const onA = scheduler(a, 'instance-a', () => (started(), new Promise<void>(() => undefined)), { leaseMs: 300 });
    const undelivered: string[][] = [];
    const onB = scheduler(b, 'instance-b', () => Promise.reject(new Error('B must not send it')), { leaseMs: 300, onUndelivered: (jobs) => (undelivered.push(jobs.interrupted), Promise.resolve()) });
    clock.set('2026-03-30T08:00:00.000Z');
    void onA.tick();
    await sending;
    const claimed = a.get('jobs', job);
    expect(claimed).to.include({ status: 'sending', leaseHolder: 'instance-a' });

    // B starts while A is sending: with a shared database it recovers only expired leases.
    expect((await onB.start()).interrupted).to.deep.equal([]);
    // The store's clock moves past the first expiry; A's heartbeat renews the lease (bounded wait).
    clock.advance(250);
    for (let i = 0; i < 200 && (b.get('jobs', job)?.leaseUntil ?? '') <= (claimed?.leaseUntil ?? ''); i += 1) await new Promise((r) => setTimeout(r, 50));
    expect((b.get('jobs', job)?.leaseUntil ?? '') > (claimed?.leaseUntil ?? ''), 'renewed, and seen on B').to.equal(true);
    clock.advance(150);
    await onB.tick();
    expect(b.get('jobs', job)?.status, 'a renewed lease is not taken').to.equal('sending');

    // A dies (its store goes; no more renewals). Once the lease has expired, B reports the send in doubt.
    await a.close();
    stores = stores.filter((s) => s !== a);
    clock.advance(60_000);
    await onB.tick();
    const recovered = b.get('jobs', job);
    expect(recovered).to.include({ status: 'failed', attempts: 1 });
    expect(recovered?.lastError).to.match(/^interrupted: .*not repeated/);
    expect(undelivered).to.deep.equal([[job]]);
    const audit = await b.readAudit({ collection: 'jobs', recordId: job });
    expect(audit[0]).to.include({ action: 'job.interrupted' });
    expect(audit[0]?.detail).to.include({ leaseHolder: 'instance-a' });
    await onB.stop();
  });
});
