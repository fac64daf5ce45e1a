// The durable scheduler: jobs live in the store, so a restart neither loses nor repeats a send.
//
// Rules (chosen for chat posts, where a duplicate reminder is what users complain about most):
// - Claim before send: each due job becomes `sending` (attempts + 1) in its own transaction just
//   before its handler runs, so a second tick, or a second look after a restart, cannot pick it up
//   again. One at a time, not the whole batch at once: a crash then leaves only the send under way
//   in doubt, and the jobs of the batch not yet started stay `pending` and go after the restart.
// - Crash mid-send is at-most-once: a job left `sending` by a process that died may or may not have
//   reached the platform; it is NOT resent. It is marked `failed` with lastError `interrupted: ...`
//   and logged as a warning, so an admin can see it and post by hand if it never arrived.
// - Leases, for several instances on one database: a claim records the instance (`leaseHolder`)
//   and an expiry (`leaseUntil`, `leaseMs` ahead), renewed every third of that while the send runs.
//   The claim is a write, so it is decided inside the store's transaction (with PostgreSQL: under
//   the forum's row lock, on current data): two instances cannot both claim a job. Every tick
//   recovers only jobs whose lease has expired, so a live instance's send is never failed by
//   another; with the embedded store (one process holds the folder) every `sending` job found at
//   start is from a dead process and is recovered at once, as before.
// - Downtime: a job found due less than `graceMs` (default 6 hours) late is sent, with
//   `delayed: true` so the handler can say "(delayed)". One later than that, or whose meeting has
//   already started, is pointless: it is marked `failed` with lastError `missed: ...`, not sent.
// - Failures: retried after 1, 5 and 30 minutes (with up to 10% jitter, or later if the platform
//   asked via RetryLaterError), then `failed` with the last error. A PermanentJobError (the bot
//   was removed from the conversation) fails at once.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Job } from '../domain/model.ts';
import type { ChangeContext, Repository, Transaction } from '../store/repository.ts';
import { PendingIndex } from './pending-index.ts';
import { isJobKind, jobPayloadSchemas, type JobKind, type JobPayload } from './job-kinds.ts';

export interface ScheduledSend<K extends JobKind> {
  job: Readonly<Job>;
  kind: K;
  payload: JobPayload<K>;
  /** Sent later than planned (the bot was down): the message should say "(delayed)". */
  delayed: boolean;
}

/** One handler per job kind: a new kind fails the build until it has one. */
export type JobHandlers = { [K in JobKind]: (send: ScheduledSend<K>) => Promise<void> };

/** Sending can never succeed (e.g. the bot was removed from the channel): no retry. */
export class PermanentJobError extends Error {}

/** The platform asked to be left alone for a while (HTTP 429 Retry-After). */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export interface TimerApi {
  setInterval(callback: () => void, ms: number): { unref?: () => unknown };
  clearInterval(handle: { unref?: () => unknown }): void;
}

export interface SchedulerOptions {
  repo: Repository;
  now: () => Date;
  logger: Logger;
  handlers: JobHandlers;
  pollMs?: number;
  graceMs?: number;
  /** Waits before the 2nd, 3rd, ... attempt; after the last, the job fails. */
  backoffMs?: readonly number[];
  /** A send this late (the bot was down) is flagged `delayed`. */
  delayedAfterMs?: number;
  batchSize?: number;
  random?: () => number;
  timers?: TimerApi;
  /** This process's name on the leases it takes; a random one by default. */
  instanceId?: string;
  /** How long a claim holds without renewal; renewed every third of it while a send runs. */
  leaseMs?: number;
  /** Told about jobs that will not be sent (failed for good, missed while the bot was down, or interrupted). */
  onUndelivered?: (jobs: { failed: string[]; missed: string[]; interrupted: string[] }) => Promise<void>;
}

export const SCHEDULER_DEFAULTS = {
  pollMs: 30_000,
  graceMs: 6 * 3_600_000,
  backoffMs: [60_000, 5 * 60_000, 30 * 60_000],
  delayedAfterMs: 10 * 60_000,
  batchSize: 50,
  leaseMs: 120_000,
} as const;

