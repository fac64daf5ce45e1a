// One command registry, four places people read it: `help`, docs/commands.md, the Teams command
// menu and the Slack /forum hint. test/teams-manifest.test.ts and test/slack-manifest.test.ts check
// each committed manifest against its generator; this file checks the reference document against
// its generator and the registry, and that what each surface actually shows agrees with `help` as
// the running bot answers it over HTTP.
import { MESSAGE_SHORTCUT_IDS } from '../src/channels/slack/slack-activities.ts';
import { SHARE_SHORTCUT_ID } from '../src/channels/slack/slack-share.ts';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { load } from 'js-yaml';
import { COMMANDS, type CommandDefinition } from '../src/bot/commands/commands.ts';
import { cardActionRoutes } from '../src/bot/routes.ts';
import { COMMANDS_DOC, commandReferenceMarkdown } from '../src/cli/commands-doc.ts';
import { MANIFEST_FILE } from '../src/cli/package-teams-app.ts';
import { MANIFEST_FILES } from '../src/cli/slack-manifest.ts';
import { registerTeamsPerson } from './helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from './helpers/running-bot.ts';
import { cardOf, messageActivity, postActivity, teamsUser } from './helpers/teams-activities.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';

const doc = () => readFileSync(COMMANDS_DOC, 'utf8');
const everyone = COMMANDS.filter((c) => c.audience === 'everyone');
const nameOf = (c: CommandDefinition) => (c.phrases[0] ?? []).join(' ');
const byUsage = (usage: string) => COMMANDS.find((c) => c.usage === usage);
/** Usage without its optional [parts], as the Slack hint shows it. */
const withoutOptional = (usage: string) => usage.replace(/\s*\[[^\]]*\]/g, '').trim();

/** The usage cells of the table under a `## heading` of docs/commands.md, read back from the Markdown. */
function docUsages(heading: string): string[] {
  const section = doc().split(/^## /m).find((s) => s.startsWith(heading)) ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => (/^\| `((?:[^`])*)`/.exec(line)?.[1] ?? '').replace(/\\\|/g, '|'));
}

/** The help card's command list (under its All commands button), as (usage, summary) pairs in the order shown. */
function helpCommands(card: unknown): { usage: string; summary: string }[] {
  const found: { usage: string; summary: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const item = node as { type?: string; inlines?: { text?: string; fontType?: string }[] };
    if (item.type === 'RichTextBlock' && item.inlines?.[0]?.fontType === 'Monospace') found.push({ usage: item.inlines[0].text ?? '', summary: (item.inlines[1]?.text ?? '').trim() });
    Object.values(node).forEach(walk);
  };
  walk((card as { actions?: unknown } | undefined)?.actions);
  return found;
}

describe('the command reference (docs/commands.md)', () => {
  it('is what npm run docs:commands writes from the registry and the routes (run it after changing either)', () => {
    expect(doc()).to.equal(commandReferenceMarkdown());
  });

  it('has one row per registry command, under who may use it, in registry order', () => {
    expect(docUsages('Everyone')).to.deep.equal(everyone.map((c) => c.usage));
    expect(docUsages('Coordinators and admins')).to.deep.equal(COMMANDS.filter((c) => c.audience === 'admin').map((c) => c.usage));
    for (const c of COMMANDS) expect(doc(), c.kind).to.include(c.summary.replace(/\|/g, '\\|'));
  });

  it('names every card-action verb the bot routes', () => {
    const section = doc().split(/^## /m).find((s) => s.startsWith('Card buttons and forms')) ?? '';
    const verbs = [...section.matchAll(/`([a-z]+\.[a-z-]+)`/g)].map((m) => m[1]);
    expect(verbs).to.deep.equal(Object.keys(cardActionRoutes).sort());
  });
});

describe('help, the Teams menu, the Slack hint and the reference agree', function () {
  let bot: RunningBot;
  const member = teamsUser('Mo Member');
  const coordinator = teamsUser('Chris Coordinator');

  before(async () => {
    bot = await startRunningBot();
    await registerTeamsPerson(bot.store, member, ['member']);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  async function help(from: typeof member) {
    const answer = await postActivity(bot.url, messageActivity('help', { from }));
    expect(answer.status).to.equal(200);
    return helpCommands(cardOf(answer.activities[0]));
  }

  it('help lists exactly the registry commands in order: everyone\'s for a member, all of them for a coordinator', async () => {
    expect(await help(member)).to.deep.equal(everyone.map(({ usage, summary }) => ({ usage, summary })));
    expect(await help(coordinator)).to.deep.equal(COMMANDS.map(({ usage, summary }) => ({ usage, summary })));
  });

  it('the committed Teams menu, Slack /forum hint and docs show the commands a member\'s help shows', async () => {
    const shown = (await help(member)).map((h) => byUsage(h.usage));
    expect(shown.every(Boolean), 'every help line is a registry command').to.equal(true);
    const commands = shown.filter((c): c is CommandDefinition => c !== undefined);

    // Teams menus offer a chosen few per scope (test/teams-manifest.test.ts): each is a registry command, described as help describes it.
    const teams = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as { bots: { commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[] };
    for (const list of teams.bots[0]?.commandLists ?? []) {
      for (const item of list.commands) expect(COMMANDS.some((c) => nameOf(c) === item.title && c.summary === item.description), `${list.scopes.join()}: ${item.title}`).to.equal(true);
    }

    for (const file of Object.values(MANIFEST_FILES)) {
      const slack = load(readFileSync(file, 'utf8')) as { features: { slash_commands: { usage_hint: string }[]; shortcuts?: { callback_id: string }[] } };
      expect(slack.features.slash_commands[0]?.usage_hint, file).to.equal(commands.map((c) => withoutOptional(c.usage)).join(' | '));
      const kinds = new Set<string>(COMMANDS.map((c) => c.kind));
      // A message shortcut is one the channel listens for (slack-activities.ts); any other shortcut names a registry command.
      const messageShortcuts = new Set<string>([...MESSAGE_SHORTCUT_IDS, SHARE_SHORTCUT_ID]);
      expect((slack.features.shortcuts ?? []).filter((s) => !kinds.has(s.callback_id) && !messageShortcuts.has(s.callback_id)), 'Slack shortcuts name registry commands or the message shortcuts the channel handles').to.deep.equal([]);
    }

    expect(docUsages('Everyone')).to.deep.equal(commands.map((c) => c.usage));
  });
});
