// Replies to a forum meeting from its pack: Attending / Apologies in one tap, or with a note for
// the chair through a small form. One reply per person (a new one replaces theirs); the pack's
// count updates for everyone, and only the chair and coordinators see names and notes.
import { renderCard } from '../../cards/render-card.ts';
import { formatInstant } from '../../cards/format.ts';
import type { Meeting } from '../../domain/model.ts';
import { may, refusalFor } from '../../domain/access/permissions.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { MeetingClosedError, replyOf, replyToMeeting, type Replier } from '../../domain/meetings/meeting-changes.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { meetingPackCard } from '../views/meeting-pack-view.ts';
import { intelSummaryHere } from '../summary-here.ts';
import { rsvpList } from '../views/list-views.ts';
import { inert } from '../inert-text.ts';
import { upcomingMeetings, whenText } from './meeting-handlers.ts';

/** Whose reply is whose: a known person by id, someone not known yet by the name their chat gives. */
function replierOf(turn: Turn): Replier {
  const who = turn.person;
  return who ? { personId: who.id, name: who.displayName } : { name: turn.displayName };
}

function openMeeting(turn: Turn, meetingId: string): Meeting | string {
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting) return 'That meeting is no longer in the forum calendar.';
  if (meeting.status !== 'scheduled') return `That meeting is ${meeting.status}: replies are closed.`;
  return meeting;
}

export async function saveRsvp(turn: Turn, action: Extract<CardAction, { verb: 'meeting.rsvp' }>): Promise<Reply> {
  const who = replierOf(turn);
  try {
    const { meeting } = await replyToMeeting(
      turn.deps.store,
      { actor: { ...('personId' in who ? { personId: who.personId } : {}), name: who.name, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via },
      who,
      { meetingId: action.meetingId, response: action.response, ...(action.note ? { note: action.note } : {}) },
    );
    const reply = cardReply(renderCard('meeting-pack', meetingPackCard(turn.deps.store, meeting, turn.now, turn.deps.timeZone, { intelSummary: intelSummaryHere(turn) })), `${who.name}: ${action.response}`, 'all');
    const what = action.response === 'attending' ? 'Attending' : 'Apologies';
    const toClicker = `Thank you, ${inert(who.name)}: your reply to ${inert(meeting.title)} (${whenText(meeting, turn.now, turn.deps.timeZone)}) is ${what}${action.note ? ', with your note for the chair' : ''}. To change it, press Attending or Apologies on the pack.`;
    return reply.kind === 'card' ? { ...reply, toClicker } : reply;
  } catch (error) {
    if (error instanceof NotFoundError) return textReply('That meeting is no longer in the forum calendar.');
    if (error instanceof MeetingClosedError) return textReply(`That meeting is ${error.current.status}: replies are closed, and yours was not saved.`);
    throw error;
  }
}

/** "Reply with a note": the form, with the person's earlier reply filled in. */
export function rsvpForm(turn: Turn, meetingId: string): Reply {
  const meeting = openMeeting(turn, meetingId);
  if (typeof meeting === 'string') return textReply(meeting);
  const earlier = replyOf(meeting, replierOf(turn));
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
  return cardReply(renderCard('meeting-pack', meetingPackCard(turn.deps.store, meeting, turn.now, turn.deps.timeZone, { intelSummary: intelSummaryHere(turn) })), `Meeting pack: ${meeting.title}`, 'interactor');
}

/** For the chair: who replied, with notes. */
export function listRsvps(turn: Turn): Reply {
  const next = upcomingMeetings(turn).find((m) => m.status === 'scheduled');
  if (!next) return textReply('No forum meeting is scheduled.');
  const person = turn.person;
  const mayList = Boolean(person && (may(person, 'rsvps.list') || next.chairPersonId === person.id));
  if (!mayList) return textReply(refusalFor('rsvps.list'));
  return cardReply(renderCard('item-list', rsvpList(next, whenText(next, turn.now, turn.deps.timeZone))), `Replies: ${next.title}`);
}
