// Naming the person who owns a milestone: coordinators and admins choose from the people the bot
// knows. The owner then sees it under "my milestones", may update it, and is nudged before meetings.
import { renderCard } from '../../cards/render-card.ts';
import { may, refusalFor } from '../../domain/access/permissions.ts';
import { ValidationError } from '../../domain/errors.ts';
import { assignOwner } from '../../domain/milestones/assign-owner.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, changeContext, textReply, type Reply, type Turn } from '../turn.ts';
import { milestoneDetailCard } from '../views/milestone-views.ts';
import { organisationName, responsibleText } from './describe.ts';
import { milestoneOrThrow } from './milestone-handlers.ts';
import { inert } from '../inert-text.ts';
import { reachProblemOf, unreachableRoleWarning } from '../people/private-reach.ts';
import { findPerson, identityFromAccount } from '../../domain/people/identities.ts';


export function assignOwnerForm(turn: Turn, id: string | undefined, replace?: 'interactor'): Reply {
  if (!may(turn.person, 'milestones.assign')) return textReply(refusalFor('milestones.assign'));
  if (!id) return textReply('Which milestone? Type `assign` and its id, e.g. `assign BSC-0.1-M2`.');
  const m = milestoneOrThrow(turn, id);
  const { store } = turn.deps;
  const people = [...store.all('people')]
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map((p) => ({ title: p.organisationId ? `${p.displayName} (${organisationName(store, p.organisationId)})` : p.displayName, value: p.id }));
  const card = renderCard('milestone-assign-form', {
    id: m.id,
    description: m.description,
    ownerRole: `${m.owner.role}, ${organisationName(store, m.owner.organisationId)}`,
    personId: m.owner.personId ?? '',
    people,
    userPicker: turn.channel.userPicker !== undefined,
  });
  return cardReply(card, `Owner of ${m.id}`, replace);
}

export async function saveOwner(turn: Turn, action: Extract<CardAction, { verb: 'milestone.assign' }>): Promise<Reply> {
  const actor = turn.person;
  if (!actor || !may(actor, 'milestones.assign')) return textReply(refusalFor('milestones.assign'));
  const { store } = turn.deps;
  // Someone chosen with the platform's picker: the person the forum knows by that account.
  let personId = action.personId || undefined;
  if (action.pickedUser) {
    const account = turn.channel.userPicker?.accountOf(action.pickedUser);
    const identity = account ? identityFromAccount(account) : undefined;
    const picked = identity ? findPerson(store, identity) : undefined;
    if (!picked) {
      const name = (await turn.channel.userPicker?.nameOf(action.pickedUser)) ?? 'The person chosen';
      return textReply(`${inert(name)} is not registered with the forum yet, so they cannot own a milestone: an admin adds them with \`add person\` first. Nothing was changed.`);
    }
    personId = picked.id;
  }
  let result;
  try {
    result = await assignOwner(store, changeContext(turn), actor.id, action.id, personId);
  } catch (error) {
    if (error instanceof ValidationError) return textReply(error.problems.join(' '));
    throw error;
  }
  const who = inert(responsibleText(store, result.milestone.owner));
  const notice = result.changed
    ? { text: `${inert(actor.displayName)} named the owner: ${who}.`, colour: 'Good' as const }
    : { text: `The owner was already ${who}, so nothing changed.`, colour: 'Default' as const };
  const reply = cardReply(renderCard('milestone-detail', milestoneDetailCard(store, result.milestone, turn.today, turn.person, notice)), result.changed ? `Owner of ${result.milestone.id} set` : `Owner of ${result.milestone.id} unchanged`, result.changed ? 'all' : 'interactor');
  // The owner is nudged privately before meetings: whoever named them is told now if that cannot reach them (only they see it).
  const owner = result.changed && result.milestone.owner.personId ? store.get('people', result.milestone.owner.personId) : undefined;
  const problem = owner ? await reachProblemOf(turn, owner.identities) : undefined;
  if (!owner || !problem || reply.kind !== 'card') return reply;
  turn.deps.logger.info({ milestone: result.milestone.id }, 'an owner was named whom the bot cannot reach privately; the coordinator was warned');
  return { ...reply, toClicker: `${notice.text} ${unreachableRoleWarning(inert(owner.displayName), problem, 'Ownership')}` };
}
