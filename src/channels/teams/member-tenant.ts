// Whose organisation a Teams user belongs to: their own Microsoft Entra tenant, which is not always
// the conversation's. Microsoft documents `conversation.tenantId` as the tenant that hosts the
// conversation ("to retrieve the host tenant ID for any event or action payload received by a bot,
// use turnContext.activity.conversation.tenantId", msteams-docs build-apps-for-shared-private-
// channels.md). In a 1:1 chat, a group chat or a standard channel that is also the speaker's own
// tenant: a B2B guest is an account of the host tenant. In a shared channel, a member may come
// from another organisation without a guest account, and the activity does not say which: the
// Bot Connector's member lookup (GET /v3/conversations/{id}/members/{userId}, "Get single member
// details" in msteams-docs get-teams-context.md) answers with the member's own `tenantId` and
// `userRole` ("user", "guest", "anonymous").
//
// `channelData.membershipSource.tenantId` (Microsoft's shared-channel payloads, microsoft/Agents
// issue 179) is the tenant of the team through which someone is a member, not necessarily their
// own (a direct member from elsewhere has the channel as source), so it is not used for identity.
import type { Activity, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { z } from 'zod';

export interface MemberTenant {
  /** The user's own tenant. */
  tenantId: string;
  /** Teams' `userRole` where the Connector said it ("user", "guest", "anonymous"). */
  userRole?: string;
}

/** The tenant that hosts the conversation (the Teams docs' host tenant). */
export function hostTenantOf(activity: Activity): string | undefined {
  const fromChannelData: unknown = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenant = activity.conversation?.tenantId ?? (typeof fromChannelData === 'string' ? fromChannelData : undefined);
  return tenant?.toLowerCase();
}

/**
 * A shared channel, as Teams marks it: `channelData.channel.type` "shared" in Microsoft's published
 * payloads (microsoft/Agents issue 179); `membershipType` "shared" is the name the Graph API and the
 * tab context give the same fact, accepted too.
 */
export function inSharedChannel(activity: Activity): boolean {
  const channel = (activity.channelData as { channel?: { type?: unknown; membershipType?: unknown } } | undefined)?.channel;
  return channel?.type === 'shared' || channel?.membershipType === 'shared';
}

const memberSchema = z.object({ tenantId: z.string().regex(/^[0-9a-f-]{36}$/i), userRole: z.string().max(40).optional() });

/** Bounded: one entry per person met in a shared channel, forgotten after a while (memberships change). */
const CACHE_SIZE = 500;
const CACHE_MS = 10 * 60_000;

export class MemberTenants {
  private readonly known = new Map<string, { member: MemberTenant; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The speaker's own tenant: the host's outside shared channels; in a shared channel, the
   * Connector's answer (remembered a while), or undefined when it could not be asked.
   */
  async of(context: TurnContext, onFailure: (error: unknown) => void): Promise<MemberTenant | undefined> {
    const activity = context.activity;
    const host = hostTenantOf(activity);
    if (!inSharedChannel(activity)) return host ? { tenantId: host } : undefined;
    const userId = activity.from?.id;
    const conversationId = activity.conversation?.id?.split(';')[0];
    if (!userId || !conversationId || !host) return undefined;
    const key = `${host}|${userId}`;
    const cached = this.known.get(key);
    if (cached && this.now() - cached.at < CACHE_MS) return cached.member;
    try {
      const member = await lookUp(context, conversationId, userId);
      if (!member) return undefined;
      this.known.delete(key);
      this.known.set(key, { member, at: this.now() });
      if (this.known.size > CACHE_SIZE) this.known.delete(this.known.keys().next().value ?? '');
      return member;
    } catch (error) {
      onFailure(error);
      return undefined;
    }
  }
}

async function lookUp(context: TurnContext, conversationId: string, userId: string): Promise<MemberTenant | undefined> {
  const client = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
  if (!client) return undefined;
  const answer = await client.conversations.getConversationMember(conversationId, userId);
  // The SDK types the answer as a ChannelAccount; Teams' own fields are read from what was sent.
  const raw: unknown = answer._response?.bodyAsText ? safeJson(answer._response.bodyAsText) : answer;
  const parsed = memberSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  return { tenantId: parsed.data.tenantId.toLowerCase(), ...(parsed.data.userRole ? { userRole: parsed.data.userRole } : {}) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: treated as no answer (the caller then knows no tenant).
    return undefined;
  }
}
