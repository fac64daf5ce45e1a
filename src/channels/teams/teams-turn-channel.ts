// Teams facts for the bot core, worked out in one place: who is talking (AAD object id + tenant),
// what kind of conversation it is, and whether the tenant is allowed at all.
import { TeamsInfo, TurnContext, type Activity } from 'botbuilder';
import { accountOf } from '../../domain/people/identities.ts';
import { TURN_CHANNEL, type ConversationKind, type TurnChannel } from '../../bot/turn.ts';
import type { PlatformIdentity } from '../../domain/model.ts';
import { channelFacts, nameFromConnector, namedInActivity } from './teams-conversation-name.ts';

export function tenantOf(activity: Activity): string | undefined {
  const fromChannelData: unknown = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? (typeof fromChannelData === 'string' ? fromChannelData : undefined);
}

function conversationKind(activity: Activity): ConversationKind {
  switch (activity.conversation?.conversationType) {
    case 'channel':
      return 'channel';
    case 'groupChat':
      return 'group';
    case 'personal':
      return 'personal';
    default:
      return activity.conversation?.isGroup ? 'group' : 'personal';
  }
}

function conversationName(activity: Activity): string | undefined {
  return namedInActivity(activity.conversation?.conversationType, activity.conversation?.name, activity.channelData);
}

/**
 * A shared channel may have members from other organisations (the bot cannot see its membership);
 * a speaker whose tenant is not the conversation's host tenant is one. Otherwise a channel or chat
 * is within the host organisation. A 1:1 chat is the person's own.
 */
function sharedOutside(activity: Activity): boolean | undefined {
  if (conversationKind(activity) === 'personal') return undefined;
  const channelType: unknown = (activity.channelData as { channel?: { type?: unknown } } | undefined)?.channel?.type;
  if (channelType === 'shared') return true;
  const host = activity.conversation?.tenantId?.toLowerCase();
  const speaker = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (host && typeof speaker === 'string' && speaker.toLowerCase() !== host) return true;
  return false;
}

/** Teams' channel events (conversationUpdate with `channelData.eventType`), as the core's conversation change. */
function conversationChangeOf(activity: Activity): Pick<TurnChannel, 'conversationChange'> {
  if (activity.type !== 'conversationUpdate') return {};
  const eventType: unknown = (activity.channelData as { eventType?: unknown } | undefined)?.eventType;
  const facts = channelFacts(activity.channelData);
  if (!facts) return {};
  if (eventType === 'channelRenamed' && facts.channelName) return { conversationChange: { kind: 'renamed', conversationId: facts.channelId, name: facts.channelName } };
  if (eventType === 'channelDeleted') return { conversationChange: { kind: 'removed', conversationId: facts.channelId, reason: 'the Teams channel was deleted' } };
  return {};
}

/** Dialogs, including a message extension's, answer the person who opened them alone, even in a channel. */
const PRIVATE_INVOKES = new Set(['task/fetch', 'task/submit', 'composeExtension/fetchTask', 'composeExtension/submitAction']);

/**
 * Where the conversation's subscription points. In a Teams channel each post carries its own
 * thread in the conversation id (`19:…@thread.tacv2;messageid=…`, as Microsoft's docs show for a
 * channel message): the channel itself is the id without it. So `subscribe` and `unsubscribe`
 * typed in different posts find one subscription, and reminders start new posts in the channel
 * rather than replies buried in the thread of whichever post subscribed it.
 */
function conversationTargetOf(conversationId: string, reference: Record<string, unknown>): NonNullable<TurnChannel['conversationTarget']> {
  const channel = conversationId.split(';')[0] ?? conversationId;
  const conversation = reference.conversation && typeof reference.conversation === 'object' ? { ...(reference.conversation as Record<string, unknown>), id: channel } : { id: channel };
  return { platform: 'teams', conversationId: channel, conversationReference: { ...reference, conversation } };
}

