// "Add as progress note" from a message's "..." menu (a Teams message action, a Slack message
// shortcut): the person picks one of the milestones they may update, with the message as the note,
// and then gets that milestone's usual update form (milestone.note-form). Nothing is saved, and
// nothing is posted, until that form is saved.
import { renderCard } from '../../cards/render-card.ts';
import { findMilestones } from '../../domain/milestones/milestone-queries.ts';
import { mayChangeStatus } from '../../domain/milestones/milestone-rules.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';

/** Slack's select menus take at most 100 options. */
const MAX_CHOICES = 100;
/** The milestone's progress note (the update form's limit). */
const MAX_NOTE = 2000;

export function progressNotePicker(turn: Turn, text: string): Reply {
  const person = turn.person;
  if (!person) return textReply('I need to know who you are before you can add a progress note: type `whoami` and send the account code to a forum coordinator.');
  const { store } = turn.deps;
  const mine = findMilestones(store, { today: turn.today, openOnly: true }).filter((m) => mayChangeStatus(person, m, store.get('actions', m.actionId)));
  if (mine.length === 0) return textReply('There is no open milestone you may update, so there is nothing to add this note to. `milestones mine` lists yours.');
  // The person's own milestones first, then the rest they may update (as a coordinator).
  const ordered = [...mine.filter((m) => m.owner.personId === person.id), ...mine.filter((m) => m.owner.personId !== person.id)].slice(0, MAX_CHOICES);
  const note = text.trim();
  const model = {
    milestones: ordered.map((m) => ({ title: `${m.id}: ${m.description}`.slice(0, 150), value: m.id })),
    commentary: note.slice(0, MAX_NOTE),
    clipped: note.length > MAX_NOTE,
  };
  return cardReply(renderCard('milestone-note-pick', model), 'Add a progress note', 'interactor');
}
