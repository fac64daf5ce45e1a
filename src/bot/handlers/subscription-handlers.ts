// Which forum channels receive reminders and digests: coordinators and admins subscribe the
// conversation they are in (a Teams channel or group chat, a Slack channel), and can list them all.
import type { Subscription } from '../../domain/model.ts';
import type { Notice } from '../../cards/card-models.ts';
import { renderCard } from '../../cards/render-card.ts';
import { subscriptionList, subscriptionName } from '../views/list-views.ts';
import { ConversationGoneError } from '../direct-messages.ts';
import { may, refusalFor } from '../../domain/access/permissions.ts';
import { subscribe as subscribeConversation, subscriptionOf, unsubscribe as unsubscribeConversation } from '../../domain/subscriptions/subscription-changes.ts';
import { carriesIntelSummary } from '../../domain/subscriptions/intel-summary-choice.ts';
import { replyActivity } from '../reply-activity.ts';
import { cardReply, changeContext, textReply, type Reply, type Turn } from '../turn.ts';
import { inert } from '../inert-text.ts';

const mayManage = (turn: Turn) => may(turn.person, 'subscriptions.manage');
const REFUSAL = refusalFor('subscriptions.manage');

/** A post starts a new message in the channel, not a reply to the message that subscribed it. */
function withoutActivityId(target: Subscription['target']): Subscription['target'] {
  const reference: Record<string, unknown> = { ...target.conversationReference };
  delete reference.activityId;
  return target.platform === 'teams' ? { ...target, conversationReference: reference } : { ...target, conversationReference: reference };
}

export const subscriptionFor = (turn: Turn): Subscription | undefined => {
  const target = turn.channel.conversationTarget;
  return target ? subscriptionOf(turn.deps.store, target) : undefined;
};

const kindsText = (kinds: readonly Subscription['kinds'][number][]) => kinds.map((k) => (k === 'meeting-reminders' ? 'meeting reminders' : 'the weekly digest')).join(' and ');

/** What the channel's meeting pack carries, said with every subscribe answer and in the list. */
const summaryText = (subscription: Subscription) =>
  carriesIntelSummary(subscription)
    ? 'The meeting pack here includes the community tensions summary (`subscribe reminders no tensions` to leave it out).'
    : `The meeting pack here leaves out the community tensions summary${subscription.sharedOutside === false ? '' : subscription.sharedOutside ? ' (this conversation has, or may have, members from other organisations)' : ' (I cannot tell whether this conversation has members from other organisations)'}; \`subscribe reminders with tensions\` includes it.`;

export async function subscribe(turn: Turn, withDigest: boolean, intelSummary?: boolean): Promise<Reply> {
  if (!mayManage(turn) || !turn.person) return textReply(REFUSAL);
  const target = turn.channel.conversationTarget;
  if (turn.conversation === 'personal' || !target) {
    return textReply('Reminders go to forum channels: add me to the channel (or group chat) and type `subscribe reminders` there.');
  }
  const stored = withoutActivityId(target);
  const kinds: Subscription['kinds'] = withDigest ? ['meeting-reminders', 'weekly-digest'] : ['meeting-reminders'];
  const person = turn.person;
  const ctx = changeContext(turn);
  const label = subscriptionFor(turn)?.label ?? turn.channel.conversationName ?? (await conversationNameFromPlatform(turn));
  const result = await subscribeConversation(turn.deps.store, ctx, person.id, {
    target: stored,
    kinds,
    ...(label ? { label } : {}),
    createdBy: person.displayName,
    ...(intelSummary !== undefined ? { intelSummary } : {}),
    ...(turn.channel.sharedOutside !== undefined ? { sharedOutside: turn.channel.sharedOutside } : {}),
  });
  // Where the answer is private (a Slack slash command), the channel would not know it was
  // subscribed, and a channel the bot cannot post in would only fail at the first reminder: a
  // public announcement, once the subscription is saved, tells the channel and proves the bot can
  // post there. A new subscription the bot cannot announce is taken back.
  if (turn.channel.privateReplies && result.changed) {
    const problem = await announce(turn, stored, `${inert(person.displayName)} subscribed this channel to Stronger Communities Forum ${kindsText(result.subscription.kinds)}.`);
    if (problem) {
      if (result.created) {
        await unsubscribeConversation(turn.deps.store, ctx, person.id, target);
        return textReply(`${problem} Nothing was kept.`);
      }
      await turn.deps.reminders.replan();
      return textReply(`${problem} The channel's subscription was updated, but reminders will not reach it until I can post there.`);
    }
  }
  const planned = await turn.deps.reminders.replan();
  const what = result.created ? 'Subscribed' : result.changed ? 'Subscription updated' : 'Already subscribed';
  const later = planned ? '' : ' Its reminders could not be planned just now; I will try again within the hour.';
  return textReply(`${what}: this conversation gets ${kindsText(result.subscription.kinds)}. \`unsubscribe\` stops them. ${summaryText(result.subscription)}${later}`);
}

