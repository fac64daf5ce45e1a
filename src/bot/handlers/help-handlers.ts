// Help, the welcome card, and the answer to a command the bot does not know. Both lead with the
// few things people do, as buttons; the full command reference is one tap away (All commands).
import { may } from '../../domain/access/permissions.ts';
import type { CardButton } from '../../cards/card-models.ts';
import { dialogButton } from '../../cards/buttons.ts';
import { renderCard } from '../../cards/render-card.ts';
import { commandReference } from '../commands/commands.ts';
import { cardReply, type Reply, type Turn } from '../turn.ts';
import { organisationName } from './describe.ts';

const START_BUTTONS: CardButton[] = [
  { title: 'My milestones', verb: 'milestones.page', data: { query: 'milestones mine', page: 1 } },
  { title: 'Overdue', verb: 'milestones.page', data: { query: 'milestones overdue', page: 1 } },
  { title: 'Plan summary', verb: 'summary.show', data: {} },
  { title: 'Meetings', verb: 'meetings.show', data: {} },
  dialogButton('Log intelligence', 'intel.new'),
];

/** Coordinators' commands are shown to those who can run the first of them. */
function isAdmin(turn: Turn): boolean {
  return may(turn.person, 'meetings.manage');
}

/** How to ask here: in a shared conversation the bot hears only what @mentions it. */
function howToAsk(turn: Turn): string {
  return turn.conversation === 'personal' ? 'Tap a button, or type what you need (e.g. milestones overdue).' : 'Tap a button, or @mention me with what you need (e.g. @Stronger Communities milestones overdue).';
}

export function showHelp(turn: Turn, suggestion?: string): Reply {
  const card = renderCard('help', {
    intro: howToAsk(turn),
    ...(suggestion ? { suggestion } : {}),
    buttons: START_BUTTONS,
    moreText: 'Updating a milestone, meetings, reminders and everything else: All commands.',
    referenceIntro: `Type one of these${turn.conversation === 'personal' ? '' : ' after @mentioning me'}. Words in [brackets] are optional; capitals and extra words do not matter.`,
    commands: commandReference(isAdmin(turn)).map(({ usage, summary }) => ({ usage, summary })),
  });
  return cardReply(card, 'What I can do');
}

export function unknownCommand(turn: Turn, text: string, suggestion?: string): Reply {
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  const line = suggestion ? `I don't know "${shown}". Did you mean \`${suggestion}\`?` : `I don't know "${shown}". Here is what I can do:`;
  return showHelp(turn, line);
}

/**
 * Said when the bot is added to a conversation. Only in a 1:1 chat does it say who it takes the
 * reader to be: in a channel or group chat the event comes from whoever added the bot, and their
 * name and roles are nobody else's business.
 */
export function welcome(turn: Turn): Reply {
  const personal = turn.conversation === 'personal';
  const who = !personal
    ? undefined
    : turn.person
      ? `You are ${turn.person.displayName}${turn.person.organisationId ? ` (${organisationName(turn.deps.store, turn.person.organisationId)})` : ''}; roles: ${turn.person.roles.join(', ')}.`
      : 'I do not know you yet: you can look at the plan now, and a forum coordinator can link your account so you can update your milestones (type whoami).';
  const card = renderCard('welcome', {
    title: 'Stronger Communities Forum',
    intro:
      "I keep the forum's Building Stronger Communities action plan at hand (find milestones, see where the plan stands, update the ones you own) and take community intelligence privately, so partners can respond early.",
    ...(who ? { personLine: who } : {}),
    buttons: [...START_BUTTONS, { title: 'Help', verb: 'help.show', data: {} }],
    howText: personal
      ? `${howToAsk(turn)} Help lists everything.`
      : `${howToAsk(turn)} Forum coordinators: @mention me with subscribe reminders to get meeting reminders here.`,
  });
  return cardReply(card, 'Welcome to the Stronger Communities Forum bot');
}
