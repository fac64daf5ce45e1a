// Which forum channels receive reminders and digests: coordinators and admins subscribe the
// conversation they are in (a Teams channel or group chat, a Slack channel), and can list them all.
import type { Subscription } from '../../domain/model.ts';
import { formatInstant } from '../../cards/format.ts';
import { ConversationGoneError } from '../direct-messages.ts';
import { newId } from '../new-id.ts';
import { replyActivity } from '../reply-activity.ts';
import { textReply, type Reply, type Turn } from '../turn.ts';
import { inert } from '../inert-text.ts';

const mayManage = (turn: Turn) => Boolean(turn.person?.roles.some((r) => r === 'admin' || r === 'coordinator'));
const REFUSAL = 'Only forum coordinators and admins can change which channels get forum reminders.';

function sameConversation(a: Subscription['target'], b: Subscription['target']): boolean {
  if (a.platform === 'teams' && b.platform === 'teams') return a.conversationId === b.conversationId;
  if (a.platform === 'slack' && b.platform === 'slack') return a.teamId === b.teamId && a.channelId === b.channelId;
  return false;
}

/** Subscribing again (after the bot was added back) makes the conversation active again. */
function withoutInactive(subscription: Subscription): Subscription {
  const copy = { ...subscription };
  delete copy.inactive;
  return copy;
}

/** A post starts a new message in the channel, not a reply to the message that subscribed it. */
function withoutActivityId(target: Subscription['target']): Subscription['target'] {
  const reference: Record<string, unknown> = { ...target.conversationReference };
  delete reference.activityId;
  return target.platform === 'teams' ? { ...target, conversationReference: reference } : { ...target, conversationReference: reference };
}

export const subscriptionFor = (turn: Turn): Subscription | undefined => {
  const target = turn.channel.conversationTarget;
  return target ? turn.deps.store.all('subscriptions').find((s) => sameConversation(s.target, target)) : undefined;
};

const kindsText = (kinds: readonly Subscription['kinds'][number][]) => kinds.map((k) => (k === 'meeting-reminders' ? 'meeting reminders' : 'the weekly digest')).join(' and ');

export async function subscribe(turn: Turn, withDigest: boolean): Promise<Reply> {
  if (!mayManage(turn) || !turn.person) return textReply(REFUSAL);
  const target = turn.channel.conversationTarget;
  if (turn.conversation === 'personal' || !target) {
    return textReply('Reminders go to forum channels: add me to the channel (or group chat) and type `subscribe reminders` there.');
  }
  const stored = withoutActivityId(target);
  const kinds: Subscription['kinds'] = withDigest ? ['meeting-reminders', 'weekly-digest'] : ['meeting-reminders'];
  const existing = subscriptionFor(turn);
  const person = turn.person;
  const changes = !existing || Boolean(existing.inactive) || kinds.some((k) => !existing.kinds.includes(k));
  // Where the answer is private (a Slack slash command), the channel would not know it was
  // subscribed, and a channel the bot cannot post in would only fail at the first reminder: a
  // public announcement now tells the channel and proves the bot can post there.
  if (turn.channel.privateReplies && changes) {
    const problem = await announce(turn, stored, `${inert(person.displayName)} subscribed this channel to Stronger Communities Forum ${kindsText([...new Set([...(existing?.kinds ?? []), ...kinds])])}.`);
    if (problem) return textReply(problem);
  }
  const saved = await turn.deps.store.transact({ actor: { personId: person.id, name: person.displayName, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via }, (tx) => {
    const current = existing ? tx.get('subscriptions', existing.id) : undefined;
    const subscription: Subscription = current
      ? { ...withoutInactive(current), target: stored, kinds: [...new Set([...current.kinds, ...kinds])] }
      : { id: newId(tx, 'subscriptions', 'SUB'), target: stored, kinds, ...(turn.channel.conversationName ? { label: turn.channel.conversationName } : {}), createdBy: person.displayName, createdAt: tx.now };
    tx.put('subscriptions', subscription, { action: current ? 'subscription.update' : 'subscription.add', detail: { kinds: subscription.kinds } });
    return subscription;
  });
  await turn.deps.reminders.replan();
  return textReply(`${existing ? 'Still subscribed' : 'Subscribed'}: this conversation gets ${kindsText(saved.kinds)}. \`unsubscribe\` stops them.`);
}

/** Posts `text` into the conversation; a problem for the person if the bot cannot post there. */
async function announce(turn: Turn, target: Subscription['target'], text: string): Promise<string | undefined> {
  try {
    await turn.deps.directMessages.sendToConversation(target.platform, target.conversationReference ?? {}, replyActivity(textReply(text)));
    return undefined;
  } catch (error) {
    if (!(error instanceof ConversationGoneError)) throw error;
    turn.deps.logger.info({ reason: error.reason }, 'subscription refused: the bot cannot post in the conversation');
    return `I cannot post in this channel (${inert(error.reason)}), so reminders could not reach it. Add me to the channel first (in Slack: \`/invite @Stronger Communities\`), then subscribe again. Nothing was changed.`;
  }
}

export async function unsubscribe(turn: Turn): Promise<Reply> {
  if (!mayManage(turn) || !turn.person) return textReply(REFUSAL);
  const existing = subscriptionFor(turn);
  if (!existing) return textReply('This conversation is not subscribed to forum reminders.');
  const person = turn.person;
  await turn.deps.store.transact({ actor: { personId: person.id, name: person.displayName }, via: turn.channel.via }, (tx) => {
    tx.delete('subscriptions', existing.id, { action: 'subscription.remove' });
  });
  return textReply('Unsubscribed: this conversation will get no more forum reminders or digests.');
}

export function listSubscriptions(turn: Turn): Reply {
  if (!mayManage(turn)) return textReply('Only forum coordinators and admins can list the subscribed channels.');
  const all = turn.deps.store.all('subscriptions');
  if (all.length === 0) return textReply('No conversation is subscribed yet. In a forum channel, type `subscribe reminders`.');
  const lines = all.map((s) => `- ${s.label ? inert(s.label) : (s.target.platform === 'teams' ? 'a Teams conversation' : `Slack channel ${s.target.channelId}`)} (${s.target.platform === 'teams' ? 'Teams' : 'Slack'}): ${kindsText(s.kinds)}; since ${formatInstant(s.createdAt)} by ${inert(s.createdBy)}${s.inactive ? `; **inactive since ${formatInstant(s.inactive.since)}: ${inert(s.inactive.reason)}** (add the bot back and type \`subscribe reminders\` there)` : ''}`);
  return textReply(`${all.length} subscribed conversation${all.length === 1 ? '' : 's'}:\n\n${lines.join('\n')}`);
}
