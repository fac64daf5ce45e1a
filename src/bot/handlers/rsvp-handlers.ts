// Replies to a forum meeting from its pack: Attending / Apologies in one tap, or with a note for
// the chair through a small form. One reply per person (a new one replaces theirs); the pack's
// count updates for everyone, and only the chair and coordinators see names and notes.
import { renderCard } from '../../cards/render-card.ts';
import { formatInstant } from '../../cards/format.ts';
import type { Meeting } from '../../domain/model.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { meetingPackCard } from '../views/meeting-pack-view.ts';
import { upcomingMeetings, whenText } from './meeting-handlers.ts';
import { inert } from '../inert-text.ts';

type Rsvp = Meeting['rsvps'][number];

/** Whose reply is whose: a known person by id, someone not known yet by the name their chat gives. */
function isMine(turn: Turn): (r: Rsvp) => boolean {
  const who = turn.person;
  const name = who?.displayName ?? turn.displayName;
  return (r) => (who ? r.personId === who.id : !r.personId && r.name === name);
}

function openMeeting(turn: Turn, meetingId: string): Meeting | string {
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting) return 'That meeting is no longer in the forum calendar.';
  if (meeting.status !== 'scheduled') return `That meeting is ${meeting.status}: replies are closed.`;
  return meeting;
}

export async function saveRsvp(turn: Turn, action: Extract<CardAction, { verb: 'meeting.rsvp' }>): Promise<Reply> {
  const meeting = openMeeting(turn, action.meetingId);
  if (typeof meeting === 'string') return textReply(meeting);
  const who = turn.person;
  const name = who?.displayName ?? turn.displayName;
  const mine = isMine(turn);
  const saved = await turn.deps.store.transact({ actor: { ...(who ? { personId: who.id } : {}), name, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via }, (tx) => {
    const current = tx.get('meetings', meeting.id) ?? meeting;
    const note = action.note?.trim();
    const rsvp: Rsvp = { ...(who ? { personId: who.id } : {}), name, response: action.response, ...(note ? { note } : {}), at: tx.now };
    const next: Meeting = { ...current, rsvps: [...current.rsvps.filter((r) => !mine(r)), rsvp], version: current.version + 1 };
    tx.put('meetings', next, { action: 'meeting.rsvp', detail: { response: action.response } });
    return next;
  });
  return cardReply(renderCard('meeting-pack', meetingPackCard(turn.deps.store, saved, turn.now, turn.deps.timeZone)), `${name}: ${action.response}`, 'all');
}

/** "Reply with a note": the form, with the person's earlier reply filled in. */
export function rsvpForm(turn: Turn, meetingId: string): Reply {
  const meeting = openMeeting(turn, meetingId);
  if (typeof meeting === 'string') return textReply(meeting);
  const earlier = meeting.rsvps.find(isMine(turn));
  const card = renderCard('meeting-rsvp-form', {
    meetingId: meeting.id,
    title: meeting.title,
    whenText: whenText(meeting, turn.now, turn.deps.timeZone),
    ...(earlier ? { currentText: `You replied ${earlier.response === 'attending' ? 'Attending' : 'Apologies'} on ${formatInstant(earlier.at, turn.deps.timeZone)}.` } : {}),
    response: earlier?.response ?? '',
    note: earlier?.note ?? '',
  });
  return cardReply(card, `Reply to ${meeting.title}`, 'interactor');
}

/** The form's Back: the pack as it stands now, for the person who opened the form. */
export function showPackOf(turn: Turn, meetingId: string): Reply {
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting) return textReply('That meeting is no longer in the forum calendar.');
  return cardReply(renderCard('meeting-pack', meetingPackCard(turn.deps.store, meeting, turn.now, turn.deps.timeZone)), `Meeting pack: ${meeting.title}`, 'interactor');
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
    next.rsvps.filter((r) => r.response === response).map((r) => `- ${inert(r.name)}${r.note ? ` (${inert(r.note)})` : ''}`);
  const attending = lines('attending');
  const apologies = lines('apologies');
  return textReply(`Replies for ${inert(next.title)}:\n\n**Attending (${attending.length})**\n${attending.join('\n') || '- none'}\n\n**Apologies (${apologies.length})**\n${apologies.join('\n') || '- none'}`);
}
