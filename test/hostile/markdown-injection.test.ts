// Markup injection through everything people type that the bot shows to others: a milestone's
// progress note and evidence, a person's name, a meeting's title, place, chair and agenda, an RSVP
// note, and an intelligence report's text. Each carries Slack mrkdwn controls (`<!channel>`,
// `<!here>`, `<@U…>`, a fake `<http://…|link>`), markdown and HTML links (`[x](javascript:…)`,
// `<a href>`), emphasis, headings, quotes and a huge table, all set through real HTTP. Then every view of them is
// fetched on both platforms, and:
//   - in Adaptive Cards, where Teams reads markdown (TextBlocks, facts) it forms no link, tag,
//     heading, quote or table (long text goes in TextRuns, which are never read so);
//   - in Teams text messages (markdown), the same;
//   - in Block Kit, it is escaped wherever Slack reads mrkdwn (no `<!…>`, `<@…>`, `<http…|…>`),
//     and every message and modal stays within Slack's limits.
import { amberOrRedFor } from '../helpers/revised-dates.ts';
import { expect } from 'chai';
import fc from 'fast-check';
import { inert } from '../../src/bot/inert-text.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { awkwardString, fuzzParameters, startupWritesDone } from '../helpers/fuzz.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { dmChannelOf, dmEvent, eventBody, postSlack, slackEnv, slackUser, type SlackUser } from '../helpers/slack-requests.ts';
import { startStandInSlackApi, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { cardActionActivity, cardOf, messageActivity, postActivity, teamsUser, type Activity, type TeamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { blockKitProblems } from '../fixtures/slack/block-kit-limits-check.ts';

/** Every hostile string carries EVIL, so its pieces can be found wherever they end up. */
const LINE = "<!channel> <!here> <@U123EVIL> <http://evil.example|click> [x](javascript:alert('EVIL')) [y](http://evil.example/EVIL) <a href=\"http://evil.example\">EVIL</a> **EVIL** _EVIL_ ~EVIL~ `EVIL` &amp; EVIL";
const TABLE = ['| EVIL | table |', '|---|---|', ...Array.from({ length: 120 }, (_, i) => `| EVIL ${i} | [z](http://evil.example/${i}) |`)].join('\n');
const NOTE = `${LINE}\n# EVIL heading\n> EVIL quote\n${TABLE}`.slice(0, 1990);
const NAME = `EVIL ${LINE}`.slice(0, 200);

/** Where an Adaptive Card reads markdown: TextBlock text, and facts. */
function markdownTextsOfCard(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'TextBlock' && typeof record.text === 'string') found.push(record.text);
    if (Array.isArray(record.facts)) for (const fact of record.facts as Record<string, unknown>[]) found.push(String(fact.title ?? ''), String(fact.value ?? ''));
    Object.values(record).forEach(walk);
  };
  walk(card);
  return found;
}

/**
 * Markup that would act in markdown or HTML and matters: a link or image (inline or by reference),
 * a tag or autolink, a heading, a quote or a table row. (Emphasis and code marks are split by
 * zero-width spaces too; a renderer may still pair single ones, which changes only the look.)
 */
const ACTIVE_MARKDOWN = /\[[^\]\n]*\]\s*[([][^)\]\n]*[)\]]|<\/?[a-z][^>]*>|^\s*(#+|>|\||=+|-{3,}|\[[^\]\n]*\]:)/gim;

/** Pieces of `text` that markdown would act on and that came from the hostile input (the bot's own bold is fine). */
function activeHostileMarkup(text: string): string[] {
  return [...text.matchAll(ACTIVE_MARKDOWN)].map((m) => m[0]).filter((piece) => /evil/i.test(piece));
}

/** In Slack mrkdwn: a mention, a special mention or a link (escaped ones read `&lt;`). */
const ACTIVE_MRKDWN = /<[!@#]|<(?:https?|mailto|javascript):[^>]*>/i;

/** The mrkdwn texts of a Slack call: mrkdwn text objects, and the top-level text of a message. */
function mrkdwnTextsOfCall(call: SlackApiCall): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'mrkdwn' && typeof record.text === 'string') found.push(record.text);
    Object.values(record).forEach(walk);
  };
  walk(call.args.blocks);
  walk(call.args.view);
  if (typeof call.args.text === 'string' && call.args.mrkdwn !== false) found.push(call.args.text);
  return found;
}

