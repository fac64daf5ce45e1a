// Who sees their own version of a shared milestone card in Teams (Universal Actions `refresh`).
// A card in a channel or group chat is posted once, the same for everyone, and is correct and safe
// as it is (dated; Update opens a dialog whose permission is checked on the server). Teams then
// asks the bot again, per viewer (`adaptiveCard/action` with the refresh verb), for the people in
// `userIds`: those who may update the milestone, so they see Update and the others do not. Teams
// takes at most 60 ids; above that none are listed and the card shows a Refresh button instead.
// Sources: Microsoft Teams docs, "User Specific Views" (universal-actions-for-adaptive-cards/
// user-specific-views.md: "maximum 60 different users", userIds as user MRIs) and the Universal
// Actions for search-based message extensions notes (ids as `29:<id>` or `8:orgid:<Entra object id>`).
import type { CardRefresh } from '../../cards/card-models.ts';
import { mayChangeStatus } from '../../domain/milestones/milestone-rules.ts';
import type { Milestone } from '../../domain/model.ts';
import type { ReadView } from '../../store/repository.ts';

export const MAX_REFRESH_USERS = 60;
export const REFRESH_VERB = 'milestone.refresh';

/** The Teams user ids (`8:orgid:<object id>`) of everyone who may update the milestone, in a stable order. */
export function teamsUpdaters(view: ReadView, m: Milestone): string[] {
  const action = view.get('actions', m.actionId);
  const ids = new Set<string>();
  for (const person of view.all('people')) {
    if (!mayChangeStatus(person, m, action)) continue;
    for (const identity of person.identities) if (identity.platform === 'teams') ids.add(`8:orgid:${identity.aadObjectId}`);
  }
  return [...ids].sort();
}

/** The card's `refresh`, and whether it needs a visible Refresh button (more than 60 would qualify). */
export function milestoneRefresh(view: ReadView, m: Milestone): { refresh: CardRefresh; showRefresh: boolean } {
  const updaters = teamsUpdaters(view, m);
  const action = { type: 'Action.Execute' as const, title: 'Refresh', verb: REFRESH_VERB, data: { id: m.id } };
  if (updaters.length > MAX_REFRESH_USERS) return { refresh: { action }, showRefresh: true };
  return { refresh: { action, userIds: updaters }, showRefresh: false };
}
