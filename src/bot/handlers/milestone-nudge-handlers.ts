// The buttons on a meeting nudge. On track saves at once; Delayed, Off track and Complete need a
// note, a revised date or evidence, so they open the update form with that status chosen, and its
// Save brings the person back to the nudge.
import { renderCard } from '../../cards/render-card.ts';
import { mayChangeStatus, whatStatusNeeds } from '../../domain/milestones/milestone-rules.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { milestoneNudgeCard } from '../views/milestone-nudge-view.ts';
import { milestoneUpdateForm, whoCanUpdate } from '../views/milestone-views.ts';
import { milestoneOrThrow, saveMilestoneUpdate } from './milestone-handlers.ts';

export async function quickStatus(turn: Turn, action: Extract<CardAction, { verb: 'milestone.quick-status' }>): Promise<Reply> {
  const { store } = turn.deps;
  const m = milestoneOrThrow(turn, action.id);
  const person = turn.person;
  if (!person || !mayChangeStatus(person, m, store.get('actions', m.actionId))) return textReply(whoCanUpdate(store, m));
  const nudgeMeetingId = action.meetingId && store.get('meetings', action.meetingId) ? action.meetingId : undefined;
  const needs = whatStatusNeeds(action.status);
  if (needs.length > 0) {
    const notice = { text: `Nearly done. ${needs.join(' ')} Add ${needs.length === 1 ? 'it' : 'them'} below and save.`, colour: 'Accent' as const };
    const form = milestoneUpdateForm(store, m, turn.today, { values: { status: action.status }, notice, ...(nudgeMeetingId ? { nudgeMeetingId } : {}) });
    return cardReply(renderCard('milestone-update-form', form), `Update ${m.id}`, 'interactor');
  }
  return saveMilestoneUpdate(turn, { verb: 'milestone.update', id: m.id, version: action.version, status: action.status, ...(nudgeMeetingId ? { meetingId: nudgeMeetingId } : {}) });
}

/** The nudge again, as it stands now (the form's Cancel). */
export function showNudge(turn: Turn, meetingId: string): Reply {
  const meeting = turn.deps.store.get('meetings', meetingId);
  if (!meeting) return textReply('That meeting is no longer in the forum calendar. Type `milestones mine` for your milestones.');
  if (!turn.person) return textReply('I do not know you yet. Type `whoami` and send the account code to a forum coordinator.');
  return cardReply(renderCard('milestone-nudge', milestoneNudgeCard(turn.deps.store, turn.person, meeting, turn.now, turn.deps.timeZone)), 'Please update before the forum meeting', 'interactor');
}
