// What a person must be reachable privately to use: the features that collect or reveal private
// data (intelligence, the Home dashboard, people's accounts, grant applications with applicants'
// contact details). A Teams shared-channel member of another organisation cannot chat with the bot
// 1:1 (TurnChannel.notReachablePrivately): these are refused to them, saying why and what to do;
// everything the channel itself shows (milestones, updates, meetings, the plan) still works.
import type { CardVerb } from './card-actions.ts';
import type { CommandKind } from './commands/commands.ts';
import type { BotEventName } from './routes.ts';
import { textReply, type Reply, type Turn } from './turn.ts';

const PRIVATE_COMMANDS: ReadonlySet<CommandKind> = new Set<CommandKind>(['log-intel', 'intel', 'intel-export', 'home', 'people', 'add-person', 'grant-enter']);

const PRIVATE_VERBS: ReadonlySet<CardVerb> = new Set<CardVerb>([
  'intel.new',
  'intel.from-message',
  'intel.amend',
  'intel.show',
  'intel.submit',
  'intel.review',
  'intel.list',
  'person.new',
  'person.edit',
  'person.save',
  'grant.show',
  'grant.score-form',
  'grant.score',
  'grant.decide-form',
  'grant.decide',
  'grant.pay-form',
  'grant.pay',
  'grant.new-link',
  'grant.enter',
]);

const PRIVATE_EVENTS: ReadonlySet<BotEventName> = new Set<BotEventName>(['forum/home']);

/** The refusal for a private feature asked for by someone the bot cannot reach privately; undefined when it may go ahead. */
export function privateFeatureRefusal(turn: Turn, asked: { command: CommandKind } | { verb: CardVerb } | { event: BotEventName }): Reply | undefined {
  const reach = turn.channel.notReachablePrivately;
  if (!reach) return undefined;
  const isPrivate = 'command' in asked ? PRIVATE_COMMANDS.has(asked.command) : 'verb' in asked ? PRIVATE_VERBS.has(asked.verb) : PRIVATE_EVENTS.has(asked.event);
  if (!isPrivate) return undefined;
  turn.deps.logger.info({ asked }, 'refused a private feature to someone the bot cannot reach privately');
  return textReply(
    `That is one of my private features (intelligence reports, your Home, people and grant applications), and ${reach.why}, so I cannot keep it private to you or follow it up. ${reach.whatToDo} Here in the channel you can still see the plan, milestones and meetings, and update the milestones you own.`,
  );
}
