// The one place Slack's names become Bot Framework's: a DM, an @mention, the slash command and
// an "Open form" click become `message` activities; a button click and a modal submission become
// the `adaptiveCard/action` invoke a Teams Action.Execute sends; the Home tab opening is the
// bot core's `forum/home` event (its answer, the Home view, is published to the tab). Also the
// facts the adapter needs to deliver the answer back to the right place in Slack.
import { randomUUID } from 'node:crypto';
import { ActivityTypes, type Activity } from 'botbuilder';
import { accountOf } from '../../domain/people/identities.ts';
import { BOT_EVENTS } from '../../bot/routes.ts';
import type { ConversationKind, TurnChannel } from '../../bot/turn.ts';
import type { PlatformIdentity } from '../../domain/model.ts';
import { readModalSubmission } from './card-rendering.ts';
import { decodeButtonValue, readFormContext, type FormOrigin, type OpenForm } from './slack-form-values.ts';
import type { SlackRequest } from './slack-payloads.ts';
import type { UnfurlPlace } from './slack-web.ts';
import { searchValue } from './slack-share.ts';
import { decodeSlackText, withoutMention } from './slack-text.ts';

export const SLACK_CHANNEL_ID = 'slack';
export const CARD_ACTION_INVOKE = 'adaptiveCard/action';
/** The invoke Teams sends for a pasted link (link unfurling); Slack's link_shared is read the same way. */
export const LINK_INVOKE = 'composeExtension/queryLink';
export const SEARCH_INVOKE = 'composeExtension/query';
/** The callback_id of every modal this channel opens. */
export const FORM_CALLBACK_ID = 'forum.form';

/**
 * The app's message shortcuts (the manifest's callback ids) and the card action each opens, as a
 * Teams message action does. What they show goes to the person alone (a modal, or their DM).
 */
export const MESSAGE_SHORTCUTS = {
  'forum.log_intel': { verb: 'intel.from-message', rerun: 'log intel' },
  'forum.progress_note': { verb: 'milestone.note-pick', rerun: 'milestones mine' },
} as const;
export const MESSAGE_SHORTCUT_IDS = Object.keys(MESSAGE_SHORTCUTS) as [keyof typeof MESSAGE_SHORTCUTS, ...(keyof typeof MESSAGE_SHORTCUTS)[]];

/** Where the answer to a turn goes in Slack: a form's origin, or the modal a button was in. */
export type ReplyTarget = FormOrigin | { kind: 'modal'; viewId: string };

export interface SlackTurnFacts {
  team: string;
  user: string;
  target: ReplyTarget;
  /** Lets the bot open a modal (slash commands and clicks; valid for 3 seconds). */
  triggerId?: string;
  /** What produced this turn, so a form posted as a message can be re-opened as a modal. */
  rerun?: OpenForm;
  /** A shared link to unfurl with the bot's answer (link_shared), and where it was shared. */
  unfurl?: { url: string; place: UnfurlPlace };
  /** The invoke's answer goes back to the channel as it is (a search for the share modal), not to Slack. */
  rawInvoke?: true;
  /** A modal submission: its view and the values it sent. */
  submission?: { viewId: string; data: Record<string, unknown> };
}

export interface SlackInbound {
  activity: Partial<Activity>;
  channel: TurnChannel;
  facts: SlackTurnFacts;
}

export type Mapped = { ok: true; inbound: SlackInbound } | { ok: false; reason: string };

export interface Participants {
  botUserId?: string;
  displayName: string;
  /** A Slack user's name (users.info), for a person chosen with the users_select picker. */
  nameOf?: (team: string, user: string) => Promise<string | undefined>;
}

/** `T:C` or `T:C:thread` (or `T:U`, the person's DM): what a ConversationReference keeps, so a proactive send finds the place. */
export function conversationId(team: string, channel: string, threadTs?: string): string {
  return threadTs ? `${team}:${channel}:${threadTs}` : `${team}:${channel}`;
}

export function parseConversationId(id: string | undefined): { team: string; channel: string; threadTs?: string } | undefined {
  const match = /^([TE][A-Z0-9]+):([CDGUW][A-Z0-9]+)(?::(\d+\.\d+))?$/.exec(id ?? '');
  if (!match?.[1] || !match[2]) return undefined;
  return { team: match[1], channel: match[2], ...(match[3] ? { threadTs: match[3] } : {}) };
}

export function kindOfChannel(channel: string, hint?: string): ConversationKind {
  if (hint === 'im' || hint === 'directmessage' || /^[DUW]/.test(channel)) return 'personal';
  if (hint === 'mpim' || hint?.startsWith('mpdm-')) return 'group';
  return 'channel';
}