/** The conversation's name as the platform tells it on request; a subscription is made without one if it cannot. */
async function conversationNameFromPlatform(turn: Turn): Promise<string | undefined> {
  try {
    return await turn.channel.describeConversation?.();
  } catch (error) {
    turn.deps.logger.info({ err: error }, 'the platform did not give the conversation\'s name; the subscription is listed without it');
    return undefined;
  }
}

/** Posts `text` into the conversation; a problem for the person if the bot cannot post there. */
async function announce(turn: Turn, target: Subscription['target'], text: string): Promise<string | undefined> {
  try {
    await turn.deps.directMessages.sendToConversation(target.platform, target.conversationReference ?? {}, replyActivity(textReply(text)));
    return undefined;
  } catch (error) {
    if (!(error instanceof ConversationGoneError)) throw error;
    turn.deps.logger.info({ reason: error.reason }, 'subscription refused: the bot cannot post in the conversation');
    return `I cannot post in this channel (${inert(error.reason)}), so reminders could not reach it. Add me to the channel first (in Slack: \`/invite @Stronger Communities\`), then subscribe again.`;
  }
}

export async function unsubscribe(turn: Turn): Promise<Reply> {
  const person = turn.person;
  const target = turn.channel.conversationTarget;
  if (!mayManage(turn) || !person) return textReply(REFUSAL);
  if (!target) return textReply('This conversation is not subscribed to forum reminders.');
  const ctx = changeContext(turn);
  const removed = await unsubscribeConversation(turn.deps.store, ctx, person.id, target);
  if (!removed) return textReply('This conversation is not subscribed to forum reminders, so nothing was changed.');
  // Even if planning fails now, a reminder already planned finds no subscription when due and is not sent.
  await turn.deps.reminders.replan();
  return textReply('Unsubscribed: this conversation will get no more forum reminders or digests.');
}

export function listSubscriptions(turn: Turn, notice?: Notice, replace?: 'interactor'): Reply {
  if (!may(turn.person, 'subscriptions.list')) return textReply(refusalFor('subscriptions.list'));
  const all = turn.deps.store.all('subscriptions');
  if (all.length === 0 && !notice) return textReply('No conversation is subscribed yet. In a forum channel, type `subscribe reminders`.');
  const list = subscriptionList(all, mayManage(turn), turn.deps.timeZone, notice);
  return cardReply(renderCard('item-list', list), `${all.length} subscribed conversation${all.length === 1 ? '' : 's'}`, replace);
}

/** Stop reminders from the list: that conversation's subscription goes, whoever is looking at the list from wherever. */
export async function stopSubscription(turn: Turn, subscriptionId: string): Promise<Reply> {
  const person = turn.person;
  if (!mayManage(turn) || !person) return textReply(REFUSAL);
  const current = turn.deps.store.get('subscriptions', subscriptionId);
  if (!current) return listSubscriptions(turn, { text: 'That conversation was no longer subscribed: nothing was changed.', colour: 'Default' }, 'interactor');
  const ctx = changeContext(turn);
  const removed = await unsubscribeConversation(turn.deps.store, ctx, person.id, current.target);
  if (removed) await turn.deps.reminders.replan();
  const notice: Notice = removed
    ? { text: `Stopped: ${inert(subscriptionName(current))} gets no more forum reminders or digests.`, colour: 'Good' }
    : { text: 'That conversation was no longer subscribed: nothing was changed.', colour: 'Default' };
  return listSubscriptions(turn, notice, 'interactor');
}
