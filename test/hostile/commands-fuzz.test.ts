// Hostile commands typed by people the forum knows, on both platforms: every phrase in the
// command registry (read from COMMANDS, so a new command is fuzzed without a change here) followed
// by any words (odd dates, huge numbers, ids, unicode, markup), by each role, in a 1:1 chat and in
// a channel. The stranger's view is in teams-activities-fuzz.test.ts; here the branches behind
// each role's permission run too. Properties: no 5xx, no error line in the log, nothing said
// carries an internal detail, and the server keeps serving.
import { expect } from 'chai';
import fc from 'fast-check';
import { COMMANDS } from '../../src/bot/commands/commands.ts';
import type { Role } from '../../src/domain/model.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { awkwardString, fuzzParameters, healthy, internalDetail, startupWritesDone } from '../helpers/fuzz.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { BOT_TOKEN, dmEvent, eventBody, mentionEvent, postSlack, SIGNING_SECRET, slackEnv, slackUser, type SlackUser } from '../helpers/slack-requests.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { mentionActivity, messageActivity, postActivity, teamsUser, type TeamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const ROLES: Role[] = ['member', 'coordinator', 'intel-reviewer', 'admin'];
const PHRASES = COMMANDS.flatMap((c) => c.phrases.map((p) => p.join(' ')));

/** Words commands read: dates (real, impossible, far), numbers, periods, themes, ids. */
const argument = fc.oneof(
  { weight: 3, arbitrary: awkwardString },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '2026-02-29', '2024-02-29', '2026-13-45', '0000-01-01', '9999-12-31', '275760-09-13', 'from', 'to', 'due', 'in', 'days', 'this', 'month', 'week', 'overdue', 'red', 'amber', 'mine', 'all',
      'police', 'council', 'civic-pride', 'digest', '99999999999', '-5', '0', '1e400', 'Infinity', 'NaN', 'BSC-0.1-M1', 'bsc-9.9-m9', 'INT-1', 'MTG-1', '__proto__', 'constructor', 'page', '2',
    ),
  },
);
const command = fc.tuple(fc.constantFrom(...PHRASES), fc.array(argument, { maxLength: 5 })).map(([phrase, words]) => [phrase, ...words].join(' '));

describe('Hostile input: commands typed by every role (fuzz)', function () {
  this.timeout(120_000);
  let bot: RunningBot;
  let api: StandInSlackApi;
  let connector: StandInConnector;
  const teams = new Map<Role, TeamsUser>();
  const slack = new Map<Role, SlackUser>();
  const errorLines = () => bot.logs.filter((l) => Number(l.level) >= 50);

  before(async () => {
    api = await startStandInSlackApi();
    connector = await startStandInConnector();
    bot = await startRunningBot(slackEnv(api.url));
    await startupWritesDone(bot.store);
    for (const role of ROLES) {
      const t = teamsUser(`Fuzz ${role}`);
      const s = slackUser(`Fuzz ${role}`);
      teams.set(role, t);
      slack.set(role, s);
      await registerTeamsPerson(bot.store, t, [role]);
      await registerSlackPerson(bot.store, s, [role], 'rmbc', api);
    }
  });
  after(async () => {
    await bot.stop();
    await api.close();
    await connector.close();
    removeTempDirs();
  });

  function expectNoErrorSince(errors: number): void {
    const logged = errorLines().slice(errors).map((l) => `${String(l.msg)} ${JSON.stringify(l.err ?? '').slice(0, 400)}`);
    expect(logged, logged.join('\n')).to.deep.equal([]);
  }

  it('Teams: any command with any words, by any role, in a 1:1 chat or a channel', async () => {
    await fc.assert(
      fc.asyncProperty(command, fc.constantFrom(...ROLES), fc.boolean(), async (text, role, inChannel) => {
        const errors = errorLines().length;
        const calls = connector.calls.length;
        const options = { from: teams.get(role), serviceUrl: connector.url };
        const answer = await postActivity(bot.url, inChannel ? mentionActivity(text, options) : messageActivity(text, options));
        expect(answer.status, JSON.stringify(answer.body)?.slice(0, 300)).to.be.below(500);
        const leaked = internalDetail(JSON.stringify(answer.body ?? '') + JSON.stringify(connector.calls.slice(calls).map((c) => c.body)), text, [bot.dataDir]);
        expect(leaked, leaked).to.equal(undefined);
        expectNoErrorSince(errors);
      }),
      fuzzParameters(200),
    );
    expect(await healthy(bot.url)).to.equal(true);
  });

  it('Slack: any command with any words, by any role, in a DM or by @mention in a channel', async () => {
    await fc.assert(
      fc.asyncProperty(command, fc.constantFrom(...ROLES), fc.boolean(), async (text, role, inChannel) => {
        const user = slack.get(role) ?? slackUser('?');
        const errors = errorLines().length;
        const from = api.calls.length;
        const answer = await postSlack(bot.url, eventBody(inChannel ? mentionEvent(user, `<@UFORUMBOT> ${text}`) : dmEvent(user, text)));
        expect(answer.status).to.be.below(500);
        // Every command gets an answer (in the channel, the DM, or privately): wait for the first
        // call, then until the bot has stopped calling Slack.
        const pause = () => new Promise((resolve) => setTimeout(resolve, 15));
        for (let i = 0; i < 50 && api.calls.length === from; i += 1) await pause();
        for (let count = -1; count !== api.calls.length; ) {
          count = api.calls.length;
          await pause();
        }
        const leaked = internalDetail(JSON.stringify(api.calls.slice(from).map((c) => c.args)), text, [bot.dataDir, SIGNING_SECRET, BOT_TOKEN]);
        expect(leaked, leaked).to.equal(undefined);
        expectNoErrorSince(errors);
      }),
      fuzzParameters(60),
    );
    expect(await healthy(bot.url)).to.equal(true);
  });
});