function conversationOf(origin: ReplyTarget, team: string, user: string): { id: string; kind: ConversationKind } {
  switch (origin.kind) {
    case 'home':
    case 'modal':
    case 'person':
      // chat.postMessage to a user id posts in the person's DM with the app.
      return { id: conversationId(team, user), kind: 'personal' };
    case 'conversation':
      return { id: conversationId(team, origin.channel, origin.threadTs), kind: origin.personal ? 'personal' : kindOfChannel(origin.channel) };
    case 'message':
      return { id: conversationId(team, origin.channel, origin.threadTs), kind: kindOfChannel(origin.channel) };
    case 'command':
      return { id: conversationId(team, origin.channel), kind: kindOfChannel(origin.channel) };
  }
}

function build(
  request: SlackRequest,
  who: Participants,
  target: ReplyTarget,
  kind: ConversationKind,
  shape: Partial<Activity>,
  extra: Omit<SlackTurnFacts, 'team' | 'user' | 'target'> = {},
): Mapped {
  const identity: PlatformIdentity = { platform: 'slack', teamId: request.team, userId: request.user };
  const conversation = conversationOf(target, request.team, request.user);
  const activity: Partial<Activity> = {
    id: randomUUID(),
    timestamp: new Date(),
    channelId: SLACK_CHANNEL_ID,
    serviceUrl: '',
    from: { id: request.user, name: who.displayName, role: 'user' },
    recipient: { id: who.botUserId ?? 'slack-bot', name: 'Stronger Communities', role: 'bot' },
    conversation: { id: conversation.id, isGroup: kind !== 'personal', conversationType: kind, name: '' },
    channelData: { team: request.team, source: request.kind },
    locale: 'en-GB',
    ...shape,
  };
  const place = parseConversationId(conversation.id);
  const conversationTarget = place
    ? { platform: 'slack' as const, teamId: place.team, channelId: place.channel, conversationReference: { channelId: SLACK_CHANNEL_ID, conversation: { id: conversationId(place.team, place.channel), isGroup: kind !== 'personal', conversationType: kind } } }
    : undefined;
  const nameOf = who.nameOf;
  // Forms offer Slack's own person picker (users_select): its answer is a user id of this workspace.
  const userPicker = nameOf ? { userPicker: { accountOf: (user: string) => accountOf({ platform: 'slack', teamId: request.team, userId: user }), nameOf: (user: string) => nameOf(request.team, user) } } : {};
  const channel = { via: 'slack' as const, identity, account: accountOf(identity), conversation: kind, ...userPicker, ...(answersOnlyThePerson(target) ? { privateReplies: true } : {}), ...(conversationTarget ? { conversationTarget } : {}), ...(request.kind === 'command' && request.channelName ? { conversationName: `#${request.channelName}` } : {}), ...(request.sharedOutside !== undefined && kind !== 'personal' ? { sharedOutside: request.sharedOutside } : {}) };
  return { ok: true, inbound: { activity, channel, facts: { team: request.team, user: request.user, target, ...extra } } };
}

/** Slash-command answers, modals, the Home tab, the person's DM and ephemeral messages are seen by the person alone. */
function answersOnlyThePerson(target: ReplyTarget): boolean {
  switch (target.kind) {
    case 'command':
    case 'modal':
    case 'home':
    case 'person':
      return true;
    case 'message':
      return target.ephemeral;
    case 'conversation':
      return target.personal;
  }
}

const message = (text: string, id?: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, textFormat: 'plain', ...(id ? { id } : {}) });
const invoke = (verb: string, data: Record<string, unknown>, replyToId?: string): Partial<Activity> => ({
  type: ActivityTypes.Invoke,
  name: CARD_ACTION_INVOKE,
  value: { action: { type: 'Action.Execute', verb, data } },
  ...(replyToId ? { replyToId } : {}),
});

