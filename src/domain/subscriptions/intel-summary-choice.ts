// Where the intelligence summary goes (issue 19, §5): the meeting pack posted to a channel carries
// the per-ward tensions picture only if that channel's subscription says so. The default follows
// what the platform told us when the channel was subscribed: on in a conversation known to be
// within the forum's organisations, off in one that has (or may have) members from other
// organisations (a Slack Connect channel, a Teams shared channel), and off when the platform did
// not say (data protection by default). A coordinator's explicit choice stands.
import type { Subscription } from '../model.ts';

/** What the conversation's platform said: members from other organisations (true), none (false), or not known (undefined). */
export type SharedOutside = boolean | undefined;

export function defaultIntelSummary(sharedOutside: SharedOutside): boolean {
  return sharedOutside === false;
}

/** Subscriptions made before the choice existed carried the summary, and still do until someone chooses. */
export function carriesIntelSummary(subscription: Pick<Subscription, 'intelSummary'>): boolean {
  return subscription.intelSummary ?? true;
}

/**
 * The choice a (re)subscription stores: the coordinator's if given; else, for a new subscription,
 * the default; for an existing one, what it had, except that a conversation now found shared with
 * other organisations stops carrying it (its membership changed since).
 */
export function intelSummaryOnSubscribe(current: Pick<Subscription, 'intelSummary'> | undefined, chosen: boolean | undefined, sharedOutside: SharedOutside): boolean {
  if (chosen !== undefined) return chosen;
  if (!current) return defaultIntelSummary(sharedOutside);
  if (sharedOutside === true) return false;
  return carriesIntelSummary(current);
}
