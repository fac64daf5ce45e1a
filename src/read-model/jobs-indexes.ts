// Jobs index of the read model (issue 15 §4): the ids of each meeting's jobs, so planning one
// meeting's reminders and nudges reads that meeting's jobs only, not every job ever planned.
import type { Job } from '../domain/model.ts';
import { meetingIdOf } from '../scheduler/job-kinds.ts';
import { FollowedIndex, type ChangeSource } from './followed-index.ts';

export class JobsByMeeting extends FollowedIndex<'jobs'> {
  private byMeeting = new Map<string, Set<string>>();
  /** Which meeting each job belongs to, to find it again when it changes or goes. */
  private meetingOf = new Map<string, string>();

  constructor(source: ChangeSource) {
    super(source, 'jobs');
  }

  /** The ids of the meeting's jobs (any status), as the store holds them now. */
  ids(meetingId: string): string[] {
    this.catchUp();
    return [...(this.byMeeting.get(meetingId) ?? [])];
  }

  protected rebuild(records: readonly Readonly<Job>[]): void {
    this.byMeeting = new Map();
    this.meetingOf = new Map();
    for (const job of records) this.apply(job.id, job);
  }

  protected apply(id: string, record: Readonly<Job> | undefined): void {
    const previous = this.meetingOf.get(id);
    if (previous !== undefined) {
      const ids = this.byMeeting.get(previous);
      ids?.delete(id);
      if (ids?.size === 0) this.byMeeting.delete(previous);
      this.meetingOf.delete(id);
    }
    const meetingId = record ? meetingIdOf(record.payload) : undefined;
    if (meetingId === undefined) return;
    const ids = this.byMeeting.get(meetingId) ?? new Set<string>();
    ids.add(id);
    this.byMeeting.set(meetingId, ids);
    this.meetingOf.set(id, meetingId);
  }
}