export function toInbound(request: SlackRequest, who: Participants): Mapped {
  switch (request.kind) {
    case 'dm': {
      const text = decodeSlackText(withoutMention(request.text, who.botUserId));
      const target: ReplyTarget = { kind: 'conversation', channel: request.channel, personal: true, ...(request.threadTs ? { threadTs: request.threadTs } : {}) };
      return build(request, who, target, 'personal', message(text, request.ts), { rerun: { text } });
    }
    case 'mention': {
      const text = decodeSlackText(withoutMention(request.text, who.botUserId));
      const kind = kindOfChannel(request.channel, request.channelType);
      // The answer goes in a thread under the mention (or in the thread it was in), not across the channel.
      const target: ReplyTarget = { kind: 'conversation', channel: request.channel, personal: false, threadTs: request.threadTs ?? request.ts };
      return build(request, who, target, kind, message(text, request.ts), { rerun: { text } });
    }
    case 'command': {
      const text = decodeSlackText(request.text).trim() || 'help';
      const target: ReplyTarget = { kind: 'command', channel: request.channel, responseUrl: request.responseUrl };
      return build(request, who, target, kindOfChannel(request.channel, request.channelName), message(text), { triggerId: request.triggerId, rerun: { text } });
    }
    case 'home':
      // Every opening asks afresh, so the tab shows the person's milestones as they are now.
      return build(request, who, { kind: 'home' }, 'personal', { type: ActivityTypes.Event, name: BOT_EVENTS.home });
    case 'button':
      return fromButton(request, who);
    case 'link': {
      // As Teams asks about a pasted link (composeExtension/queryLink): the core decides what it shows.
      const place: UnfurlPlace = request.unfurlId && request.source ? { unfurlId: request.unfurlId, source: request.source } : { channel: request.channel, ts: request.ts };
      const target: ReplyTarget = { kind: 'conversation', channel: request.channel, personal: kindOfChannel(request.channel) === 'personal' };
      const shape: Partial<Activity> = { type: ActivityTypes.Invoke, name: LINK_INVOKE, value: { url: request.url } };
      return build(request, who, target, kindOfChannel(request.channel), shape, { unfurl: { url: request.url, place } });
    }
    case 'suggestion':
    case 'share': {
      // The milestone search, asked as Teams asks it; the channel turns the answer into Slack's shapes (slack-share.ts).
      const query = request.kind === 'suggestion' ? request.value : request.milestoneId;
      return build(request, who, { kind: 'person' }, 'personal', { type: ActivityTypes.Invoke, name: SEARCH_INVOKE, value: searchValue(query) }, { rawInvoke: true });
    }
    case 'shortcut': {
      const shortcut = Object.hasOwn(MESSAGE_SHORTCUTS, request.callbackId) ? MESSAGE_SHORTCUTS[request.callbackId as keyof typeof MESSAGE_SHORTCUTS] : undefined;
      if (!shortcut) return { ok: false, reason: `a shortcut this app does not have (${request.callbackId})` };
      // Everything goes to the person: the form as a modal, anything else to their DM with the app.
      // If the modal cannot open, the form's "Open form" starts afresh: the message is not carried.
      return build(request, who, { kind: 'person' }, 'personal', invoke(shortcut.verb, { text: decodeSlackText(request.text) }), { triggerId: request.triggerId, rerun: { text: shortcut.rerun } });
    }
    case 'submission': {
      const submission = readModalSubmission({ private_metadata: request.privateMetadata, state: request.state });
      if (!submission.ok) return { ok: false, reason: `a modal submission that cannot be read: ${submission.reason}` };
      // Without our context (an old modal), the answer goes to the person's DM with the app.
      const target: FormOrigin = readFormContext(submission.context) ?? { kind: 'person' };
      const kind = 'channel' in target ? kindOfChannel(target.channel) : 'personal';
      const replyToId = target.kind === 'message' ? target.ts : undefined;
      const shape = submission.kind === 'execute' ? invoke(submission.verb, submission.data, replyToId) : { type: ActivityTypes.Message, value: submission.data };
      return build(request, who, target, kind, shape, { submission: { viewId: request.viewId, data: submission.data } });
    }
  }
}

/** A click: a card action (invoke, or an Action.Submit message), or our "Open form" re-run. */
function fromButton(request: Extract<SlackRequest, { kind: 'button' }>, who: Participants): Mapped {
  const s = request.surface;
  const target: ReplyTarget = s.kind === 'message' ? { ...s } : s;
  const kind = s.kind === 'message' ? kindOfChannel(s.channel) : 'personal';
  const replyToId = s.kind === 'message' ? s.ts : undefined;
  const value = decodeButtonValue(request.value);
  const trigger = { triggerId: request.triggerId };
  switch (value.kind) {
    case 'execute':
      return build(request, who, target, kind, invoke(value.verb, value.data, replyToId), { ...trigger, rerun: { verb: value.verb, data: value.data } });
    case 'submit':
      // Action.Submit: Teams sends a message carrying the card's data as its value.
      return build(request, who, target, kind, { type: ActivityTypes.Message, value: value.data, ...(replyToId ? { replyToId } : {}) }, trigger);
    case 'open':
      // "Open form" re-runs what produced the form; this time there is a trigger for the modal.
      if ('text' in value.open) return build(request, who, target, kind, message(value.open.text), { ...trigger, rerun: value.open });
      return build(request, who, target, kind, invoke(value.open.verb, value.open.data, replyToId), { ...trigger, rerun: value.open });
    case 'other':
      // A button we cannot read still reaches the bot, as an action with no verb: the core answers
      // the clicker with its usual "not a button I know", so the wording lives in one place.
      return build(request, who, target, kind, invoke('', {}, replyToId), trigger);
  }
}
