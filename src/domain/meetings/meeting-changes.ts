// Changing forum meetings: make (one, or a series), edit one, cancel one, cancel the rest of a
// series, and reply to one. Each runs in one transaction that reads the meeting and the person
// through it, so the permission, the version check and the change are decided on the data the
// change is written over: an edit never writes back a stale copy (replies made meanwhile stay),
// and of two edits of the same version the second is refused and told who changed it.
import { demand } from '../access/permissions.ts';
import { ForumError, NotFoundError } from '../errors.ts';
import type { Meeting, Person } from '../model.ts';
import { newId } from '../new-id.ts';
import type { ChangeContext, Repository, Transaction } from '../../store/repository.ts';
import type { MeetingDraft } from './meeting-form.ts';

/** The meeting was changed since the form was opened; `current` is how it stands now. */
export class StaleMeetingError extends ForumError {
  constructor(readonly current: Meeting) {
    super('STALE_VERSION', `Meeting ${current.id} was changed meanwhile (now version ${current.version}); the edit was not applied.`);
  }
}

/** The meeting is not scheduled (cancelled or held), so it cannot be changed or replied to. */
export class MeetingClosedError extends ForumError {
  constructor(readonly current: Meeting) {
    super('VALIDATION', `Meeting ${current.id} is ${current.status}.`);
  }
}

function requester(tx: Transaction, personId: string): Person | undefined {
  return tx.get('people', personId);
}

function scheduledMeeting(tx: Transaction, meetingId: string): Meeting {
  const current = tx.get('meetings', meetingId);
  if (!current) throw new NotFoundError('meeting', meetingId);
  if (current.status !== 'scheduled') throw new MeetingClosedError(current);
  return current;
}

/** The fields the form sets, applied over `base` (which keeps its id, status, replies and series). */
function withDetails(base: Meeting, draft: MeetingDraft, start: Date): Meeting {
  const meeting: Meeting = { ...base, title: draft.title, startsAt: start.toISOString(), agenda: draft.agenda };
  if (draft.lengthMs) meeting.endsAt = new Date(start.getTime() + draft.lengthMs).toISOString();
  else delete meeting.endsAt;
  for (const key of ['location', 'onlineUrl', 'chair'] as const) {
    const value = draft[key];
    if (value) meeting[key] = value;
    else delete meeting[key];
  }
  return meeting;
}

/** A new meeting, or a series of them when the draft has a rule. */
export async function createMeetings(repo: Repository, ctx: ChangeContext, requesterId: string, draft: MeetingDraft): Promise<Meeting[]> {
  return repo.transact(ctx, (tx) => {
    demand(requester(tx, requesterId), 'meetings.manage');
    const seriesId = draft.rule && draft.starts.length > 1 ? newId(tx, 'meetings', 'SER') : undefined;
    return draft.starts.map((start, index) => {
      const base: Meeting = { id: newId(tx, 'meetings', 'MTG'), title: draft.title, startsAt: start.toISOString(), agenda: [], status: 'scheduled', rsvps: [], version: 1 };
      const meeting = withDetails(base, draft, start);
      if (seriesId && draft.rule) Object.assign(meeting, { seriesId, occurrence: { number: index + 1, of: draft.starts.length, rule: draft.rule } });
      tx.put('meetings', meeting, { action: 'meeting.add', ...(seriesId ? { detail: { series: seriesId } } : {}) });
      return meeting;
    });
  });
}

/** Edits one meeting, if nobody changed its details since `expectedVersion`; replies are kept as they are now. */
export async function editMeeting(repo: Repository, ctx: ChangeContext, requesterId: string, change: { meetingId: string; expectedVersion: number; draft: MeetingDraft }): Promise<{ meeting: Meeting; moved: boolean }> {
  return repo.transact(ctx, (tx) => {
    demand(requester(tx, requesterId), 'meetings.manage');
    const current = scheduledMeeting(tx, change.meetingId);
    if (current.version !== change.expectedVersion) throw new StaleMeetingError(current);
    const start = change.draft.starts[0];
    if (!start) throw new Error('a meeting draft has at least one start');
    const meeting = { ...withDetails(current, change.draft, start), version: current.version + 1 };
    tx.put('meetings', meeting, { action: 'meeting.update' });
    return { meeting, moved: meeting.startsAt !== current.startsAt };
  });
}

export async function cancelMeeting(repo: Repository, ctx: ChangeContext, requesterId: string, meetingId: string): Promise<Meeting> {
  return repo.transact(ctx, (tx) => {
    demand(requester(tx, requesterId), 'meetings.manage');
    const current = scheduledMeeting(tx, meetingId);
    const meeting: Meeting = { ...current, status: 'cancelled', version: current.version + 1 };
    tx.put('meetings', meeting, { action: 'meeting.cancel' });
    return meeting;
  });
}

/** Cancels `meetingId` and the later scheduled meetings of its series (not the earlier ones). */
export async function cancelRestOfSeries(repo: Repository, ctx: ChangeContext, requesterId: string, meetingId: string): Promise<{ from: Meeting; cancelled: number }> {
  return repo.transact(ctx, (tx) => {
    demand(requester(tx, requesterId), 'meetings.manage');
    const from = scheduledMeeting(tx, meetingId);
    const seriesId = from.seriesId;
    if (!seriesId) throw new MeetingClosedError(from);
    const rest = tx.all('meetings').filter((m) => m.seriesId === seriesId && m.status === 'scheduled' && m.startsAt >= from.startsAt);
    for (const m of rest) tx.put('meetings', { ...m, status: 'cancelled', version: m.version + 1 }, { action: 'meeting.cancel', detail: { series: seriesId } });
    return { from, cancelled: rest.length };
  });
}

export type Rsvp = Meeting['rsvps'][number];

/** Who is replying: a known person by id, or someone not known yet by the name their chat gives. */
export type Replier = { personId: string; name: string } | { name: string };

const isReplyOf = (who: Replier) => (r: Rsvp) => ('personId' in who ? r.personId === who.personId : !r.personId && r.name === who.name);

/**
 * Attending or apologies, with an optional note: one reply per person, a new one replacing theirs.
 * A reply is not an edit of the meeting's details, so it leaves the version alone: a coordinator's
 * open edit form stays valid, and the edit keeps this reply.
 */
export async function replyToMeeting(repo: Repository, ctx: ChangeContext, who: Replier, reply: { meetingId: string; response: Rsvp['response']; note?: string }): Promise<{ meeting: Meeting; rsvp: Rsvp }> {
  return repo.transact(ctx, (tx) => {
    const current = scheduledMeeting(tx, reply.meetingId);
    const note = reply.note?.trim();
    const rsvp: Rsvp = { ...('personId' in who ? { personId: who.personId } : {}), name: who.name, response: reply.response, ...(note ? { note } : {}), at: tx.now };
    const meeting: Meeting = { ...current, rsvps: [...current.rsvps.filter((r) => !isReplyOf(who)(r)), rsvp] };
    tx.put('meetings', meeting, { action: 'meeting.rsvp', detail: { response: reply.response } });
    return { meeting, rsvp };
  });
}

export function replyOf(meeting: Meeting, who: Replier): Rsvp | undefined {
  return meeting.rsvps.find(isReplyOf(who));
}
