// The durable scheduler on a fake clock: sends once when due, retries with backoff, never repeats
// a send interrupted by a crash, skips what downtime made pointless, and leaves no timers behind.
import { expect } from 'chai';
import type { JobKind } from '../../src/scheduler/job-kinds.ts';
import { planJobs } from '../../src/scheduler/plan-jobs.ts';
import { createScheduler, PermanentJobError, RetryLaterError, type JobHandlers, type ScheduledSend, type SchedulerOptions } from '../../src/scheduler/scheduler.ts';
import type { Repository } from '../../src/store/repository.ts';
import { removeTempDataDirs, tempDataDir, testCtx } from '../store/store-fixtures.ts';
import { FakeClock, FakeTimers, aReminderJob, openTestStore, silent } from './scheduler-fixtures.ts';

const KEY = 'reminder:MTG-1@20260331T0900Z:1d0900:SUB-1';

describe('the durable scheduler', () => {
  const clock = new FakeClock(new Date('2026-03-29T12:00:00.000Z'));
  let dataDir: string;
  let repo: Repository;
  let sends: ScheduledSend<JobKind>[];
  let behaviour: () => Promise<void>;
  const handlers: JobHandlers = {
    'meeting-reminder': (s) => (sends.push(s), behaviour()),
    'meeting-nudge': (s) => (sends.push(s), behaviour()),
    'weekly-digest': (s) => (sends.push(s), behaviour()),
    'grant-announcement': (s) => (sends.push(s), behaviour()),
    'grants-report-reminder': (s) => (sends.push(s), behaviour()),
    'grants-returns-nudge': (s) => (sends.push(s), behaviour()),
  };
  const scheduler = (o: Partial<SchedulerOptions> = {}) => createScheduler({ repo, now: clock.now, logger: silent, handlers, random: () => 0, timers: new FakeTimers(), ...o });

  beforeEach(async () => {
    clock.set('2026-03-29T12:00:00.000Z');
    dataDir = tempDataDir();
    repo = await openTestStore(dataDir, clock);
    sends = [];
    behaviour = () => Promise.resolve();
    await planJobs(repo, testCtx, [aReminderJob()]);
  });
  afterEach(() => repo.close());
  after(() => removeTempDataDirs());

  it('sends nothing before the due time, once at it, and never again', async () => {
    const s = scheduler();
    clock.set('2026-03-30T07:59:59.000Z');
    expect((await s.tick()).sent).to.deep.equal([]);
    clock.set('2026-03-30T08:00:00.000Z');
    expect((await s.tick()).sent).to.deep.equal([KEY]);
    clock.advance(60_000);
    await s.tick();
    expect(sends).to.have.length(1);
    expect(sends[0]!.payload).to.include({ meetingId: 'MTG-1', subscriptionId: 'SUB-1' });
    expect(sends[0]!.delayed).to.equal(false);
    expect(repo.get('jobs', KEY)).to.include({ status: 'sent', attempts: 1, sentAt: '2026-03-30T08:00:00.000Z' });
  });

  it('two ticks at once claim the job once', async () => {
    const s = scheduler();
    clock.set('2026-03-30T08:00:00.000Z');
    await Promise.all([s.tick(), s.tick(), scheduler().tick()]);
    expect(sends).to.have.length(1);
  });

  it('a failing send is retried after 1, 5 and 30 minutes, then marked failed with the last error', async () => {
    let n = 0;
    behaviour = () => Promise.reject(new Error(`connector said 502 (${(n += 1)})`));
    const s = scheduler();
    clock.set('2026-03-30T08:00:00.000Z');
    expect((await s.tick()).retrying).to.deep.equal([KEY]);
    expect(repo.get('jobs', KEY)).to.include({ status: 'pending', attempts: 1, nextAttemptAt: '2026-03-30T08:01:00.000Z', lastError: 'connector said 502 (1)' });
    clock.set('2026-03-30T08:00:59.000Z');
    await s.tick();
    expect(sends).to.have.length(1);
    for (const [at, next] of [
      ['2026-03-30T08:01:00.000Z', '2026-03-30T08:06:00.000Z'],
      ['2026-03-30T08:06:00.000Z', '2026-03-30T08:36:00.000Z'],
    ] as const) {
      clock.set(at);
      await s.tick();
      expect(repo.get('jobs', KEY)?.nextAttemptAt).to.equal(next);
    }
    clock.set('2026-03-30T08:36:00.000Z');
    expect((await s.tick()).failed).to.deep.equal([KEY]);
    expect(repo.get('jobs', KEY)).to.include({ status: 'failed', attempts: 4, lastError: 'connector said 502 (4)' });
    clock.set('2026-03-30T10:00:00.000Z');
    await s.tick();
    expect(sends).to.have.length(4);
  });

  it('a 429 with Retry-After waits at least that long; a removed bot fails at once', async () => {
    behaviour = () => Promise.reject(new RetryLaterError('429', 120_000));
    clock.set('2026-03-30T08:00:00.000Z');
    await scheduler().tick();
    expect(repo.get('jobs', KEY)?.nextAttemptAt).to.equal('2026-03-30T08:02:00.000Z');
    behaviour = () => Promise.reject(new PermanentJobError('channel_not_found'));
    clock.set('2026-03-30T08:02:00.000Z');
    expect((await scheduler().tick()).failed).to.deep.equal([KEY]);
    expect(repo.get('jobs', KEY)).to.include({ status: 'failed', lastError: 'channel_not_found' });
  });

  it('a crash between claim and send never sends twice: the restarted bot marks the job interrupted', async () => {
    let claimedSignal: () => void = () => undefined;
    const claimed = new Promise<void>((resolve) => (claimedSignal = resolve));
    // The "process dies" inside the send: the handler never returns and the store is closed under it.
    behaviour = () => (claimedSignal(), new Promise<void>(() => undefined));
    clock.set('2026-03-30T08:00:00.000Z');
    void scheduler().tick();
    await claimed;
    expect(repo.get('jobs', KEY)).to.include({ status: 'sending', attempts: 1 });
    await repo.close();

    repo = await openTestStore(dataDir, clock);
    sends = [];
    behaviour = () => Promise.resolve();
    const restarted = scheduler();
    const started = await restarted.start();
    expect(started.interrupted).to.deep.equal([KEY]);
    clock.advance(3_600_000);
    await restarted.tick();
    await restarted.stop();
    expect(sends).to.have.length(0);
    expect(repo.get('jobs', KEY)?.status).to.equal('failed');
    expect(repo.get('jobs', KEY)?.lastError).to.match(/^interrupted/);
  });

  it('a crash in the middle of a batch leaves only the send under way in doubt: the jobs not yet started go after the restart', async () => {
    const later = ['later-1', 'later-2'];
    await planJobs(repo, testCtx, later.map((key) => aReminderJob({ idempotencyKey: key })));
    let inFlight: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => (inFlight = resolve));
    behaviour = () => (inFlight(), new Promise<void>(() => undefined));
    clock.set('2026-03-30T08:00:00.000Z');
    void scheduler().tick();
    await reached;
    const first = sends[0]!.job.id;
    expect(later.concat(KEY).map((id) => repo.get('jobs', id)?.status).sort()).to.deep.equal(['pending', 'pending', 'sending']);
    await repo.close();

    repo = await openTestStore(dataDir, clock);
    sends = [];
    behaviour = () => Promise.resolve();
    const restarted = scheduler();
    const started = await restarted.start();
    await restarted.stop();
    expect(started.interrupted).to.deep.equal([first]);
    expect(started.tick.sent.sort()).to.deep.equal(later.concat(KEY).filter((id) => id !== first).sort());
    expect(sends.map((s) => s.job.id)).to.not.include(first);
  });

  it('after downtime: within the grace window the send goes, flagged delayed; beyond it, or after the meeting started, it is recorded as missed', async () => {
    await planJobs(repo, testCtx, [
      aReminderJob({ idempotencyKey: 'late-7d', dueAt: '2026-03-29T13:00:00.000Z' }),
      aReminderJob({ idempotencyKey: 'after-start', dueAt: '2026-03-29T12:30:00.000Z', payload: { ...aReminderJob().payload, meetingStartsAt: '2026-03-30T09:00:00.000Z' } }),
    ]);
    clock.set('2026-03-30T11:00:00.000Z'); // the bot was down since 29 March 12:00
    const s = scheduler();
    const { tick } = await s.start();
    await s.stop();
    expect(tick.sent).to.deep.equal([KEY]);
    expect(sends.map((x) => [x.job.id, x.delayed])).to.deep.equal([[KEY, true]]);
    expect(tick.missed.sort()).to.deep.equal(['after-start', 'late-7d']);
    expect(repo.get('jobs', 'late-7d')?.lastError).to.match(/^missed: more than 360 minutes late/);
    expect(repo.get('jobs', 'after-start')?.lastError).to.equal('missed: the meeting had already started');
  });

  it('a job of an unknown kind or with a bad payload fails without reaching a handler', async () => {
    await repo.transact(testCtx, (tx) => {
      tx.put('jobs', { id: 'odd', kind: 'fax', idempotencyKey: 'odd', dueAt: '2026-03-30T08:00:00.000Z', status: 'pending', attempts: 0, payload: {} }, { action: 'test.setup' });
      tx.put('jobs', { id: 'bad', kind: 'meeting-nudge', idempotencyKey: 'bad', dueAt: '2026-03-30T08:00:00.000Z', status: 'pending', attempts: 0, payload: { meetingId: 'M' } }, { action: 'test.setup' });
    });
    clock.set('2026-03-30T08:00:00.000Z');
    const report = await scheduler().tick();
    expect(report.failed.sort()).to.deep.equal(['bad', 'odd']);
    expect(sends.map((x) => x.job.id)).to.deep.equal([KEY]);
  });

  it('ticks on its timer, which is unref\'d, and stop() leaves no timer behind', async () => {
    const timers = new FakeTimers();
    const s = scheduler({ timers });
    await s.start();
    expect(timers.live.size).to.equal(1);
    expect([...timers.live][0]!.unrefd).to.equal(true);
    clock.set('2026-03-30T08:00:00.000Z');
    timers.fire();
    await s.stop();
    expect(sends).to.have.length(1);
    expect(timers.live.size).to.equal(0);
  });
});