describe('Hostile input: markup in what people type is shown as text (Teams and Slack, over HTTP)', function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let api: StandInSlackApi;
  const coordinator = teamsUser('Chris Coordinator');
  const reviewer = teamsUser('Remi Reviewer');
  let evilTeams: TeamsUser;
  const slackReviewer = slackUser('Sasha Reviewer');
  let milestoneId = '';
  let meetingId = '';
  let reportId = '';

  /** What the bot answered to the saves below (cards with notices naming who saved, and the like). */
  const answers: [string, Activity][] = [];
  const teams = async (text: string, from: TeamsUser = coordinator): Promise<Activity[]> => (await postActivity(bot.url, messageActivity(text, { from }))).activities;
  const action = async (verb: string, data: Record<string, unknown>, from: TeamsUser = coordinator) => {
    const answer = await postActivity(bot.url, cardActionActivity(verb, data, { from }));
    const value = Object(answer.body).value;
    // An invoke answer carries a card (or a text) as its value; kept in the shape of a reply.
    answers.push([verb, typeof value === 'string' ? { text: value } : { attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: value }] }]);
    return answer;
  };

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await startupWritesDone(bot.store);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator', 'admin']);
    await registerTeamsPerson(bot.store, reviewer, ['intel-reviewer']);
    await registerSlackPerson(bot.store, slackReviewer, ['intel-reviewer', 'coordinator'], 'rmbc', api);
    // A person whose name is hostile (names come from admins and from the platforms).
    evilTeams = teamsUser(NAME);
    await registerTeamsPerson(bot.store, evilTeams, ['member']);

    // A progress note and evidence, saved through the update form.
    const milestone = bot.store.all('milestones').find((m) => m.status !== 'complete' && m.status !== 'closed');
    milestoneId = milestone?.id ?? '';
    // Saved by the person with the hostile name (made owner first), so the notice names them.
    await action('milestone.assign', { id: milestone?.id, personId: bot.store.all('people').find((p) => p.displayName === NAME)?.id });
    const current = bot.store.get('milestones', milestone?.id ?? '');
    const saved = await action('milestone.update', { id: milestoneId, version: current?.version, ...amberOrRedFor(current ?? { originalDue: '' }), commentary: NOTE, evidence: NOTE.slice(0, 500) }, evilTeams);
    expect(JSON.stringify(saved.body), 'the update was saved').to.include('Saved by');

    // A meeting with a hostile title, place, chair and agenda, through the meeting form.
    const date = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await action('meeting.save', { meetingId: '', version: 0, title: LINE.slice(0, 200), date, startTime: '10:00', endTime: '12:00', location: LINE.slice(0, 200), onlineUrl: '', chair: LINE.slice(0, 200), agenda: `${LINE}\n${TABLE}`.split('\n').slice(0, 30).join('\n').slice(0, 4000) });
    meetingId = bot.store.all('meetings').find((m) => m.title.includes('EVIL'))?.id ?? '';
    expect(meetingId, 'the meeting was saved').to.not.equal('');
    // An RSVP with a hostile note, from the person with the hostile name.
    await action('meeting.rsvp', { meetingId, response: 'apologies', note: LINE.slice(0, 200) }, evilTeams);

    // An intelligence report with hostile text, logged privately by the person with the hostile name.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await action('intel.submit', {
      occurredDate: yesterday, occurredTime: '18:30', areaId: 'E05012996', location: LINE.slice(0, 200), category: 'rumour-or-misinformation', hateStrands: '', communitiesAffected: '',
      description: NOTE, sourceType: 'social-media', sourceReliability: 'untested', informationConfidence: 'known-indirectly', tensionLevel: '1', tensionTrend: 'stable',
      reportedToPolice: 'false', policeReference: '', actionsTaken: LINE, handling: 'OFFICIAL', identifiersConfirmed: 'true',
    }, evilTeams);
    reportId = bot.store.all('intelReports').at(-1)?.id ?? '';
    expect(reportId, 'the report was logged').to.not.equal('');
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  /** Every view on Teams that shows what was typed above. */
  const views = () => [`milestone ${milestoneId}`, `update ${milestoneId}`, 'milestones delayed', 'summary', 'meetings', 'next meeting', 'meeting pack', 'rsvps', 'people', 'whoami', 'subscriptions', `milestone ${NAME}`, NAME, 'milestone [x](http://evil.example/EVIL)', 'update <a href="http://evil.example">EVIL</a>'];

  it('Teams: no link, tag, heading, quote or table from the text where cards read markdown, nor in text messages', async () => {
    const replies: [string, Activity][] = [...answers];
    for (const view of views()) for (const reply of await teams(view)) replies.push([view, reply]);
    for (const reply of await teams(`intel ${reportId}`, reviewer)) replies.push(['intel (reviewer)', reply]);
    for (const reply of await teams('whoami', evilTeams)) replies.push(['whoami (the person)', reply]);
    for (const reply of await teams(`update ${milestoneId}`, evilTeams)) replies.push(['update form (the owner)', reply]);
    const saves = answers.length;
    await action('meeting.edit', { meetingId });
    replies.push(...answers.slice(saves));
    expect(replies.some(([, r]) => JSON.stringify(r).includes('EVIL')), 'the views show the hostile text').to.equal(true);
    const problems: string[] = [];
    for (const [view, reply] of replies) {
      const card = cardOf(reply);
      if (card) {
        for (const text of markdownTextsOfCard(card)) for (const piece of activeHostileMarkup(text)) problems.push(`${view}: a TextBlock or fact: ${piece}`);
      }
      if (typeof reply.text === 'string') for (const piece of activeHostileMarkup(reply.text)) problems.push(`${view}: a text message: ${piece}`);
    }
    expect(problems).to.deep.equal([]);
  });

  it('Slack: mrkdwn carries no mention, special mention or link from the text, and every message is within Block Kit limits', async () => {
    const from = api.calls.length;
    const dm = async (user: SlackUser, text: string) => {
      const mark = api.calls.length;
      await postSlack(bot.url, eventBody(dmEvent(user, text)));
      await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(user), { from: mark });
    };
    for (const view of [...views(), `intel ${reportId}`]) await dm(slackReviewer, view);
    const calls = api.calls.slice(from).filter((c) => c.method.startsWith('chat.') || c.method.startsWith('views.') || c.method === 'response_url');
    expect(calls.some((c) => JSON.stringify(c.args).includes('EVIL')), 'the views show the hostile text').to.equal(true);
    for (const call of calls) {
      for (const text of mrkdwnTextsOfCall(call)) expect(text.match(ACTIVE_MRKDWN)?.[0], `${call.method}: ${text.slice(0, 120)}`).to.equal(undefined);
      if (Array.isArray(call.args.blocks)) expect(blockKitProblems({ text: String(call.args.text ?? 'x'), blocks: call.args.blocks }), call.method).to.deep.equal([]);
    }
  });

  it('inert text shows exactly the characters typed (only zero-width spaces are added)', () => {
    fc.assert(
      fc.property(fc.oneof(awkwardString, fc.string({ unit: 'grapheme', maxLength: 200 })), (text) => {
        expect(inert(text).replaceAll('\u200B', '')).to.equal(text.replaceAll('\u200B', '').replace(/\r\n?/g, '\n'));
      }),
      fuzzParameters(300),
    );
  });
});
