// Bad input through Slack: buttons the bot never made, a forged or outdated modal submission.
// Each gets a clear answer (or a proper status), and nothing is written.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { blockActions, postSlack, slackEnv, slackUser, viewSubmission } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: bad input changes nothing', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const coordinator = slackUser('Cory Coordinator');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, coordinator, ['coordinator'], 'rmbc', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  it('answers buttons it never made (garbage, unknown verb, bad data) without writing or crashing', async () => {
    const lastSeq = bot.store.info().lastSeq;
    const id = bot.store.all('milestones')[0]?.id ?? '';
    const values = [
      'not json at all',
      JSON.stringify({ kind: 'execute', verb: 'milestone.delete', data: { id } }),
      JSON.stringify({ kind: 'execute', verb: 'milestone.update', data: { id, version: 'x', status: 'purple' } }),
    ];
    for (const value of values) {
      const from = api.calls.length;
      const answer = await postSlack(bot.url, blockActions(coordinator, value, { messageTs: '1700000000.000100', responseUrl: api.responseUrl('bad') }));
      expect(answer.status, value.slice(0, 40)).to.be.lessThan(500);
      // The answer goes to the clicker only: through the click's response_url.
      const told = await api.waitFor('response_url', () => true, { from });
      expect(JSON.stringify(told.args), value.slice(0, 40)).to.match(/not one I know|could not read|not one of the choices/);
    }
    // A value longer than Slack allows (2,000) cannot come from Slack: refused without running anything.
    const oversized = await postSlack(bot.url, blockActions(coordinator, 'x'.repeat(5000), { messageTs: '1700000000.000100', responseUrl: api.responseUrl('bad') }));
    expect(oversized.status).to.be.lessThan(500);
    expect(bot.store.info().lastSeq).to.equal(lastSeq);
    expect(api.calls.filter((c) => c.method === 'chat.update'), 'no message was replaced').to.have.length(0);
    expect(bot.logText()).not.to.include('"level":50');
  });

  it('refuses a modal submission whose metadata was not made by the bot, and writes nothing', async () => {
    const lastSeq = bot.store.info().lastSeq;
    for (const privateMetadata of ['{"forged":true}', 'not json', '']) {
      const answer = await postSlack(bot.url, viewSubmission(coordinator, { id: 'V0FAKE', privateMetadata, values: {} }));
      expect(answer.status, privateMetadata).to.be.lessThan(500);
    }
    expect(bot.store.info().lastSeq).to.equal(lastSeq);
    expect(bot.logText()).not.to.include('"level":50');
  });
});
