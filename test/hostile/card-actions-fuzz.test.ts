// Hostile card submits, over real HTTP to /api/messages: every verb the bot knows with arbitrary
// data (../helpers/fuzz-card-data.ts), as an Action.Execute invoke and as an Action.Submit
// message, from a stranger and from each role, in a 1:1 chat and in a channel.
// Properties: no 5xx, no error line in the log, the server keeps serving, nothing a person is
// shown carries an internal detail; a submit the bot cannot read writes nothing, whoever sends
// it; and a stranger's submit writes nothing (except an RSVP, which anyone who sees a meeting
// pack may send).
import { expect } from 'chai';
import fc from 'fast-check';
import { parseCardAction } from '../../src/bot/card-actions.ts';
import type { Role } from '../../src/domain/model.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { fuzzParameters, healthy, internalDetail, startupWritesDone } from '../helpers/fuzz.ts';
import { OPEN_TO_STRANGERS, submitData, type Known } from '../helpers/fuzz-card-data.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, messageActivity, postActivity, teamsUser, type Activity, type TeamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const ROLES: (Role[] | 'stranger')[] = ['stranger', ['member'], ['coordinator'], ['intel-reviewer'], ['admin']];

describe('Hostile input: card submit values for every verb (fuzz)', function () {
  this.timeout(120_000);
  let bot: RunningBot;
  let connector: StandInConnector;
  const people = new Map<string, TeamsUser>();
  let known: Known;

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot();
    await startupWritesDone(bot.store);
    for (const roles of ROLES) {
      if (roles === 'stranger') continue;
      const user = teamsUser(`Fuzz ${roles.join(' ')}`);
      await registerTeamsPerson(bot.store, user, roles);
      people.set(roles.join(','), user);
      // Their 1:1 chat is remembered on their first message (a write); done here, so the
      // property can say "a submit the bot cannot read writes nothing" for everyone.
      await postActivity(bot.url, messageActivity('whoami', { from: user, serviceUrl: connector.url }));
    }
    known = {
      milestoneIds: bot.store.all('milestones').slice(0, 6).map((m) => m.id),
      meetingIds: bot.store.all('meetings').map((m) => m.id),
      reportIds: ['INT-1', 'INT-0001'],
      personIds: bot.store.all('people').map((p) => p.id),
    };
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  const actors = fc.constantFrom(...ROLES);
  const shapes = fc.constantFrom('invoke', 'submit');
  const conversations = fc.constantFrom('personal', 'channel') as fc.Arbitrary<'personal' | 'channel'>;

  it('answers any data for any verb, from anyone, anywhere, without a 5xx, an error or an internal detail', async () => {
    await fc.assert(
      fc.asyncProperty(submitData(known), actors, shapes, conversations, async ({ verb, data }, actor, shape, conversation) => {
        const from = actor === 'stranger' ? teamsUser('Stranger') : (people.get(actor.join(',')) ?? teamsUser('?'));
        const options = { from, conversation, serviceUrl: connector.url };
        const activity: Activity = shape === 'invoke' ? cardActionActivity(verb, data, options) : messageActivity('', { ...options, overrides: { value: { ...data, verb } } });
        const seq = bot.store.info().lastSeq;
        const calls = connector.calls.length;
        const errorsBefore = bot.logs.filter((l) => Number(l.level) >= 50).length;
        const answer = await postActivity(bot.url, activity);
        expect(answer.status, JSON.stringify(answer.body)?.slice(0, 300)).to.be.below(500);
        const said = JSON.stringify(answer.body ?? '') + JSON.stringify(connector.calls.slice(calls).map((c) => c.body));
        const leaked = internalDetail(said, data, [bot.dataDir]);
        expect(leaked, leaked).to.equal(undefined);
        const errors = bot.logs.filter((l) => Number(l.level) >= 50).slice(errorsBefore);
        expect(errors.map((l) => `${String(l.msg)} ${JSON.stringify(l.err ?? '').slice(0, 400)}`)).to.deep.equal([]);
        if (!parseCardAction({ ...data, verb }).ok) expect(bot.store.info().lastSeq, 'a submit the bot cannot read writes nothing').to.equal(seq);
        if (actor === 'stranger' && !OPEN_TO_STRANGERS.has(verb)) expect(bot.store.info().lastSeq, 'a stranger\'s submit writes nothing').to.equal(seq);
      }),
      fuzzParameters(300),
    );
    expect(await healthy(bot.url)).to.equal(true);
  });
});

