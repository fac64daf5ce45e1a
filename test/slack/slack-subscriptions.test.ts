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
  let clock = new Date();
  const coordinator = slackUser('Cass Coordinator');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url), () => clock);
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

  it('posts the meeting pack to the subscribed channel once, as Block Kit, when the reminder is due', async () => {
    const job = [...bot.store.all('jobs')].filter((j) => j.kind === 'meeting-reminder' && j.status === 'pending').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    expect(job, 'a reminder planned for the channel').to.not.equal(undefined);
    const from = api.calls.length;
    clock = new Date(Date.parse(String(job?.dueAt)) + 60_000);
    await bot.jobs.scheduler.tick();
    await bot.jobs.scheduler.tick();
    const posts = api.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0FORUMCH');
    expect(posts).to.have.length(1);
    expect(JSON.stringify(posts[0]?.args.blocks)).to.include('the meeting pack');
    expect(JSON.stringify(posts[0]?.args.blocks)).to.include('Attending');
  });
});