export interface TickReport {
  sent: string[];
  retrying: string[];
  failed: string[];
  missed: string[];
}

export interface Scheduler {
  /** Recovers jobs interrupted mid-send, runs a first tick, then ticks every `pollMs`. */
  start(): Promise<{ interrupted: string[]; tick: TickReport }>;
  /** Claims and sends what is due now; joins a tick already under way. */
  tick(): Promise<TickReport>;
  /** Stops the timer and waits for a tick under way. */
  stop(): Promise<void>;
}

const CTX: ChangeContext = { actor: { name: 'scheduler' }, via: 'system' };
type Claimed = { job: Job; send: ScheduledSend<JobKind> };

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { repo, now, logger, handlers } = options;
  const cfg = { ...SCHEDULER_DEFAULTS, ...definedOnly(options) };
  const random = options.random ?? Math.random;
  const timers: TimerApi = options.timers ?? { setInterval: (cb, ms) => setInterval(cb, ms), clearInterval: (h) => clearInterval(h as NodeJS.Timeout) };
  let timer: ReturnType<TimerApi['setInterval']> | undefined;
  let current: Promise<TickReport> | undefined;
  const pending = new PendingIndex(repo);

  const instanceId = options.instanceId ?? `instance-${randomUUID()}`;
  /** A claimed job whose holder can no longer be sending it: its lease ran out (or, at start of a sole process, any). */
  const abandoned = (job: Readonly<Job>, at: number, all: boolean) =>
    (job.status === 'sending' || job.status === 'running') && (all || job.leaseUntil === undefined || new Date(job.leaseUntil).getTime() <= at);

  const recoverInterrupted = async (all: boolean): Promise<string[]> => {
    // Read first, write only when there is something to recover (a tick must not write every time).
    if (!repo.all('jobs').some((job) => abandoned(job, now().getTime(), all))) return [];
    return repo.transact(CTX, (tx) => {
      const ids: string[] = [];
      for (const job of tx.all('jobs')) {
        if (!abandoned(job, now().getTime(), all)) continue;
        const lastError = 'interrupted: the bot stopped during this send; not repeated, to avoid a duplicate';
        const failed: Job = { ...job, status: 'failed', lastError };
        delete failed.leaseUntil;
        tx.put('jobs', failed, { action: 'job.interrupted', detail: { kind: job.kind, leaseHolder: job.leaseHolder ?? null } });
        ids.push(job.id);
      }
      return ids;
    });
  };

  /** The due jobs, oldest first. Those not worth sending (bad, or missed while the bot was down) are failed here. */
  const dueJobs = async (report: TickReport): Promise<string[]> => {
    // An idle tick (nothing due yet) looks at the first pending job only; a busy one reads the due ones.
    const first = pending.entries()[0];
    if (first === undefined || first.at > now().getTime()) return [];
    return repo.transact(CTX, (tx) => {
      const at = now().getTime();
      const dueIds: string[] = [];
      for (const entry of pending.entries()) {
        if (entry.at > at || dueIds.length >= cfg.batchSize) break;
        dueIds.push(entry.id);
      }
      const ids: string[] = [];
      for (const job of dueIds.map((id) => tx.get('jobs', id)).filter((j): j is Readonly<Job> => j !== undefined && isDue(j, at))) {
        const send = sendOrSkip(job, at);
        if (typeof send === 'string') skip(tx, job, send, report);
        else ids.push(job.id);
      }
      return ids;
    });
  };

  /** Marks one job `sending` right before its handler runs; undefined if it is no longer due (another tick or a re-plan got there first). */
  const claim = (id: string, report: TickReport): Promise<Claimed | undefined> =>
    repo.transact(CTX, (tx) => {
      const job = tx.get('jobs', id);
      const at = now().getTime();
      if (!job || !isDue(job, at)) return undefined;
      const send = sendOrSkip(job, at);
      if (typeof send === 'string') return void skip(tx, job, send, report);
      const leaseUntil = new Date(new Date(tx.now).getTime() + cfg.leaseMs).toISOString();
      const sending: Job = { ...job, status: 'sending', attempts: job.attempts + 1, claimedAt: tx.now, leaseHolder: instanceId, leaseUntil };
      tx.put('jobs', sending, { action: 'job.claim', detail: { kind: job.kind, attempt: sending.attempts } });
      return { job: sending, send: { ...send, job: sending } };
    });

  const isDue = (job: Readonly<Job>, at: number) => job.status === 'pending' && new Date(job.nextAttemptAt ?? job.dueAt).getTime() <= at;

  const sendOrSkip = (job: Readonly<Job>, at: number): ScheduledSend<JobKind> | string => {
    const send = parse(job, at);
    return typeof send === 'string' ? send : (missedReason(job, at) ?? send);
  };

  const skip = (tx: Transaction, job: Readonly<Job>, reason: string, report: TickReport) => {
    fail(tx, job, reason);
    (reason.startsWith('missed') ? report.missed : report.failed).push(job.id);
  };

  const parse = (job: Readonly<Job>, at: number): ScheduledSend<JobKind> | string => {
    if (!isJobKind(job.kind)) return `invalid: no handler for job kind ${job.kind}`;
    const payload = jobPayloadSchemas[job.kind].safeParse(job.payload);
    if (!payload.success) return `invalid: payload does not fit ${job.kind}`;
    const delayed = at - new Date(job.dueAt).getTime() > cfg.delayedAfterMs;
    return { job, kind: job.kind, payload: payload.data, delayed } as ScheduledSend<JobKind>;
  };

  const missedReason = (job: Readonly<Job>, at: number): string | undefined => {
    const startsAt = job.payload.meetingStartsAt;
    if (typeof startsAt === 'string' && new Date(startsAt).getTime() <= at) return 'missed: the meeting had already started';
    if (at - new Date(job.dueAt).getTime() > cfg.graceMs) return `missed: more than ${Math.round(cfg.graceMs / 60_000)} minutes late`;
    return undefined;
  };

  const fail = (tx: Transaction, job: Readonly<Job>, lastError: string) => {
    const failed: Job = { ...job, status: 'failed', lastError: lastError.slice(0, 500) };
    delete failed.nextAttemptAt;
    delete failed.leaseUntil;
    tx.put('jobs', failed, { action: 'job.fail', detail: { kind: job.kind } });
    logger.warn({ jobId: job.id, kind: job.kind, lastError }, 'scheduled send not made');
  };

  const runOne = async ({ job, send }: Claimed, report: TickReport) => {
    const handler = handlers[send.kind] as (s: ScheduledSend<JobKind>) => Promise<void>;
    let error: unknown;
    // The lease is renewed while the send runs, so no other instance takes the job for abandoned.
    const heartbeat = setInterval(() => {
      repo
        .transact(CTX, (tx) => {
          const held = tx.get('jobs', job.id);
          if (held?.status !== 'sending' || held.leaseHolder !== instanceId) return;
          tx.put('jobs', { ...held, leaseUntil: new Date(new Date(tx.now).getTime() + cfg.leaseMs).toISOString() }, { action: 'job.lease', detail: { kind: job.kind } });
        })
        .catch((err: unknown) => logger.warn({ err, jobId: job.id }, 'could not renew a send\'s lease'));
    }, Math.max(1, Math.floor(cfg.leaseMs / 3)));
    // A send that never ends (a hung platform call) must not keep the process from exiting.
    heartbeat.unref();
    try {
      await handler(send);
    } catch (caught) {
      error = caught ?? new Error('handler failed');
    } finally {
      clearInterval(heartbeat);
    }
    await repo.transact(CTX, (tx) => {
      const held = tx.get('jobs', job.id);
      if (held && (held.status !== 'sending' || held.leaseHolder !== instanceId)) {
        // The lease ran out during the send and another instance recovered the job (reported as in doubt).
        logger.warn({ jobId: job.id, status: held.status, sent: error === undefined }, 'a send finished after its lease had expired');
        if (error !== undefined) return;
      }
      if (error === undefined) {
        const sent: Job = { ...job, status: 'sent', sentAt: tx.now };
        delete sent.nextAttemptAt;
        delete sent.lastError;
        delete sent.leaseHolder;
        delete sent.leaseUntil;
        tx.put('jobs', sent, { action: 'job.sent', detail: { kind: job.kind, delayed: send.delayed } });
        report.sent.push(job.id);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const wait = cfg.backoffMs[job.attempts - 1];
      if (error instanceof PermanentJobError || wait === undefined) {
        fail(tx, job, message);
        report.failed.push(job.id);
        return;
      }
      const hinted = error instanceof RetryLaterError ? error.retryAfterMs : 0;
      const delay = Math.max(wait, hinted) * (1 + 0.1 * random());
      const nextAttemptAt = new Date(now().getTime() + delay).toISOString();
      const retry: Job = { ...job, status: 'pending', lastError: message.slice(0, 500), nextAttemptAt };
      delete retry.leaseHolder;
      delete retry.leaseUntil;
      tx.put('jobs', retry, { action: 'job.retry', detail: { kind: job.kind } });
      logger.info({ jobId: job.id, attempt: job.attempts, nextAttemptAt, err: message }, 'scheduled send failed; will retry');
      report.retrying.push(job.id);
    });
  };

  const tellUndelivered = async (jobs: { failed: string[]; missed: string[]; interrupted: string[] }) => {
    if (!options.onUndelivered || jobs.failed.length + jobs.missed.length + jobs.interrupted.length === 0) return;
    try {
      await options.onUndelivered(jobs);
    } catch (err) {
      logger.error({ err }, 'could not report undelivered jobs');
    }
  };

  const runTick = async (): Promise<TickReport> => {
    const report: TickReport = { sent: [], retrying: [], failed: [], missed: [] };
    // Sends another instance was making when it died: their leases have run out by now.
    const interrupted = await recoverInterrupted(false);
    if (interrupted.length > 0) {
      logger.warn({ jobIds: interrupted }, 'sends whose instance stopped mid-send (lease expired) were not repeated (at-most-once); marked failed');
      await tellUndelivered({ failed: [], missed: [], interrupted });
    }
    for (const id of await dueJobs(report)) {
      const claimed = await claim(id, report);
      if (claimed) await runOne(claimed, report);
    }
    await tellUndelivered({ failed: report.failed, missed: report.missed, interrupted: [] });
    return report;
  };

  const tick = (): Promise<TickReport> => {
    current ??= runTick().finally(() => {
      current = undefined;
    });
    return current;
  };

  return {
    async start() {
      // Only this process uses an embedded store: whatever it finds `sending` was left by a dead one.
      const interrupted = await recoverInterrupted(repo.info().backend === 'json');
      if (interrupted.length > 0) logger.warn({ jobIds: interrupted }, 'sends interrupted by a restart were not repeated (at-most-once); marked failed');
      await tellUndelivered({ failed: [], missed: [], interrupted });
      const first = await tick();
      timer ??= timers.setInterval(() => {
        tick().catch((err: unknown) => logger.error({ err }, 'scheduler tick failed; the next tick tries again'));
      }, cfg.pollMs);
      timer.unref?.();
      return { interrupted, tick: first };
    },
    tick,
    async stop() {
      if (timer) timers.clearInterval(timer);
      timer = undefined;
      // A failed tick was already logged by whoever awaited it; stopping must not throw for it.
      await current?.catch((err: unknown) => logger.debug({ err }, 'tick under way at stop failed'));
    },
  };
}

function definedOnly(options: SchedulerOptions): Partial<typeof SCHEDULER_DEFAULTS> {
  const { pollMs, graceMs, backoffMs, delayedAfterMs, batchSize, leaseMs } = options;
  return Object.fromEntries(Object.entries({ pollMs, graceMs, backoffMs, delayedAfterMs, batchSize, leaseMs }).filter(([, v]) => v !== undefined));
}
