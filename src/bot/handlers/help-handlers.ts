// Help, the welcome card, and the answer to a command the bot does not know.
import { may } from '../../domain/access/permissions.ts';
import type { CardButton } from '../../cards/card-models.ts';
import { renderCard } from '../../cards/render-card.ts';
import { commandReference } from '../commands/commands.ts';
import { cardReply, type Reply, type Turn } from '../turn.ts';
import { organisationName } from './describe.ts';

const START_BUTTONS: CardButton[] = [
  { title: 'My milestones', verb: 'milestones.page', data: { query: 'milestones mine', page: 1 } },
  { title: 'Overdue', verb: 'milestones.page', data: { query: 'milestones overdue', page: 1 } },
  { title: 'Plan summary', verb: 'summary.show', data: {} },
  { title: 'Log intelligence', verb: 'intel.new', data: {} },
];

/** Coordinators' commands are shown to those who can run the first of them. */
function isAdmin(turn: Turn): boolean {
  return may(turn.person, 'meetings.manage');
}

export function showHelp(turn: Turn, suggestion?: string): Reply {
  const card = renderCard('help', {
    intro: 'Type one of these here (in a channel, @mention me first). Words in [brackets] are optional; capitals and extra words do not matter.',
    ...(suggestion ? { suggestion } : {}),
    commands: commandReference(isAdmin(turn)).map(({ usage, summary }) => ({ usage, summary })),
    buttons: START_BUTTONS,
  });
  return cardReply(card, 'What I can do');
}

export function unknownCommand(turn: Turn, text: string, suggestion?: string): Reply {
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  const line = suggestion ? `I don't know "${shown}". Did you mean \`${suggestion}\`?` : `I don't know "${shown}". Here is what I can do:`;
  return showHelp(turn, line);
}

export function welcome(turn: Turn): Reply {
  const who = turn.person
    ? `You are ${turn.person.displayName}${turn.person.organisationId ? ` (${organisationName(turn.deps.store, turn.person.organisationId)})` : ''}; roles: ${turn.person.roles.join(', ')}.`
    : 'I do not know you yet: you can look at the plan now, and a forum coordinator can link your account so you can update your milestones (type `whoami`).';
  const card = renderCard('welcome', {
    title: 'Stronger Communities Forum',
    intro:
      "I keep the forum's Building Stronger Communities action plan at hand (find milestones, see where the plan stands, update the ones you own) and take community intelligence privately, so partners can respond early.",
    personLine: who,
    examples: [
      { usage: 'milestones', summary: 'yours (in a 1:1 chat) or the whole plan' },
      { usage: 'milestones overdue police', summary: 'filter by due date, status, theme or organisation' },
      { usage: 'summary', summary: 'the plan by theme and status' },
      { usage: 'log intel', summary: 'report a tension, incident, protest or rumour, privately' },
      { usage: 'help', summary: 'everything I can do' },
    ],
    buttons: START_BUTTONS,
  });
  return cardReply(card, 'Welcome to the Stronger Communities Forum bot');
}
