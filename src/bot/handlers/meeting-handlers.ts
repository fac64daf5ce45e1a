// `meetings` and `next meeting`: the forum's coming meetings, in Europe/London time, with place,
// chair and agenda.
import { TZDate } from '@date-fns/tz';
import { differenceInCalendarDays, format } from 'date-fns';
import type { MeetingsCard, Notice } from '../../cards/card-models.ts';
import { describeRule } from '../../domain/meetings/series-choice.ts';
import { renderCard } from '../../cards/render-card.ts';
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

function meetingView(meeting: Meeting, now: Date, timeZone: string, canManage: boolean): MeetingsCard['meetings'][number] {
  const status = meeting.status === 'cancelled' ? 'Cancelled' : meeting.status === 'held' ? 'Held' : 'Scheduled';
  const occurrence = meeting.occurrence;
  return {
    id: meeting.id,
    canManage: canManage && meeting.status === 'scheduled',
    canCancelSeries: canManage && meeting.status === 'scheduled' && Boolean(meeting.seriesId),
    title: meeting.title,
    whenText: whenText(meeting, now, timeZone),
    statusText: occurrence ? `${status} · meeting ${occurrence.number} of ${occurrence.of}, ${describeRule(occurrence.rule)}` : status,
    statusColour: meeting.status === 'cancelled' ? 'Attention' : meeting.status === 'scheduled' ? 'Good' : 'Default',
    ...(meeting.location ? { place: meeting.location } : {}),
    ...(meeting.onlineUrl ? { onlineUrl: meeting.onlineUrl } : {}),
    ...(meeting.chair ? { chair: meeting.chair } : {}),
    agenda: meeting.agenda,
  };
}

/** Scheduled (and cancelled, so people see it is off) meetings from now on, soonest first. */
export function upcomingMeetings(turn: Turn): Meeting[] {
  const now = turn.now.toISOString();
  return [...turn.deps.store.all('meetings')].filter((m) => m.startsAt >= now && m.status !== 'held').sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

export function showMeetings(turn: Turn, nextOnly: boolean, notice?: Notice): Reply {
  const upcoming = upcomingMeetings(turn);
  const shown = nextOnly ? upcoming.filter((m) => m.status === 'scheduled').slice(0, 1) : upcoming.slice(0, SHOWN);
  const card: MeetingsCard = {
    title: nextOnly ? 'Next forum meeting' : `Forum meetings${upcoming.length > SHOWN ? ` (the next ${SHOWN} of ${upcoming.length})` : ''}`,
    meetings: shown.map((m) => meetingView(m, turn.now, turn.deps.timeZone, mayManageMeetings(turn))),
    ...(notice ? { notice } : {}),
  };
  return cardReply(renderCard('meetings', card), card.title);
}

/** `meeting pack`: the pack of the next scheduled meeting, as the reminders will post it. */
export function showMeetingPack(turn: Turn): Reply {
  const next = upcomingMeetings(turn).find((m) => m.status === 'scheduled');
  if (!next) return textReply('No forum meeting is scheduled, so there is no meeting pack yet.');
  return cardReply(renderCard('meeting-pack', meetingPackCard(turn.deps.store, next, turn.now, turn.deps.timeZone, { intelSummary: intelSummaryHere(turn) })), `Meeting pack: ${next.title}`);
}
