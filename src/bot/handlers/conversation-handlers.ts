// What the bot does when the platform says a conversation changed: a renamed channel's
// subscriptions are listed under its new name; a deleted channel's stop, saying why, so the
// coordinators see it in `subscriptions` and `status` instead of reminders failing unseen.
import { deactivateSubscriptions, renameSubscriptions, type SubscriptionTarget } from '../../domain/subscriptions/subscription-changes.ts';
import type { Turn, TurnChannel } from '../turn.ts';

type Change = NonNullable<TurnChannel['conversationChange']>;

/** A channel's subscription may have been made from a reply thread (`<channel>;messageid=...`). */
const inConversation = (conversationId: string) => (target: SubscriptionTarget) => target.platform === 'teams' && target.conversationId.split(';')[0] === conversationId;

/** "Team › Old name" becomes "Team › New name"; a label without the team becomes the new name. */
function renamed(label: string | undefined, name: string): string {
  const at = label?.lastIndexOf(' › ') ?? -1;
  return label && at >= 0 ? `${label.slice(0, at)} › ${name}` : name;
}

export async function conversationChanged(turn: Turn, change: Change): Promise<void> {
  const ctx = { actor: { name: turn.channel.via === 'teams' ? 'Microsoft Teams' : 'the platform' }, via: turn.channel.via };
  const matches = inConversation(change.conversationId);
  const count = change.kind === 'renamed' ? await renameSubscriptions(turn.deps.store, ctx, matches, (label) => renamed(label, change.name)) : await deactivateSubscriptions(turn.deps.store, ctx, matches, change.reason);
  if (count > 0) {
    turn.deps.logger.info({ change: change.kind, subscriptions: count }, 'conversation changed: subscriptions updated');
    if (change.kind === 'removed') await turn.deps.reminders.replan();
  }
}
