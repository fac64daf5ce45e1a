// Slack delivers an event again (x-slack-retry-num, x-slack-retry-reason) when it thinks the bot
// did not take it. A retry can be the first delivery the bot ever sees (the first came while it
// was starting or being deployed): it is answered. A repeat of an event already taken on is not,
// even when the bot restarted in between, because the event ids are kept in the data folder.
import { expect } from 'chai';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { dmChannelOf, dmEvent, eventBody, postSlack, slackEnv, slackUser } from '../helpers/slack-requests.ts';
import { startStandInSlackApi, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: retried event deliveries', function () {
  this.timeout(30_000);
  let bot: RunningBot;
  let api: StandInSlackApi;
  const member = slackUser('Rory Retried');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, member, ['member'], 'rmbc', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const answersIn = (from: number): SlackApiCall[] => api.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === dmChannelOf(member));
  /** A later message in the same DM, answered: anything the bot would still post for the earlier one would have come first. */
  async function settle(from: number): Promise<void> {
    const text = `whoami`;
    const before = answersIn(from).length;
    await postSlack(bot.url, eventBody(dmEvent(member, text)));
    for (let i = 0; i < 200 && answersIn(from).length <= before; i += 1) await new Promise((r) => setTimeout(r, 25));
  }

  it('answers a retry whose first delivery the bot never took', async () => {
    const from = api.calls.length;
    const body = eventBody(dmEvent(member, 'help'), { eventId: 'Ev0RETRYFIRST' });
    expect((await postSlack(bot.url, body, { retryNum: 1 })).status).to.equal(200);
    const answer = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    expect(JSON.stringify(answer.args)).to.include('What I can do');
  });

  it('answers an event once when Slack delivers it again, whatever the retry number', async () => {
    const from = api.calls.length;
    const body = eventBody(dmEvent(member, 'help'), { eventId: 'Ev0RETRYTWICE' });
    await postSlack(bot.url, body);
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    expect((await postSlack(bot.url, body, { retryNum: 1 })).status).to.equal(200);
    expect((await postSlack(bot.url, body, { retryNum: 2 })).status).to.equal(200);
    const settled = api.calls.length;
    await settle(settled);
    expect(answersIn(from).filter((c) => JSON.stringify(c.args).includes('What I can do'))).to.have.length(1);
    expect(bot.store.get('receivedEvents', 'slack:Ev0RETRYTWICE'), 'the id is kept in the store').to.not.equal(undefined);
  });

  it('does not answer a retry again after a restart', async () => {
    const body = eventBody(dmEvent(member, 'help'), { eventId: 'Ev0RETRYRESTART' });
    let from = api.calls.length;
    await postSlack(bot.url, body);
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    await bot.stop();
    bot = await startRunningBot(slackEnv(api.url, { DATA_DIR: bot.dataDir }));

    from = api.calls.length;
    expect((await postSlack(bot.url, body, { retryNum: 1 })).status).to.equal(200);
    await settle(from);
    expect(answersIn(from).filter((c) => JSON.stringify(c.args).includes('What I can do')), 'no second answer').to.have.length(0);
    expect(bot.logs.some((l) => l.msg === 'ignored a repeated delivery of a Slack event already taken on' && l.eventId === 'Ev0RETRYRESTART')).to.equal(true);
  });
});
