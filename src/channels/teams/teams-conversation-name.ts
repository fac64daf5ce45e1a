// What people call a Teams conversation, for the list of subscribed conversations: "Forum partners
// › Reminders" for a team's channel, `group chat "Forum partners"` for a named group chat. A
// message in a channel carries only the team's and channel's ids, so the names are asked of the
// Bot Connector (the team's details and its channel list) when they are needed, once per
// subscription; an event that does carry them (the bot added to a team, a channel renamed) is
// read as it is.
import { TeamsInfo, type TurnContext } from 'botbuilder';

/** The team and channel of a channel conversation, with their names where the activity gives them. */
export interface ChannelFacts {
  teamId: string;
  teamName?: string;
  channelId: string;
  channelName?: string;
}

interface TeamsChannelData {
  team?: { id?: unknown; name?: unknown };
  channel?: { id?: unknown; name?: unknown };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined);

export function channelFacts(channelData: unknown): ChannelFacts | undefined {
  const data = (channelData ?? {}) as TeamsChannelData;
  const teamId = text(data.team?.id);
  if (!teamId) return undefined;
  const channelId = text(data.channel?.id) ?? teamId;
  const teamName = text(data.team?.name);
  // A team's General channel has the team's id and, in Teams' answers, no name of its own.
  const channelName = text(data.channel?.name) ?? (channelId === teamId ? 'General' : undefined);
  return { teamId, channelId, ...(teamName ? { teamName } : {}), ...(channelName ? { channelName } : {}) };
}

export const channelLabel = (team: string, channel: string): string => `${team} › ${channel}`;
export const groupChatLabel = (name: string): string => `group chat "${name}"`;

/** The name the activity itself gives, if it gives one. */
export function namedInActivity(conversationType: string | undefined, conversationName: string | undefined, channelData: unknown): string | undefined {
  if (conversationType === 'channel') {
    const facts = channelFacts(channelData);
    if (facts?.teamName && facts.channelName) return channelLabel(facts.teamName, facts.channelName);
    // A channel named without its team (as some clients send it): the channel's name is still better than none.
    return facts ? undefined : text((channelData as TeamsChannelData | undefined)?.channel?.name);
  }
  const name = text(conversationName);
  return conversationType === 'groupChat' && name ? groupChatLabel(name) : undefined;
}

/**
 * Asks the Bot Connector for the team's name and the channel's. Undefined when it cannot say
 * (the bot lacks the permission, the service is down): the subscription is listed without a name
 * rather than not made.
 */
export async function nameFromConnector(context: TurnContext): Promise<string | undefined> {
  const facts = channelFacts(context.activity.channelData);
  if (!facts) return undefined;
  const team = facts.teamName ?? text((await TeamsInfo.getTeamDetails(context, facts.teamId)).name);
  if (!team) return undefined;
  const channel = facts.channelName ?? text((await TeamsInfo.getTeamChannels(context, facts.teamId)).find((c) => c.id === facts.channelId)?.name);
  return channelLabel(team, channel ?? 'a channel');
}
