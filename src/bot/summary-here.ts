// Whether a meeting pack shown in the conversation of this turn may carry the intelligence summary:
// in a 1:1 chat, yes; in a subscribed conversation, as its subscription says; elsewhere, as the
// platform's facts about the conversation decide by default (src/domain/subscriptions/
// intel-summary-choice.ts). The same rule as the scheduled packs, so asking for the pack (or
// clicking Attending, which redraws it for everyone) never shows more than the reminder would.
import { carriesIntelSummary, defaultIntelSummary } from '../domain/subscriptions/intel-summary-choice.ts';
import { subscriptionOf } from '../domain/subscriptions/subscription-changes.ts';
import type { Turn } from './turn.ts';

export function intelSummaryHere(turn: Turn): boolean {
  if (turn.conversation === 'personal') return true;
  const target = turn.channel.conversationTarget;
  const subscription = target ? subscriptionOf(turn.deps.store, target) : undefined;
  return subscription ? carriesIntelSummary(subscription) : defaultIntelSummary(turn.channel.sharedOutside);
}
