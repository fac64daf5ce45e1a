// Teams facts for the bot core, worked out in one place: who is talking (AAD object id + their own
// tenant), what kind of conversation it is, and whether the tenants are allowed at all.
import { TeamsInfo, TurnContext, type Activity } from 'botbuilder';
import type { Logger } from 'pino';
import { accountCodeOf, accountOf } from '../../domain/people/identities.ts';
import { TURN_CHANNEL, type ConversationKind, type TurnChannel } from '../../bot/turn.ts';
import type { PlatformIdentity } from '../../domain/model.ts';
import { channelFacts, nameFromConnector, namedInActivity } from './teams-conversation-name.ts';
import { hostTenantOf, inSharedChannel, MemberTenants, type MemberTenant } from './member-tenant.ts';

/**
 * Why the bot cannot reach a shared-channel member of another organisation privately, and what
 * they can do. Microsoft: "Attempt to send a direct message from your bot to the external user:
 * this functionality fails if the user is outside your tenant" (msteams-docs,
 * build-apps-for-shared-private-channels.md), and apps "aren't supported in one-on-one chats ...
 * with external users" (shared-channels.md).
 */
export const OUTSIDE_TENANT_REACH = {
  why: 'you are taking part from another organisation\'s Microsoft 365 in a shared channel, and Teams does not let me chat with people of another organisation 1:1',
  whatToDo: 'Ask the forum coordinator to invite you to the council\'s Microsoft 365 as a guest (see "Partners from other organisations" in the bot\'s guide): as a guest you can use everything, in your own 1:1 chat with me.',
};

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
function sharedOutside(activity: Activity, speakerFromElsewhere: boolean): boolean | undefined {
  if (conversationKind(activity) === 'personal') return undefined;
  if (inSharedChannel(activity) || speakerFromElsewhere) return true;
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

/**
 * `member`: the speaker's own tenant (member-tenant.ts); without it (a shared-channel member the
 * Connector could not tell about) they are someone the forum does not know, in this turn.
 */
export function teamsTurnChannel(activity: Activity, context: TurnContext | undefined, member: MemberTenant | undefined): TurnChannel {
  const aadObjectId = activity.from?.aadObjectId?.toLowerCase();
  const host = hostTenantOf(activity);
  const tenantId = member?.tenantId;
  const identity: PlatformIdentity | undefined = aadObjectId && tenantId ? { platform: 'teams', aadObjectId, tenantId } : undefined;
  const conversationId = activity.conversation?.id;
  const reference: Record<string, unknown> = JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as Record<string, unknown>;
  const outsider = Boolean(tenantId && host && tenantId !== host);
  return {
    via: 'teams',
    conversation: conversationKind(activity),
    // A card's answer to one viewer's refresh (Universal Actions) is shown to that viewer alone.
    perViewerCards: true,
    ...(identity ? { identity, account: accountOf(identity), accountCode: accountCodeOf(identity, host) } : {}),
    ...(host ? { hostTenantId: host } : {}),
    ...(outsider ? { notReachablePrivately: OUTSIDE_TENANT_REACH } : {}),
    ...(conversationName(activity) ? { conversationName: conversationName(activity) } : {}),
    ...(sharedOutside(activity, outsider) !== undefined ? { sharedOutside: sharedOutside(activity, outsider) } : {}),
    ...(context && !conversationName(activity) && activity.conversation?.conversationType === 'channel' ? { describeConversation: () => nameFromConnector(context) } : {}),
    ...conversationChangeOf(activity),
    ...(context && host && conversationKind(activity) !== 'personal' ? { conversationMembers: () => rosterOf(context, host) } : {}),
    // A dialog shows its answers to the person who opened it alone, even in a channel.
    ...(activity.type === 'invoke' && PRIVATE_INVOKES.has(activity.name ?? '') ? { privateReplies: true } : {}),
    ...(conversationId ? { conversationTarget: conversationTargetOf(conversationId, reference) } : {}),
  };
}

/** Bounded: a forum's chats and teams are small; a huge team lists its first pages only. */
const ROSTER_PAGE = 200;
const ROSTER_PAGES = 5;

/**
 * The conversation's members (TeamsInfo.getPagedMembers: a chat's, or a channel's team's) with their
 * account codes; each member's own `tenantId` where the roster gives it (a shared channel's members
 * from another organisation), the host's otherwise.
 */
async function rosterOf(context: TurnContext, host: string): Promise<{ account: string; name: string }[]> {
  const found: { account: string; name: string }[] = [];
  let token: string | undefined;
  for (let page = 0; page < ROSTER_PAGES; page += 1) {
    const result = await TeamsInfo.getPagedMembers(context, ROSTER_PAGE, token);
    for (const member of result.members) {
      const aad = member.aadObjectId?.toLowerCase();
      const tenantId = member.tenantId?.toLowerCase() ?? host;
      if (aad && member.name) found.push({ account: accountCodeOf({ platform: 'teams', aadObjectId: aad, tenantId }, host), name: member.name });
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
 * the turn for the bot core. ALLOWED_TENANTS is checked twice: the conversation's host tenant
 * (where the bot is installed and posts), and the speaker's own tenant (whose people may use it).
 * A shared-channel member whose tenant cannot be learnt is served as someone the forum does not
 * know (the host let them into the channel; they can read what the channel reads).
 */
export function teamsChannelMiddleware(allowedTenants: readonly string[], log?: Logger, members = new MemberTenants()) {
  const allowed = new Set(allowedTenants.map((t) => t.toLowerCase()));
  const isAllowed = (tenant: string | undefined) => allowed.size === 0 || (tenant !== undefined && allowed.has(tenant));
  return async (context: TurnContext, next: () => Promise<void>): Promise<void> => {
    if (!isAllowed(hostTenantOf(context.activity))) {
      await refuse(context);
      return;
    }
    const member = await members.of(context, (error) => log?.warn({ err: error }, 'could not ask the Bot Connector which tenant a shared-channel member belongs to; served as someone the forum does not know'));
    if (member && !isAllowed(member.tenantId)) {
      log?.info({ tenant: member.tenantId }, 'refused a shared-channel member whose own tenant is not on ALLOWED_TENANTS');
      await refuse(context);
      return;
    }
    context.turnState.set(TURN_CHANNEL, teamsTurnChannel(context.activity, context, member));
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
