// `meetings` and `next meeting`: the forum's coming meetings, in Europe/London time, with place,
// chair and agenda.
import { TZDate } from '@date-fns/tz';
import { differenceInCalendarDays, format } from 'date-fns';
import type { MeetingsCard, Notice } from '../../cards/card-models.ts';
import { describeRule } from '../../domain/meetings/series-choice.ts';
import { renderCard } from '../../cards/render-card.ts';
import { meetingEndsAt } from '../../links/link-files.ts';
import type { Meeting } from '../../domain/model.ts';
import { may } from '../../domain/access/permissions.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { meetingPackCard } from '../views/meeting-pack-view.ts';
import { intelSummaryHere } from '../summary-here.ts';

const SHOWN = 5;

export function whenText(meeting: Meeting, now: Date, timeZone: string): string {
  const start = new TZDate(Date.parse(meeting.startsAt), timeZone);
  const end = meeting.endsAt ? new TZDate(Date.parse(meeting.endsAt), timeZone) : undefined;
  const days = differenceInCalendarDays(start, new TZDate(now.getTime(), timeZone));
  const relative = days === 0 ? 'today' : days === 1 ? 'tomorrow' : days > 1 ? `in ${days} days` : `${-days} days ago`;
  return `${format(start, 'EEE d MMM yyyy, HH:mm')}${end ? ` to ${format(end, 'HH:mm')}` : ''} (${relative})`;
}

export const mayManageMeetings = (turn: Turn): boolean => may(turn.person, 'meetings.manage');

/** Still to happen (or under way): a meeting people can join or put in their calendar. */
export function isOn(meeting: Meeting, now: Date): boolean {
  return meeting.status === 'scheduled' && meetingEndsAt(meeting).getTime() > now.getTime();
}

/**
 * The viewer's calendar-file link for a meeting that is on, as a button that opens it (a link in
 * a message's text is not clickable everywhere in Teams). The links module gives the same link
 * each time, working until the meeting ends. Undefined when the viewer has no account to hold it.
 */
export async function calendarLinkFor(turn: Turn, meeting: Meeting): Promise<string | undefined> {
  const holder = turn.person?.id ?? turn.channel.account;
  if (!holder || !isOn(meeting, turn.now)) return undefined;
  const ctx = { actor: { ...(turn.person ? { personId: turn.person.id } : {}), name: turn.displayName, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via };
  const link = await turn.deps.links.issue(ctx, { purpose: 'meeting-ics', holder, subject: meeting.id, until: meetingEndsAt(meeting) });
  return link.url;
}

function meetingView(meeting: Meeting, now: Date, timeZone: string, canManage: boolean, calendarUrl: string | undefined): MeetingsCard['meetings'][number] {
  const status = meeting.status === 'cancelled' ? 'Cancelled' : meeting.status === 'held' ? 'Held' : 'Scheduled';
  const occurrence = meeting.occurrence;
  const on = isOn(meeting, now);
  return {
    id: meeting.id,
    canManage: canManage && meeting.status === 'scheduled',
    canCancelSeries: canManage && meeting.status === 'scheduled' && Boolean(meeting.seriesId),
    title: meeting.title,
    whenText: whenText(meeting, now, timeZone),
    statusText: occurrence ? `${status} · meeting ${occurrence.number} of ${occurrence.of}, ${describeRule(occurrence.rule)}` : status,
    statusColour: meeting.status === 'cancelled' ? 'Attention' : meeting.status === 'scheduled' ? 'Good' : 'Default',
    ...(meeting.location ? { place: meeting.location } : {}),
    ...(meeting.onlineUrl && on ? { onlineUrl: meeting.onlineUrl } : {}),
    ...(calendarUrl && on ? { calendarUrl } : {}),
    ...(meeting.chair ? { chair: meeting.chair } : {}),
    agenda: meeting.agenda,
  };
}

/** Scheduled (and cancelled, so people see it is off) meetings from now on, soonest first. */
export function upcomingMeetings(turn: Turn): Meeting[] {
  const now = turn.now.toISOString();
  return [...turn.deps.store.all('meetings')].filter((m) => m.startsAt >= now && m.status !== 'held').sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

export async function showMeetings(turn: Turn, nextOnly: boolean, notice?: Notice, replace?: 'interactor'): Promise<Reply> {
  const upcoming = upcomingMeetings(turn);
  const shown = nextOnly ? upcoming.filter((m) => m.status === 'scheduled').slice(0, 1) : upcoming.slice(0, SHOWN);
  const views: MeetingsCard['meetings'] = [];
  for (const m of shown) views.push(meetingView(m, turn.now, turn.deps.timeZone, mayManageMeetings(turn), await calendarLinkFor(turn, m)));
  const card: MeetingsCard = {
    title: nextOnly ? 'Next forum meeting' : `Forum meetings${upcoming.length > SHOWN ? ` (the next ${SHOWN} of ${upcoming.length})` : ''}`,
    meetings: views,
    ...(notice ? { notice } : {}),
  };
  return cardReply(renderCard('meetings', card), card.title, replace);
}

/** `meeting pack`: the pack of the next scheduled meeting, as the reminders will post it. */
export function showMeetingPack(turn: Turn): Reply {
  const next = upcomingMeetings(turn).find((m) => m.status === 'scheduled');
  if (!next) return textReply('No forum meeting is scheduled, so there is no meeting pack yet.');
  return cardReply(renderCard('meeting-pack', meetingPackCard(turn.deps.store, next, turn.now, turn.deps.timeZone, { intelSummary: intelSummaryHere(turn) })), `Meeting pack: ${next.title}`);
}
