// Subscribing a Slack channel to forum reminders with /forum: stored as team + channel (and a
// reference the Slack adapter can continue from), answered privately.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { postSlack, slackEnv, slashCommand, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: subscribing a channel to forum reminders', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const coordinator = slackUser('Cass Coordinator');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, coordinator, ['coordinator'], 'voluntary-action-rotherham', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  it('subscribes the channel the command was run in, and says so to the coordinator only', async () => {
    const from = api.calls.length;
    const answer = await postSlack(bot.url, slashCommand(coordinator, 'subscribe reminders', { responseUrl: api.responseUrl('sub'), channel: 'C0FORUMCH', channelName: 'forum-partners' }));
    expect(answer.status).to.equal(200);
    const told = await api.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Subscribed'), { from });
    expect(JSON.stringify(told.args)).not.to.include('"response_type":"in_channel"');
    const [subscription] = bot.store.all('subscriptions');
    expect(subscription?.label).to.equal('#forum-partners');
    expect(subscription?.target).to.deep.include({ platform: 'slack', teamId: coordinator.teamId, channelId: 'C0FORUMCH' });
  });
});
