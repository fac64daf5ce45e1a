// Coordinators make, change and cancel forum meetings with a card; anyone can take a meeting into
// their calendar (.ics, through a link that works until the meeting ends). Reminders are planned
// again after each change, so a moved meeting's reminders move and a cancelled one's are withdrawn.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { MeetingFormCard } from '../../cards/card-models.ts';
import { renderCard } from '../../cards/render-card.ts';
import { meetingEndsAt } from '../../links/link-files.ts';
import type { RecurrenceRule } from '../../domain/meetings/recurrence.ts';
import { describeRule, readSeriesChoice, REPEAT_CHOICES, seriesStarts, SERIES_LIMITS } from '../../domain/meetings/series-choice.ts';
import type { Meeting } from '../../domain/model.ts';
import type { CardAction } from '../card-actions.ts';
import { newId } from '../new-id.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { occurredAt } from '../views/intel-views.ts';
import { mayManageMeetings, showMeetings } from './meeting-handlers.ts';
import { inert } from '../inert-text.ts';

const REFUSAL = 'Only forum coordinators and admins can make or change meetings.';
type SaveAction = Extract<CardAction, { verb: 'meeting.save' }>;

const DEFAULT_SERIES_LENGTH = 6;

function form(heading: string, meeting: Meeting | undefined, timeZone: string, values?: Partial<MeetingFormCard['values']>, errors: string[] = [], repeatCount = DEFAULT_SERIES_LENGTH): Reply {
  const local = (iso: string | undefined, pattern: string) => (iso ? format(new TZDate(Date.parse(iso), timeZone), pattern) : '');
  const occurrence = meeting?.occurrence;
  const card: MeetingFormCard = {
    heading,
    meetingId: meeting?.id ?? '',
    version: meeting?.version ?? 0,
    canRepeat: !meeting,
    repeatChoices: REPEAT_CHOICES.map((c) => ({ title: c.title, value: c.value })),
    repeatCount,
    ...(occurrence ? { seriesText: `Meeting ${occurrence.number} of ${occurrence.of} in a series, ${describeRule(occurrence.rule)}. Changes here apply to this meeting only.` } : {}),
    values: {
      repeat: 'none',
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
  return form(`Edit: ${inert(meeting.title)}`, meeting, turn.deps.timeZone);
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
  const typed = { repeat: action.repeat ?? 'none', title: action.title ?? '', date: action.date ?? '', startTime: action.startTime ?? '', endTime: action.endTime ?? '', location: action.location ?? '', onlineUrl: action.onlineUrl ?? '', chair: action.chair ?? '', agenda: action.agenda ?? '' };
  const problems = problemsOf(action, startsAt, endsAt, turn.now);
  if (existing && existing.version !== action.version) problems.push(`Someone changed this meeting meanwhile (now version ${existing.version}): check it and save again.`);
  const series = existing ? undefined : readSeries(action);
  if (series && !series.ok) problems.push(series.problem);
  const repeatCount = series?.ok && series.rule ? series.count : DEFAULT_SERIES_LENGTH;
  if (problems.length > 0 || !startsAt) return form(existing ? `Edit: ${inert(existing.title)}` : 'New forum meeting', existing, timeZone, typed, problems, repeatCount);
  const starts = series?.ok && series.rule ? seriesStarts(series.rule, typed.date, typed.startTime, series.count, timeZone) : [new Date(startsAt)];
  const length = endsAt ? Date.parse(endsAt) - Date.parse(startsAt) : undefined;
  const saved = await store.transact({ actor: { personId: person.id, name: person.displayName }, via: turn.channel.via }, (tx) => {
    const seriesId = starts.length > 1 ? newId(tx, 'meetings', 'SER') : undefined;
    return starts.map((start, index) => {
      const meeting: Meeting = {
        ...(existing ?? { id: newId(tx, 'meetings', 'MTG'), status: 'scheduled' as const, rsvps: [], version: 0 }),
        title: typed.title.trim(),
        startsAt: start.toISOString(),
        ...(length ? { endsAt: new Date(start.getTime() + length).toISOString() } : {}),
        agenda: typed.agenda.split('\n').map((line) => line.trim()).filter(Boolean).slice(0, 30),
        ...(seriesId && series?.ok && series.rule ? { seriesId, occurrence: { number: index + 1, of: starts.length, rule: series.rule } } : {}),
        version: (existing?.version ?? 0) + 1,
      };
      for (const key of ['location', 'onlineUrl', 'chair'] as const) {
        if (typed[key].trim()) meeting[key] = typed[key].trim();
        else delete meeting[key];
      }
      if (!length) delete meeting.endsAt;
      tx.put('meetings', meeting, { action: existing ? 'meeting.update' : 'meeting.add' });
      return meeting;
    });
  });
  await turn.deps.reminders.replan();
  const first = saved[0];
  turn.deps.logger.info({ meeting: first?.id, series: first?.seriesId, meetings: saved.length, moved: existing ? existing.startsAt !== first?.startsAt : false }, existing ? 'meeting changed' : 'meeting added');
  const rule = first?.occurrence?.rule;
  const last = saved.at(-1);
  const notice = rule && last ? { text: `Saved a series of ${saved.length} meetings, ${describeRule(rule)}, the last on ${format(new TZDate(Date.parse(last.startsAt), timeZone), 'EEE d MMM yyyy')}.`, colour: 'Good' as const } : undefined;
  const list = showMeetings(turn, false, notice);
  return list.kind === 'card' ? { ...list, replace: 'interactor' } : list;
}

/** The form's "Repeats" and "Meetings in the series", read against the chosen date. */
function readSeries(action: SaveAction): { ok: true; rule: RecurrenceRule | undefined; count: number } | { ok: false; problem: string } {
  const choice = readSeriesChoice(action.repeat, action.date ?? '');
  if (!choice.ok) return choice;
  if (!choice.rule) return { ok: true, rule: undefined, count: 1 };
  const typedCount = typeof action.repeatCount === 'number' ? action.repeatCount : Number((action.repeatCount ?? '').trim() || DEFAULT_SERIES_LENGTH);
  if (!Number.isInteger(typedCount) || typedCount < SERIES_LIMITS.min || typedCount > SERIES_LIMITS.max) {
    return { ok: false, problem: `A series has ${SERIES_LIMITS.min} to ${SERIES_LIMITS.max} meetings: enter a whole number in that range.` };
  }
  return { ok: true, rule: choice.rule, count: typedCount };
}

/** "Cancel the rest of the series": this meeting and the later ones of its series, not the earlier. */
export async function cancelSeries(turn: Turn, meetingId: string): Promise<Reply> {
  const person = turn.person;
  if (!person || !mayManageMeetings(turn)) return textReply(REFUSAL);
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting?.seriesId || meeting.status !== 'scheduled') return textReply('That meeting is not a scheduled part of a series, so there is nothing to cancel.');
  const seriesId = meeting.seriesId;
  const cancelled = await turn.deps.store.transact({ actor: { personId: person.id, name: person.displayName }, via: turn.channel.via }, (tx) => {
    const rest = tx.all('meetings').filter((m) => m.seriesId === seriesId && m.status === 'scheduled' && m.startsAt >= meeting.startsAt);
    for (const m of rest) tx.put('meetings', { ...m, status: 'cancelled', version: m.version + 1 }, { action: 'meeting.cancel', detail: { series: seriesId } });
    return rest.length;
  });
  await turn.deps.reminders.replan();
  const list = showMeetings(turn, false, { text: `Cancelled ${cancelled} meeting${cancelled === 1 ? '' : 's'} of the series, from ${format(new TZDate(Date.parse(meeting.startsAt), turn.deps.timeZone), 'EEE d MMM yyyy')}. Their reminders are withdrawn.`, colour: 'Warning' });
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

/** A link to the meeting as a calendar file: the same link each time the person asks, working until the meeting ends. */
export async function meetingCalendarFile(turn: Turn, meetingId: string): Promise<Reply> {
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting) return textReply('That meeting is no longer in the forum calendar.');
  const ends = meetingEndsAt(meeting);
  if (meeting.status === 'cancelled') return textReply('That meeting was cancelled, so there is nothing to add to your calendar.');
  if (meeting.status !== 'scheduled' || ends.getTime() <= turn.now.getTime()) return textReply('That meeting has ended, so there is nothing to add to your calendar.');
  const holder = turn.person?.id ?? turn.channel.account;
  if (!holder) return textReply('I cannot tell which account you are using, so I cannot make you a calendar link.');
  const ctx = { actor: { ...(turn.person ? { personId: turn.person.id } : {}), name: turn.displayName, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via };
  const link = await turn.deps.links.issue(ctx, { purpose: 'meeting-ics', holder, subject: meeting.id, until: ends });
  return textReply(`[Add "${inert(meeting.title).replace(/[[\]]/g, '')}" to your calendar](${link.url}) (a calendar file; the link works until the meeting ends).`);
}
