// Whether the bot can reach an account privately (a 1:1 chat, a DM) for what a role sends there:
// intelligence alerts, nudges to update, notices. Teams: a Single Tenant bot chats 1:1 only with
// accounts of its own tenant (Microsoft: a direct message from the bot to a user outside the
// tenant "fails"; apps are not supported in one-on-one chats with external users). Slack: the app is
// installed in the forum's workspace; someone met in a Slack Connect channel belongs to another
// workspace, where the app has no Messages tab. A B2B guest in the council's tenant, or a member
// of the council's workspace, is reachable.
import type { PlatformIdentity } from '../../domain/model.ts';
import type { Turn } from '../turn.ts';

/** Where the bot lives: its Teams tenant (MicrosoftAppTenantId) and the Slack workspace its token belongs to. */
export interface BotHomes {
  teamsTenantId?: string;
  /** The workspace (auth.test's team_id) and, on Enterprise Grid, the organisation; undefined while unknown. */
  slack?: () => Promise<{ teamId: string; enterpriseId?: string } | undefined>;
}

/** Why the account cannot be reached privately, as a clause after its name; undefined when it can (or the bot cannot tell). */
export async function privateReachProblem(turn: Turn, identity: PlatformIdentity): Promise<string | undefined> {
  const homes = turn.deps.homes;
  if (identity.platform === 'teams') {
    const home = (homes?.teamsTenantId ?? turn.channel.hostTenantId)?.toLowerCase();
    if (!home || identity.tenantId.toLowerCase() === home) return undefined;
    return 'belongs to another organisation\'s Microsoft 365 tenant, and Teams does not let me chat 1:1 with people of another organisation (they meet me only in a shared channel)';
  }
  let home: { teamId: string; enterpriseId?: string } | undefined;
  try {
    home = await homes?.slack?.();
  } catch (error) {
    turn.deps.logger.warn({ err: error }, 'could not learn the Slack workspace the app is installed in');
    return undefined;
  }
  if (!home || identity.teamId === home.teamId || identity.teamId === home.enterpriseId) return undefined;
  return 'belongs to another Slack workspace (met in a Slack Connect channel), where this app is not installed, so I cannot send them direct messages';
}

/** A problem only if no account of the person can be reached (one reachable account is enough). */
export async function reachProblemOf(turn: Turn, identities: readonly PlatformIdentity[]): Promise<string | undefined> {
  let problem: string | undefined;
  for (const identity of identities) {
    const found = await privateReachProblem(turn, identity);
    if (!found) return undefined;
    problem ??= found;
  }
  return problem;
}

/** The warning an admin reads when giving a role to someone the bot cannot reach privately. */
export function unreachableRoleWarning(name: string, problem: string, given: string): string {
  return `Warning: ${name} ${problem}. ${given} was still given, but what it sends privately (intelligence alerts, nudges to update, notices) cannot reach them. For that, invite them as a guest of the council's Microsoft 365, or as a member of the forum's Slack workspace, and add that account instead (see docs/partners.md).`;
}
