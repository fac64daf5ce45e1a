// Naming the person who owns a milestone: coordinators and admins choose from the people the bot
// knows. The owner then sees it under "my milestones", may update it, and is nudged before meetings.
import { renderCard } from '../../cards/render-card.ts';
import type { Milestone } from '../../domain/model.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { milestoneDetailCard } from '../views/milestone-views.ts';
import { organisationName, responsibleText } from './describe.ts';
import { milestoneOrThrow } from './milestone-handlers.ts';
import { inert } from '../inert-text.ts';

const mayAssign = (turn: Turn) => Boolean(turn.person?.roles.some((r) => r === 'admin' || r === 'coordinator'));
const REFUSAL = 'Only forum coordinators and admins can name a milestone owner.';

export function assignOwnerForm(turn: Turn, id: string | undefined, replace?: 'interactor'): Reply {
  if (!mayAssign(turn)) return textReply(REFUSAL);
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
  });
  return cardReply(card, `Owner of ${m.id}`, replace);
}

export async function saveOwner(turn: Turn, action: Extract<CardAction, { verb: 'milestone.assign' }>): Promise<Reply> {
  const actor = turn.person;
  if (!actor || !mayAssign(turn)) return textReply(REFUSAL);
  const m = milestoneOrThrow(turn, action.id);
  const personId = action.personId || undefined;
  const { store } = turn.deps;
  if (personId && !store.get('people', personId)) return textReply('That person is no longer registered; open the form again to choose from the current list.');
  const saved = await store.transact({ actor: { personId: actor.id, name: actor.displayName, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via }, (tx) => {
    const current = tx.get('milestones', m.id) ?? m;
    const role = { organisationId: current.owner.organisationId, role: current.owner.role };
    const next: Milestone = { ...current, owner: personId ? { ...role, personId } : role };
    tx.put('milestones', next, { action: 'milestone.assign', detail: { personId: personId ?? null } });
    return next;
  });
  const who = responsibleText(store, saved.owner);
  const notice = { text: `${inert(actor.displayName)} named the owner: ${inert(who)}.`, colour: 'Good' as const };
  return cardReply(renderCard('milestone-detail', milestoneDetailCard(store, saved, turn.today, turn.person, notice)), `Owner of ${saved.id} set`, 'all');
}
