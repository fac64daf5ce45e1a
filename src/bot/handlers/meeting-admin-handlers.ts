// Coordinators make, change and cancel forum meetings with a card; anyone can take a meeting into
// their calendar (.ics, through a one-time download link). Reminders are planned again after each
// change, so a moved meeting's reminders move and a cancelled one's are withdrawn.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { MeetingFormCard } from '../../cards/card-models.ts';
import { renderCard } from '../../cards/render-card.ts';
import { icsFileName, meetingToIcs } from '../../domain/meetings/ics.ts';
import type { Meeting } from '../../domain/model.ts';
import type { CardAction } from '../card-actions.ts';
import { newId } from '../new-id.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { occurredAt } from '../views/intel-views.ts';
import { mayManageMeetings, showMeetings } from './meeting-handlers.ts';

const REFUSAL = 'Only forum coordinators and admins can make or change meetings.';
type SaveAction = Extract<CardAction, { verb: 'meeting.save' }>;

function form(heading: string, meeting: Meeting | undefined, timeZone: string, values?: Partial<MeetingFormCard['values']>, errors: string[] = []): Reply {
  const local = (iso: string | undefined, pattern: string) => (iso ? format(new TZDate(Date.parse(iso), timeZone), pattern) : '');
  const card: MeetingFormCard = {
    heading,
    meetingId: meeting?.id ?? '',
    version: meeting?.version ?? 0,
    values: {
      title: meeting?.title ?? 'Stronger Communities Forum',
      date: local(meeting?.startsAt, 'yyyy-MM-dd'),
      startTime: local(meeting?.startsAt, 'HH:mm') || '14:00',
      endTime: local(meeting?.endsAt, 'HH:mm') || '16:00',
      location: meeting?.location ?? '',
      onlineUrl: meeting?.onlineUrl ?? '',
      chair: meeting?.chair ?? '',
      agenda: meeting?.agenda.join('\n') ?? '',
      ...values,
    },
    errors,
  };
  return cardReply(renderCard('meeting-form', card), heading, 'interactor');
}

export function newMeetingForm(turn: Turn): Reply {
  if (!mayManageMeetings(turn)) return textReply(REFUSAL);
  const reply = form('New forum meeting', undefined, turn.deps.timeZone);
  return reply.kind === 'card' ? { kind: 'card', card: reply.card, summary: reply.summary } : reply;
}

export function editMeetingForm(turn: Turn, meetingId: string): Reply {
  if (!mayManageMeetings(turn)) return textReply(REFUSAL);
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting) return textReply('That meeting is no longer in the forum calendar.');
  return form(`Edit: ${meeting.title}`, meeting, turn.deps.timeZone);
}

function problemsOf(action: SaveAction, startsAt: string | undefined, endsAt: string | undefined, now: Date): string[] {
  const problems: string[] = [];
  if (!action.title?.trim()) problems.push('Enter a title.');
  if (!startsAt) problems.push('Enter the date and start time.');
  else if (startsAt <= now.toISOString()) problems.push('The meeting must be in the future.');
  if (action.endTime && !endsAt) problems.push('The end time is not a time like 16:00.');
  if (startsAt && endsAt && endsAt <= startsAt) problems.push('The end time must be after the start.');
  if (action.onlineUrl && !/^https:\/\/\S+$/.test(action.onlineUrl)) problems.push('The online link must start with https://');
  return problems;
}

export async function saveMeeting(turn: Turn, action: SaveAction): Promise<Reply> {
  const person = turn.person;
  if (!person || !mayManageMeetings(turn)) return textReply(REFUSAL);
  const { store, timeZone } = turn.deps;
  const existing = action.meetingId ? store.get('meetings', action.meetingId) : undefined;
  if (action.meetingId && !existing) return textReply('That meeting is no longer in the forum calendar.');
  const startsAt = occurredAt(action.date ?? '', action.startTime ?? '', timeZone);
  const endsAt = action.endTime ? occurredAt(action.date ?? '', action.endTime, timeZone) : undefined;
  const typed = { title: action.title ?? '', date: action.date ?? '', startTime: action.startTime ?? '', endTime: action.endTime ?? '', location: action.location ?? '', onlineUrl: action.onlineUrl ?? '', chair: action.chair ?? '', agenda: action.agenda ?? '' };
  const problems = problemsOf(action, startsAt, endsAt, turn.now);
  if (existing && existing.version !== action.version) problems.push(`Someone changed this meeting meanwhile (now version ${existing.version}): check it and save again.`);
  if (problems.length > 0 || !startsAt) return form(existing ? `Edit: ${existing.title}` : 'New forum meeting', existing, timeZone, typed, problems);
  const saved = await store.transact({ actor: { personId: person.id, name: person.displayName }, via: turn.channel.via }, (tx) => {
    const meeting: Meeting = {
      ...(existing ?? { id: newId(tx, 'meetings', 'MTG'), status: 'scheduled' as const, rsvps: [], version: 0 }),
      title: typed.title.trim(),
      startsAt,
      ...(endsAt ? { endsAt } : {}),
      agenda: typed.agenda.split('\n').map((line) => line.trim()).filter(Boolean).slice(0, 30),
      version: (existing?.version ?? 0) + 1,
    };
    for (const key of ['location', 'onlineUrl', 'chair'] as const) {
      if (typed[key].trim()) meeting[key] = typed[key].trim();
      else delete meeting[key];
    }
    if (!endsAt) delete meeting.endsAt;
    tx.put('meetings', meeting, { action: existing ? 'meeting.update' : 'meeting.add' });
    return meeting;
  });
  await turn.deps.reminders.replan();
  turn.deps.logger.info({ meeting: saved.id, moved: existing ? existing.startsAt !== saved.startsAt : false }, existing ? 'meeting changed' : 'meeting added');
  const list = showMeetings(turn, false);
  return list.kind === 'card' ? { ...list, replace: 'interactor' } : list;
}

export async function cancelMeeting(turn: Turn, meetingId: string): Promise<Reply> {
  const person = turn.person;
  if (!person || !mayManageMeetings(turn)) return textReply(REFUSAL);
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting || meeting.status !== 'scheduled') return textReply('That meeting is not scheduled, so there is nothing to cancel.');
  await turn.deps.store.transact({ actor: { personId: person.id, name: person.displayName }, via: turn.channel.via }, (tx) => {
    const current = tx.get('meetings', meetingId) ?? meeting;
    tx.put('meetings', { ...current, status: 'cancelled', version: current.version + 1 }, { action: 'meeting.cancel' });
  });
  await turn.deps.reminders.replan();
  const list = showMeetings(turn, false);
  return list.kind === 'card' ? { ...list, replace: 'interactor' } : list;
}

export function meetingCalendarFile(turn: Turn, meetingId: string): Reply {
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting) return textReply('That meeting is no longer in the forum calendar.');
  const link = turn.deps.downloads.create(async () => {
    const current = turn.deps.store.get('meetings', meetingId) ?? meeting;
    return { fileName: icsFileName(current), contentType: 'text/calendar', body: meetingToIcs(current, new Date()) };
  });
  return textReply(`[Add "${meeting.title}" to your calendar](${link}) (a calendar file; the link works once, for 10 minutes).`);
}
