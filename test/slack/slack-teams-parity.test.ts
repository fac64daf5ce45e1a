// One bot, two channels, the same answers: every command of the command language is sent by the
// same person from Teams (/api/messages, expectReplies: an Adaptive Card or text) and from Slack
// (a DM answered with chat.postMessage, or /forum opening a form with views.open), and what each
// shows is compared as content, not markup: every line the Teams reply shows appears in the Slack
// reply, and the facts people act on (ids, statuses, dates, counts, choices) are the same.
import { expect } from 'chai';
import { localDate } from '../../src/domain/calendar.ts';
import { findMilestones } from '../../src/domain/milestones/milestone-queries.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { dmChannelOf, dmEvent, eventBody, postSlack, slackEnv, slashCommand, slackUser } from '../helpers/slack-requests.ts';
import { startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { cardOf, messageActivity, postActivity, teamsUser, TENANT, type Activity } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

/** What a reply shows, as plain lines of text. */
interface Shown {
  lines: string[];
  /** Choices preselected in a form (Teams: the input's value; Slack: initial_option(s)). */
  selected: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Markup out, content in: entities decoded, emphasis and look-alike markers, colour marks and bullets dropped. */
function plain(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[*_~`∗ˍ∼ˋ\u200B]/g, '')
    .replace(/[🔴🟠🟢🔵]/gu, '')
    .replace(/^\s*[-•] /gm, '')
    .replace(/[ \t]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}

const ACCOUNT = /\b(?:teams:[0-9a-f-]{36}|slack:T[A-Z0-9]+:[UW][A-Z0-9]+)\b/g;
const linesOf = (texts: readonly string[]): string[] => texts.flatMap((t) => plain(t.replace(ACCOUNT, '<account>')).split('\n')).filter(Boolean);

/** Everything an Adaptive Card shows: texts, runs, facts, button titles, input labels, prefilled values, choices. */
function teamsShown(activity: Activity | undefined): Shown {
  const card = cardOf(activity);
  if (!card) return { lines: linesOf([typeof activity?.text === 'string' ? activity.text : '']), selected: [] };
  const texts: string[] = [];
  const selected: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isRecord(node)) return;
    const type = typeof node.type === 'string' ? node.type : '';
    if (['TextBlock', 'TextRun'].includes(type) && typeof node.text === 'string') texts.push(node.text);
    if (type.startsWith('Action.') && typeof node.title === 'string') texts.push(node.title);
    // A ShowCard's card is shown one tap later, on both platforms: only its button is on the message.
    if (type === 'Action.ShowCard') return;
    if (type.startsWith('Input.') && typeof node.label === 'string') texts.push(node.label);
    if (['Input.Text', 'Input.Date'].includes(type) && typeof node.value === 'string') texts.push(node.value);
    if (type === 'Input.ChoiceSet' && Array.isArray(node.choices)) {
      const chosen = new Set(typeof node.value === 'string' ? node.value.split(',') : []);
      for (const choice of node.choices.filter(isRecord)) {
        texts.push(String(choice.title));
        if (chosen.has(String(choice.value))) selected.push(String(choice.title));
      }
      return;
    }
    if (type === 'Fact') texts.push(String(node.title), String(node.value));
    for (const [key, value] of Object.entries(node)) if (key !== 'data') walk(value);
  };
  walk(card);
  return { lines: linesOf(texts), selected };
}

/** Everything a Slack message or modal shows: text objects, field texts, options, prefilled values. */
function slackShown(payload: Record<string, unknown>): Shown {
  const texts: string[] = [];
  const selected: string[] = [];
  const walk = (node: unknown, key = ''): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, key));
    if (!isRecord(node)) return;
    // The preselected option repeats one of the options: it is a choice, not more text.
    if (key === 'initial_option' || key === 'initial_options') return void selected.push(isRecord(node.text) ? String(node.text.text) : '');
    if (typeof node.text === 'string') texts.push(node.text);
    for (const field of ['initial_value', 'initial_date']) if (typeof node[field] === 'string') texts.push(String(node[field]));
    for (const [k, value] of Object.entries(node)) if (k !== 'text' || isRecord(value)) walk(value, k);
  };
  if (payload.blocks === undefined && payload.view === undefined) texts.push(String(payload.text ?? ''));
  walk(payload.blocks ?? payload.view);
  return { lines: linesOf(texts), selected };
}

const MILESTONE_OR_ACTION_ID = /\b[A-Z]{2,8}-\d+(?:\.\d+)*(?:-M\d+)?\b/g;
const STATUS = /\b(?:Grey: Not started|Green: On track|Amber: Delayed \(under 3 months\)|Red: Off track \(3 months or more\)|Blue: Complete|Closed)(?!\w)/g;
const DATE = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}\b/g;
const COUNT = /\b\d+ (?:milestones?|person|people|themes|overdue|days? overdue)\b|\(\d+\)|page \d+ of \d+/g;

/** The facts people act on, in order of appearance (ids) or as sorted multisets. */
function factsOf(shown: Shown): Record<string, string[]> {
  const text = shown.lines.join('\n');
  const all = (re: RegExp) => [...text.matchAll(re)].map((m) => m[0]);
  return {
    ids: [...new Set(all(MILESTONE_OR_ACTION_ID))],
    statuses: all(STATUS).sort(),
    dates: all(DATE).sort(),
    counts: all(COUNT).sort(),
    accounts: all(/<account>/g),
    selected: [...shown.selected].sort(),
  };
}

/** How a Slack reply differs from the Teams reply: Teams lines it lacks, and the facts of each. */
function compare(teams: Shown, slack: Shown): { missing: string[]; teamsFacts: Record<string, string[]>; slackFacts: Record<string, string[]> } {
  const slackText = slack.lines.join('\n');
  return { missing: teams.lines.filter((line) => !slackText.includes(line)), teamsFacts: factsOf(teams), slackFacts: factsOf(slack) };
}

describe('Slack and Teams parity: the comparison itself', () => {
  it('notices a line left out and a different status, so a pass below means something', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'BSC-1.1-M1', weight: 'Bolder' }, { type: 'TextRun', text: '  Hold a roadshow' }] },
        { type: 'TextBlock', text: 'Amber: Delayed (under 3 months)' },
        { type: 'TextBlock', text: '**Due** Fri 13 Nov 2026' },
      ],
    };
    const teams = teamsShown({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    const same = compare(teams, slackShown({ blocks: [section('*BSC-1.1-M1*  Hold a roadshow\n🟠 Amber: Delayed (under 3 months)'), section('*Due* Fri 13 Nov 2026')] }));
    expect(same.missing).to.deep.equal([]);
    expect(same.slackFacts).to.deep.equal(same.teamsFacts);
    const different = compare(teams, slackShown({ blocks: [section('*BSC-1.1-M1*  Hold a roadshow\n🟢 Green: On track')] }));
    expect(different.missing).to.deep.equal(['Amber: Delayed (under 3 months)', 'Due Fri 13 Nov 2026']);
    expect(different.slackFacts.statuses).to.deep.equal(['Green: On track']);
    expect(different.slackFacts.dates).to.not.deep.equal(different.teamsFacts.dates);
  });
});

describe('Slack and Teams: the same command shows the same content', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  let id = '';
  const slackPerson = slackUser('Casey Coordinator');
  const teamsPerson = teamsUser('Casey Coordinator');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    api.setUser(slackPerson.userId, slackPerson.name);
    // One forum person with an account on each platform: the same roles, the same "mine".
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      tx.put(
        'people',
        {
          id: 'P-casey',
          displayName: 'Casey Coordinator',
          organisationId: 'rmbc',
          roles: ['coordinator', 'admin'],
          identities: [
            { platform: 'slack', teamId: slackPerson.teamId, userId: slackPerson.userId },
            { platform: 'teams', aadObjectId: teamsPerson.aadObjectId, tenantId: TENANT },
          ],
          createdAt: tx.now,
          updatedAt: tx.now,
        },
        { action: 'person.add' },
      );
    });
    id = findMilestones(bot.store, { today: localDate(new Date()), overdue: true })[0]?.id ?? '';
    expect(id, 'an overdue milestone in the seed plan').to.not.equal('');
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  async function fromTeams(text: string): Promise<Shown> {
    const answer = await postActivity(bot.url, messageActivity(text, { from: teamsPerson }));
    expect(answer.status).to.equal(200);
    expect(answer.activities, `Teams replies to "${text}"`).to.have.length(1);
    return teamsShown(answer.activities[0]);
  }

  /** A DM answered in the DM; a form asked for with /forum opens as a modal (views.open). */
  async function fromSlack(text: string, form: boolean): Promise<Shown> {
    const from = api.calls.length;
    const body = form
      ? slashCommand(slackPerson, text, { responseUrl: api.responseUrl(`parity-${from}`), channel: dmChannelOf(slackPerson), channelName: 'directmessage' })
      : eventBody(dmEvent(slackPerson, text));
    expect((await postSlack(bot.url, body)).status).to.equal(200);
    const call = await api.waitFor(form ? 'views.open' : 'chat.postMessage', () => true, { from });
    const others = api.calls.slice(from).filter((c) => ['chat.postMessage', 'chat.postEphemeral', 'views.open', 'response_url'].includes(c.method));
    expect(others.map((c) => c.method), `one Slack answer to "${text}"`).to.deep.equal([call.method]);
    return slackShown(call.args);
  }

  /** `<id>` stands for an overdue milestone of the seed plan. */
  const commands: { text: string; form?: boolean; facts: (keyof ReturnType<typeof factsOf>)[]; teamsOnly?: string[] }[] = [
    { text: 'help', facts: [] },
    { text: 'milestones', facts: ['ids', 'statuses', 'dates', 'counts'] },
    { text: 'milestones overdue', facts: ['ids', 'statuses', 'dates', 'counts'] },
    { text: 'milestone <id>', facts: ['ids', 'statuses', 'dates'] },
    { text: 'update <id>', form: true, facts: ['ids', 'selected'] },
    { text: 'summary', facts: ['ids', 'counts'] },
    { text: 'whoami', facts: ['accounts'] },
    { text: 'people', facts: ['counts'] },
    // Slack offers its own person picker (users_select) where Teams in a 1:1 chat asks for a code: the one line that says how differs.
    { text: 'add person', form: true, facts: ['selected'], teamsOnly: ['Ask the person to type whoami to me and send you the account code it shows (or use add person in a chat or channel they are in, and choose them).'] },
    { text: 'assign <id>', form: true, facts: ['ids'] },
    { text: 'frobnicate the widgets', facts: [] },
  ];

  for (const command of commands) {
    it(`\`${command.text}\`${command.form ? ' (a form)' : ''}: Slack shows what Teams shows`, async () => {
      const text = command.text.replace('<id>', id);
      const teams = await fromTeams(text);
      const slack = await fromSlack(text, command.form === true);
      expect(teams.lines.length, 'the Teams reply shows something').to.be.greaterThan(0);
      const { missing, teamsFacts, slackFacts } = compare(teams, slack);
      expect(missing.filter((line) => !(command.teamsOnly ?? []).includes(line)), `lines of the Teams reply to "${text}" missing from Slack's`).to.deep.equal([]);
      expect(slackFacts).to.deep.equal(teamsFacts);
      for (const fact of command.facts) expect(teamsFacts[fact], `"${text}" shows ${fact}`).to.not.deep.equal([]);
    });
  }
});