export function teamsTurnChannel(activity: Activity, context?: TurnContext): TurnChannel {
  const aadObjectId = activity.from?.aadObjectId?.toLowerCase();
  const tenantId = tenantOf(activity);
  const identity: PlatformIdentity | undefined = aadObjectId && tenantId ? { platform: 'teams', aadObjectId, tenantId } : undefined;
  const conversationId = activity.conversation?.id;
  const reference: Record<string, unknown> = JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as Record<string, unknown>;
  return {
    via: 'teams',
    conversation: conversationKind(activity),
    // A card's answer to one viewer's refresh (Universal Actions) is shown to that viewer alone.
    perViewerCards: true,
    ...(identity ? { identity, account: accountOf(identity) } : {}),
    ...(conversationName(activity) ? { conversationName: conversationName(activity) } : {}),
    ...(sharedOutside(activity) !== undefined ? { sharedOutside: sharedOutside(activity) } : {}),
    ...(context && !conversationName(activity) && activity.conversation?.conversationType === 'channel' ? { describeConversation: () => nameFromConnector(context) } : {}),
    ...conversationChangeOf(activity),
    ...(context && tenantId && conversationKind(activity) !== 'personal' ? { conversationMembers: () => rosterOf(context, tenantId) } : {}),
    // A dialog shows its answers to the person who opened it alone, even in a channel.
    ...(activity.type === 'invoke' && PRIVATE_INVOKES.has(activity.name ?? '') ? { privateReplies: true } : {}),
    ...(conversationId ? { conversationTarget: conversationTargetOf(conversationId, reference) } : {}),
  };
}

/** Bounded: a forum's chats and teams are small; a huge team lists its first pages only. */
const ROSTER_PAGE = 200;
const ROSTER_PAGES = 5;

/** The conversation's members (TeamsInfo.getPagedMembers: a chat's, or a channel's team's) with their account codes. */
async function rosterOf(context: TurnContext, tenantId: string): Promise<{ account: string; name: string }[]> {
  const found: { account: string; name: string }[] = [];
  let token: string | undefined;
  for (let page = 0; page < ROSTER_PAGES; page += 1) {
    const result = await TeamsInfo.getPagedMembers(context, ROSTER_PAGE, token);
    for (const member of result.members) {
      const aad = member.aadObjectId?.toLowerCase();
      if (aad && member.name) found.push({ account: accountOf({ platform: 'teams', aadObjectId: aad, tenantId }), name: member.name });
    }
    token = result.continuationToken;
    if (!token) break;
  }
  return found;
}

export const TENANT_REFUSAL =
  "Sorry, this bot serves the partners of Rotherham's Stronger Communities Forum, and your organisation's Microsoft 365 tenant is not set up to use it. If you are a forum partner, ask the forum coordinator to add it.";

/**
 * Middleware: refuses other tenants politely (and nothing else), then leaves the Teams facts on
 * the turn for the bot core.
 */
export function teamsChannelMiddleware(allowedTenants: readonly string[]) {
  const allowed = new Set(allowedTenants.map((t) => t.toLowerCase()));
  return async (context: TurnContext, next: () => Promise<void>): Promise<void> => {
    const tenant = tenantOf(context.activity)?.toLowerCase();
    if (allowed.size > 0 && (!tenant || !allowed.has(tenant))) {
      await refuse(context);
      return;
    }
    context.turnState.set(TURN_CHANNEL, teamsTurnChannel(context.activity, context));
    await next();
  };
}

async function refuse(context: TurnContext): Promise<void> {
  const { type, name } = context.activity;
  if (type === 'invoke' && name === 'adaptiveCard/action') {
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: TENANT_REFUSAL } } });
  } else if (type === 'invoke' && (name === 'task/fetch' || name === 'task/submit' || name === 'composeExtension/fetchTask' || name === 'composeExtension/submitAction')) {
    // A dialog shows the refusal in place of the form.
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { task: { type: 'message', value: TENANT_REFUSAL } } } });
  } else if (type === 'invoke' && name === 'composeExtension/query') {
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { composeExtension: { type: 'message', text: TENANT_REFUSAL } } } });
  } else if (type === 'invoke' && name === 'composeExtension/queryLink') {
    // A link pasted in another organisation's tenant: not unfurled, and nothing said.
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } } } });
  } else if (type === 'message') {
    await context.sendActivity(TENANT_REFUSAL);
  }
  // Installs, conversation updates and other events from such a tenant get no answer at all.
}
