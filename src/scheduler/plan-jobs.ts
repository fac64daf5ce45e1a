// Putting planned sends into the store without ever doubling one. A job's id is derived from its
// idempotency key, so "does this send exist?" is one lookup and two plans of the same meeting
// can only ever write the same record. Re-planning is a no-op; sends that no longer apply (the
// meeting moved or was cancelled, a subscription went) are cancelled if they have not gone yet.
import { createHash } from 'node:crypto';
import type { Job } from '../domain/model.ts';
import type { ChangeContext, Repository } from '../store/repository.ts';
import { readModelOf } from '../read-model/read-model.ts';
import { meetingIdOf, type PlannedJob } from './job-kinds.ts';

export interface PlanResult {
  inserted: string[];
  /** Jobs that had been cancelled and are wanted again (a meeting moved back), not yet sent. */
  revived: string[];
  cancelled: string[];
  /** Wanted, but their time had already passed when planned: not created (see planJobs). */
  skippedPast: string[];
  unchanged: number;
}

/** The job id for an idempotency key: the key itself when short enough, else a digest of it. */
export function jobIdFor(idempotencyKey: string): string {
  return idempotencyKey.length <= 120 ? idempotencyKey : `job-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;
}

/** Which existing jobs a plan replaces: a test of each job, and the meeting they all belong to, if one. */
export type ReplaceScope = ((job: Readonly<Job>) => boolean) & { meetingId?: string };

/**
 * A `replaces` scope: every job of one meeting. planJobs then reads that meeting's jobs only, through
 * the read model's jobs-by-meeting index (src/read-model/jobs-indexes.ts), not every job.
 */
export const jobsOfMeeting = (meetingId: string): ReplaceScope => Object.assign((job: Readonly<Job>): boolean => meetingIdOf(job.payload) === meetingId, { meetingId });

/**
 * Inserts each planned job whose key is new, in one transaction. When `replaces` is given, pending
 * jobs in that scope that are not in `jobs` are cancelled (jobs already sending or sent are left
 * alone: what has gone has gone). A planned job whose due time has already passed is not created:
 * planning happens when a meeting is made or changed, and a "7 days before" reminder for a meeting
 * created 3 days ahead would only arrive late and out of turn.
 */
export async function planJobs(
  repo: Repository,
  ctx: ChangeContext,
  jobs: readonly PlannedJob[],
  options: { replaces?: ReplaceScope } = {},
): Promise<PlanResult> {
  const scope = options.replaces;
  const index = scope?.meetingId !== undefined ? readModelOf(repo)?.jobsByMeeting : undefined;
  return repo.transact(ctx, (tx) => {
    const result: PlanResult = { inserted: [], revived: [], cancelled: [], skippedPast: [], unchanged: 0 };
    const now = new Date(tx.now).getTime();
    const wanted = new Set<string>();
    for (const planned of jobs) {
      if (wanted.has(planned.idempotencyKey)) continue;
      wanted.add(planned.idempotencyKey);
      const id = jobIdFor(planned.idempotencyKey);
      const existing = tx.get('jobs', id);
      const future = new Date(planned.dueAt).getTime() >= now;
      if (!existing && !future) {
        result.skippedPast.push(id);
      } else if (!existing) {
        tx.put('jobs', { id, ...planned, status: 'pending', attempts: 0, createdAt: tx.now }, { action: 'job.plan', detail: { kind: planned.kind } });
        result.inserted.push(id);
      } else if (existing.status === 'cancelled' && future) {
        const revived: Job = { ...existing, ...planned, id, status: 'pending', attempts: 0 };
        delete revived.lastError;
        delete revived.nextAttemptAt;
        tx.put('jobs', revived, { action: 'job.plan', detail: { kind: planned.kind, revived: true } });
        result.revived.push(id);
      } else {
        result.unchanged += 1;
      }
    }
    if (scope) {
      // With the index: the meeting's jobs as committed, each read as this transaction sees it. (A job
      // of the meeting put by an earlier transaction of the same commit group is not in the index yet:
      // it is left for the next plan, at most an hour later, to cancel if unwanted.)
      const candidates = index && scope.meetingId !== undefined ? index.ids(scope.meetingId).map((id) => tx.get('jobs', id)) : tx.all('jobs');
      for (const job of candidates) {
        if (!job || job.status !== 'pending' || wanted.has(job.idempotencyKey) || !scope(job)) continue;
        tx.put('jobs', { ...job, status: 'cancelled', lastError: 'superseded: no longer planned' }, { action: 'job.cancel', detail: { kind: job.kind } });
        result.cancelled.push(job.id);
      }
    }
    return result;
  });
}
