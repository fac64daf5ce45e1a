// `meetings` and `next meeting`: the forum's coming meetings, in Europe/London time, with place,
// chair and agenda.
import { TZDate } from '@date-fns/tz';
import { differenceInCalendarDays, format } from 'date-fns';
import type { MeetingsCard } from '../../cards/card-models.ts';
import { renderCard } from '../../cards/render-card.ts';
import type { Meeting } from '../../domain/model.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { meetingPackCard } from '../views/meeting-pack-view.ts';

const SHOWN = 5;

function whenText(meeting: Meeting, now: Date, timeZone: string): string {
  const start = new TZDate(Date.parse(meeting.startsAt), timeZone);
  const end = meeting.endsAt ? new TZDate(Date.parse(meeting.endsAt), timeZone) : undefined;
  const days = differenceInCalendarDays(start, new TZDate(now.getTime(), timeZone));
  const relative = days === 0 ? 'today' : days === 1 ? 'tomorrow' : days > 1 ? `in ${days} days` : `${-days} days ago`;
  return `${format(start, 'EEE d MMM yyyy, HH:mm')}${end ? ` to ${format(end, 'HH:mm')}` : ''} (${relative})`;
}

export const mayManageMeetings = (turn: Turn): boolean => Boolean(turn.person?.roles.some((r) => r === 'admin' || r === 'coordinator'));

function meetingView(meeting: Meeting, now: Date, timeZone: string, canManage: boolean): MeetingsCard['meetings'][number] {
  return {
    id: meeting.id,
    canManage: canManage && meeting.status === 'scheduled',
    title: meeting.title,
    whenText: whenText(meeting, now, timeZone),
    statusText: meeting.status === 'cancelled' ? 'Cancelled' : meeting.status === 'held' ? 'Held' : 'Scheduled',
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

export function showMeetings(turn: Turn, nextOnly: boolean): Reply {
  const upcoming = upcomingMeetings(turn);
  const shown = nextOnly ? upcoming.filter((m) => m.status === 'scheduled').slice(0, 1) : upcoming.slice(0, SHOWN);
  const card: MeetingsCard = {
    title: nextOnly ? 'Next forum meeting' : `Forum meetings${upcoming.length > SHOWN ? ` (the next ${SHOWN} of ${upcoming.length})` : ''}`,
    meetings: shown.map((m) => meetingView(m, turn.now, turn.deps.timeZone, mayManageMeetings(turn))),
  };
  return cardReply(renderCard('meetings', card), card.title);
}

/** `meeting pack`: the pack of the next scheduled meeting, as the reminders will post it. */
export function showMeetingPack(turn: Turn): Reply {
  const next = upcomingMeetings(turn).find((m) => m.status === 'scheduled');
  if (!next) return textReply('No forum meeting is scheduled, so there is no meeting pack yet.');
  return cardReply(renderCard('meeting-pack', meetingPackCard(turn.deps.store, next, turn.now, turn.deps.timeZone)), `Meeting pack: ${next.title}`);
}

/** Attending / Apologies on a meeting pack: one reply per person (a new one replaces theirs); the count updates for everyone. */
export async function saveRsvp(turn: Turn, action: Extract<CardAction, { verb: 'meeting.rsvp' }>): Promise<Reply> {
  const meeting = turn.deps.store.get('meetings', action.meetingId);
  if (!meeting) return textReply('That meeting is no longer in the forum calendar.');
  if (meeting.status !== 'scheduled') return textReply(`That meeting is ${meeting.status}: replies are closed.`);
  const who = turn.person;
  const name = who?.displayName ?? turn.displayName;
  const mine = (r: Meeting['rsvps'][number]) => (who ? r.personId === who.id : !r.personId && r.name === name);
  const saved = await turn.deps.store.transact({ actor: { ...(who ? { personId: who.id } : {}), name, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via }, (tx) => {
    const current = tx.get('meetings', meeting.id) ?? meeting;
    const note = action.note?.trim();
    const rsvp = { ...(who ? { personId: who.id } : {}), name, response: action.response, ...(note ? { note } : {}), at: tx.now };
    const next: Meeting = { ...current, rsvps: [...current.rsvps.filter((r) => !mine(r)), rsvp], version: current.version + 1 };
    tx.put('meetings', next, { action: 'meeting.rsvp', detail: { response: action.response } });
    return next;
  });
  return cardReply(renderCard('meeting-pack', meetingPackCard(turn.deps.store, saved, turn.now, turn.deps.timeZone)), `${name}: ${action.response}`, 'all');
}

/** For the chair: who replied, with notes. */
export function listRsvps(turn: Turn): Reply {
  const next = upcomingMeetings(turn).find((m) => m.status === 'scheduled');
  if (!next) return textReply('No forum meeting is scheduled.');
  const person = turn.person;
  const mayList = Boolean(person && (person.roles.some((r) => r === 'admin' || r === 'coordinator') || next.chairPersonId === person.id));
  if (!mayList) return textReply('The list of replies is for the chair and the forum coordinators.');
  if (next.rsvps.length === 0) return textReply('Nobody has replied yet.');
  const lines = (response: 'attending' | 'apologies') =>
    next.rsvps.filter((r) => r.response === response).map((r) => `- ${r.name}${r.note ? ` (${r.note})` : ''}`);
  const attending = lines('attending');
  const apologies = lines('apologies');
  return textReply(`Replies for ${next.title}:\n\n**Attending (${attending.length})**\n${attending.join('\n') || '- none'}\n\n**Apologies (${apologies.length})**\n${apologies.join('\n') || '- none'}`);
}
