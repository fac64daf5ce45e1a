// Coordinators make, change and cancel forum meetings with a card; anyone can take a meeting into
// their calendar (.ics, through a link that works until the meeting ends). Reminders are planned
// again after each change, so a moved meeting's reminders move and a cancelled one's are withdrawn.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { MeetingFormCard } from '../../cards/card-models.ts';
import type { MeetingCalendarCard, MeetingCancelConfirmCard } from '../../cards/card-models-meetings.ts';
import { renderCard } from '../../cards/render-card.ts';
import { counted } from '../../cards/wording.ts';
import { ForbiddenError, may, refusalFor } from '../../domain/access/permissions.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { cancelMeeting as cancelMeetingRecord, cancelRestOfSeries, createMeetings, editMeeting, MeetingClosedError, StaleMeetingError } from '../../domain/meetings/meeting-changes.ts';
import { MEETING_FIELDS, parseMeetingForm } from '../../domain/meetings/meeting-form.ts';
import { describeRule, REPEAT_CHOICES } from '../../domain/meetings/series-choice.ts';
import type { Meeting, Person } from '../../domain/model.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { calendarLinkFor, isOn, showMeetings, whenText } from './meeting-handlers.ts';
import { inert } from '../inert-text.ts';

type SaveAction = Extract<CardAction, { verb: 'meeting.save' }>;

const DEFAULT_SERIES_LENGTH: number = MEETING_FIELDS.repeatCount.default;

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
  if (!may(turn.person, 'meetings.manage')) return textReply(refusalFor('meetings.manage'));
  const reply = form('New forum meeting', undefined, turn.deps.timeZone);
  return reply.kind === 'card' ? { kind: 'card', card: reply.card, summary: reply.summary } : reply;
}

export function editMeetingForm(turn: Turn, meetingId: string): Reply {
  if (!may(turn.person, 'meetings.manage')) return textReply(refusalFor('meetings.manage'));
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting) return textReply('That meeting is no longer in the forum calendar.');
  return form(`Edit: ${inert(meeting.title)}`, meeting, turn.deps.timeZone);
}

/** What the person typed, to show again on a form that comes back with problems. */
function typedValues(action: SaveAction): MeetingFormCard['values'] {
  return { repeat: action.repeat ?? 'none', title: action.title ?? '', date: action.date ?? '', startTime: action.startTime ?? '', endTime: action.endTime ?? '', location: action.location ?? '', onlineUrl: action.onlineUrl ?? '', chair: action.chair ?? '', agenda: action.agenda ?? '' };
}

const actorOf = (turn: Turn, person: Person) => ({ actor: { personId: person.id, name: person.displayName, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via });

const typedCount = (action: SaveAction) => {
  const count = Number(String(action.repeatCount ?? '').trim() || DEFAULT_SERIES_LENGTH);
  return Number.isInteger(count) ? count : DEFAULT_SERIES_LENGTH;
};

export async function saveMeeting(turn: Turn, action: SaveAction): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'meetings.manage')) return textReply(refusalFor('meetings.manage'));
  const { store, timeZone } = turn.deps;
  const editing = action.meetingId ? store.get('meetings', action.meetingId) : undefined;
  if (action.meetingId && !editing) return textReply('That meeting is no longer in the forum calendar.');
  const heading = editing ? `Edit: ${inert(editing.title)}` : 'New forum meeting';
  const parsed = parseMeetingForm(action, { now: turn.now, timeZone, series: !editing });
  if (!parsed.ok) return form(heading, editing, timeZone, typedValues(action), parsed.problems.map((p) => p.message), typedCount(action));
  try {
    if (editing) {
      const { meeting, moved } = await editMeeting(store, actorOf(turn, person), person.id, { meetingId: editing.id, expectedVersion: action.version, draft: parsed.draft });
      const planned = await turn.deps.reminders.replan();
      turn.deps.logger.info({ meeting: meeting.id, moved }, 'meeting changed');
      return meetingsAfter(turn, { text: `Saved the changes to "${inert(meeting.title)}" (${whenText(meeting, turn.now, timeZone)}).${moved ? ` ${reminderNote(planned, 'Its reminders move with it.')}` : ''}`, colour: 'Good' });
    }
    const saved = await createMeetings(store, actorOf(turn, person), person.id, parsed.draft);
    const planned = await turn.deps.reminders.replan();
    const first = saved[0];
    const last = saved.at(-1);
    turn.deps.logger.info({ meeting: first?.id, series: first?.seriesId, meetings: saved.length }, 'meeting added');
    const rule = first?.occurrence?.rule;
    const notice = rule && last
      ? { text: `Saved a series of ${saved.length} meetings, ${describeRule(rule)}, the last on ${format(new TZDate(Date.parse(last.startsAt), timeZone), 'EEE d MMM yyyy')}.`, colour: 'Good' as const }
      : first ? { text: `Saved "${inert(first.title)}" (${whenText(first, turn.now, timeZone)}).`, colour: 'Good' as const } : undefined;
    return meetingsAfter(turn, notice && !planned ? { ...notice, text: `${notice.text} ${reminderNote(false, '')}` } : notice);
  } catch (error) {
    if (error instanceof StaleMeetingError) {
      return form(heading, error.current, timeZone, typedValues(action), [`Someone changed this meeting meanwhile (now version ${error.current.version}): your edit was not applied. Your entries are kept below: check them against the meeting and save again.`]);
    }
    if (error instanceof MeetingClosedError) return textReply(`That meeting is ${error.current.status}, so it cannot be changed.`);
    if (error instanceof ForbiddenError) return textReply(error.message);
    throw error;
  }
}

