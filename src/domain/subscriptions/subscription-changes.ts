// Subscribing a conversation to forum reminders and digests, and unsubscribing it. The
// conversation's subscription is looked up inside the transaction, so two coordinators subscribing
// at once make one subscription (never two, which would post every reminder twice), and a
// subscribe and an unsubscribe at once end in one clear state with each person told what they did.
import { demand } from '../access/permissions.ts';
import type { Subscription } from '../model.ts';
import { newId } from '../new-id.ts';
import { intelSummaryOnSubscribe, type SharedOutside } from './intel-summary-choice.ts';
import type { ChangeContext, ReadView, Repository } from '../../store/repository.ts';

export type SubscriptionTarget = Subscription['target'];
export type SubscriptionKind = Subscription['kinds'][number];

/** A Teams channel, whichever post's thread (`;messageid=…`) a target was taken from (subscriptions made before that was dropped kept it). */
export const teamsChannelOf = (conversationId: string): string => conversationId.split(';')[0] ?? conversationId;

export function sameConversation(a: SubscriptionTarget, b: SubscriptionTarget): boolean {
  if (a.platform === 'teams' && b.platform === 'teams') return teamsChannelOf(a.conversationId) === teamsChannelOf(b.conversationId);
  if (a.platform === 'slack' && b.platform === 'slack') return a.teamId === b.teamId && a.channelId === b.channelId;
  return false;
}

export function subscriptionOf(view: ReadView, target: SubscriptionTarget): Readonly<Subscription> | undefined {
  return view.all('subscriptions').find((s) => sameConversation(s.target, target));
}

/** What subscribing did: `created` a new subscription, `changed` an existing one (kinds added, made active again), or neither. */
export interface SubscribeResult {
  subscription: Subscription;
  created: boolean;
  changed: boolean;
}

export async function subscribe(
  repo: Repository,
  ctx: ChangeContext,
  requesterId: string,
  request: {
    target: SubscriptionTarget;
    kinds: SubscriptionKind[];
    label?: string;
    createdBy: string;
    /** The coordinator's choice for the intelligence summary in the meeting pack; undefined: the default. */
    intelSummary?: boolean;
    /** What the platform said about members from other organisations (see intel-summary-choice.ts). */
    sharedOutside?: SharedOutside;
  },
): Promise<SubscribeResult> {
  return repo.transact(ctx, (tx) => {
    demand(tx.get('people', requesterId), 'subscriptions.manage');
    const current = subscriptionOf(tx, request.target);
    const intelSummary = intelSummaryOnSubscribe(current, request.intelSummary, request.sharedOutside);
    const shared = request.sharedOutside === undefined ? {} : { sharedOutside: request.sharedOutside };
    if (!current) {
      const subscription: Subscription = { id: newId(tx, 'subscriptions', 'SUB'), target: request.target, kinds: [...new Set(request.kinds)], ...(request.label ? { label: request.label } : {}), intelSummary, ...shared, createdBy: request.createdBy, createdAt: tx.now };
      tx.put('subscriptions', subscription, { action: 'subscription.add', detail: { kinds: subscription.kinds, intelSummary } });
      return { subscription, created: true, changed: true };
    }
    const kinds = [...new Set([...current.kinds, ...request.kinds])];
    const changed = Boolean(current.inactive) || kinds.length !== current.kinds.length || (current.intelSummary ?? true) !== intelSummary;
    // The reference is refreshed even when nothing else changed: the platform may have moved the conversation.
    const subscription: Subscription = { ...current, target: request.target, kinds, intelSummary, ...shared, ...(current.label || !request.label ? {} : { label: request.label }) };
    delete subscription.inactive;
    tx.put('subscriptions', subscription, { action: 'subscription.update', detail: { kinds, intelSummary } });
    return { subscription, created: false, changed };
  });
}

/** Removes the conversation's subscription; false when it had none (already unsubscribed). */
export async function unsubscribe(repo: Repository, ctx: ChangeContext, requesterId: string, target: SubscriptionTarget): Promise<boolean> {
  return repo.transact(ctx, (tx) => {
    demand(tx.get('people', requesterId), 'subscriptions.manage');
    const current = subscriptionOf(tx, target);
    if (!current) return false;
    tx.delete('subscriptions', current.id, { action: 'subscription.remove' });
    return true;
  });
}

/** Which subscriptions a platform event is about (a channel's, whatever thread its reference came from). */
export type SubscriptionMatch = (target: SubscriptionTarget) => boolean;

/**
 * The platform renamed the conversation: its subscriptions are listed under the new name. The
 * platform said so, so no person's permission is asked. Returns how many changed.
 */
export async function renameSubscriptions(repo: Repository, ctx: ChangeContext, matches: SubscriptionMatch, rename: (label: string | undefined) => string): Promise<number> {
  return repo.transact(ctx, (tx) => {
    const affected = tx.all('subscriptions').filter((s) => matches(s.target));
    for (const s of affected) tx.put('subscriptions', { ...s, label: rename(s.label) }, { action: 'subscription.renamed' });
    return affected.length;
  });
}

/**
 * The conversation is gone (deleted): its subscriptions stop and say why, as when a post is
 * refused, until someone subscribes a conversation again. Returns how many were stopped.
 */
export async function deactivateSubscriptions(repo: Repository, ctx: ChangeContext, matches: SubscriptionMatch, reason: string): Promise<number> {
  return repo.transact(ctx, (tx) => {
    const affected = tx.all('subscriptions').filter((s) => matches(s.target) && !s.inactive);
    for (const s of affected) tx.put('subscriptions', { ...s, inactive: { since: tx.now, reason } }, { action: 'subscription.inactive' });
    return affected.length;
  });
}