/** What happened to the reminders: `done` when they were planned again, the truth when planning failed. */
function reminderNote(planned: boolean, done: string): string {
  return planned ? done : 'Its reminders could not be updated just now; I will try again within the hour.';
}

/** The meetings list, replacing the card that was clicked, with a note of what was done. */
function meetingsAfter(turn: Turn, notice?: Parameters<typeof showMeetings>[2]): Promise<Reply> {
  return showMeetings(turn, false, notice, 'interactor');
}

/**
 * "Cancel meeting" and "Cancel the rest of the series" ask first: one tap on a crowded card must
 * not call off a forum meeting. The answer says what cancelling does; nothing changes until the
 * coordinator confirms (and the confirmation is checked again as if it were the first tap).
 */
export function confirmCancel(turn: Turn, meetingId: string, what: 'one' | 'series'): Reply {
  if (!may(turn.person, 'meetings.manage')) return textReply(refusalFor('meetings.manage'));
  const { store, timeZone } = turn.deps;
  const meeting = store.get('meetings', meetingId);
  if (!meeting || meeting.status !== 'scheduled') return textReply('That meeting is not scheduled, so there is nothing to cancel.');
  const later = what === 'series' && meeting.seriesId ? store.all('meetings').filter((m) => m.seriesId === meeting.seriesId && m.status === 'scheduled' && m.startsAt >= meeting.startsAt) : [meeting];
  const replies = later.reduce((n, m) => n + m.rsvps.length, 0);
  const consequences = [
    what === 'series' ? `${counted(later.length, 'meeting')} of the series will be cancelled, this one and every later one.` : 'The meeting will show as cancelled, with no link to join it or add it to a calendar.',
    'Reminders not yet sent to the forum channels are withdrawn.',
    ...(replies > 0 ? [`${counted(replies, 'reply', 'replies')} already received will be closed.`] : []),
  ];
  const card: MeetingCancelConfirmCard = {
    heading: what === 'series' ? 'Cancel the rest of the series?' : 'Cancel this meeting?',
    meetingId: meeting.id,
    title: meeting.title,
    whenText: whenText(meeting, turn.now, timeZone),
    consequences,
    confirmTitle: what === 'series' ? `Yes, cancel ${counted(later.length, 'meeting')}` : 'Yes, cancel the meeting',
    confirmVerb: what === 'series' ? 'meeting.cancel-series-confirmed' : 'meeting.cancel-confirmed',
  };
  return cardReply(renderCard('meeting-cancel-confirm', card), card.heading, 'interactor');
}

/** "Cancel the rest of the series": this meeting and the later ones of its series, not the earlier. */
export async function cancelSeries(turn: Turn, meetingId: string): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'meetings.manage')) return textReply(refusalFor('meetings.manage'));
  try {
    const { from, cancelled } = await cancelRestOfSeries(turn.deps.store, actorOf(turn, person), person.id, meetingId);
    const planned = await turn.deps.reminders.replan();
    return meetingsAfter(turn, { text: `Cancelled ${counted(cancelled, 'meeting')} of the series, from ${format(new TZDate(Date.parse(from.startsAt), turn.deps.timeZone), 'EEE d MMM yyyy')}. ${reminderNote(planned, 'Their reminders are withdrawn.')}`, colour: 'Warning' });
  } catch (error) {
    if (error instanceof MeetingClosedError || error instanceof NotFoundError) return textReply('That meeting is not a scheduled part of a series, so there is nothing to cancel.');
    if (error instanceof ForbiddenError) return textReply(error.message);
    throw error;
  }
}

export async function cancelMeeting(turn: Turn, meetingId: string): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'meetings.manage')) return textReply(refusalFor('meetings.manage'));
  try {
    const meeting = await cancelMeetingRecord(turn.deps.store, actorOf(turn, person), person.id, meetingId);
    const planned = await turn.deps.reminders.replan();
    return meetingsAfter(turn, { text: `Cancelled "${inert(meeting.title)}" (${format(new TZDate(Date.parse(meeting.startsAt), turn.deps.timeZone), 'EEE d MMM yyyy, HH:mm')}). ${reminderNote(planned, 'Its reminders are withdrawn.')}`, colour: 'Warning' });
  } catch (error) {
    if (error instanceof MeetingClosedError || error instanceof NotFoundError) return textReply('That meeting is not scheduled, so there is nothing to cancel.');
    if (error instanceof ForbiddenError) return textReply(error.message);
    throw error;
  }
}

/**
 * "Add to calendar" on a card made before the button became a link: the same link, on a card
 * with a button that opens it, working until the meeting ends.
 */
export async function meetingCalendarFile(turn: Turn, meetingId: string): Promise<Reply> {
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting) return textReply('That meeting is no longer in the forum calendar.');
  if (meeting.status === 'cancelled') return textReply('That meeting was cancelled, so there is nothing to add to your calendar.');
  if (!isOn(meeting, turn.now)) return textReply('That meeting has ended, so there is nothing to add to your calendar.');
  const calendarUrl = await calendarLinkFor(turn, meeting);
  if (!calendarUrl) return textReply('I cannot tell which account you are using, so I cannot make you a calendar link.');
  const card: MeetingCalendarCard = {
    title: meeting.title,
    whenText: whenText(meeting, turn.now, turn.deps.timeZone),
    calendarUrl,
    linkText: 'A calendar file (.ics) for Outlook or any calendar. The link is yours, and works until the meeting ends.',
  };
  return cardReply(renderCard('meeting-calendar', card), `Add ${meeting.title} to your calendar`, 'interactor');
}
