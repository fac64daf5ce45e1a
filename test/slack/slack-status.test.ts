// The admins' `status` card from Slack, over real signed HTTP: refused privately to others through
// /forum, shown to an admin in their DM as Block Kit, with a reminder a Slack channel refused
// listed under its channel name.
import { expect } from 'chai';
import { formatInstant } from '../../src/cards/format.ts';
import { APP_VERSION } from '../../src/version.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { dmChannelOf, dmEvent, eventBody, postSlack, slackEnv, slashCommand, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: the admins\' status card', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  let clock = new Date();
  const admin = slackUser('Ada Admin');
  const coordinator = slackUser('Cass Coordinator');
  const member = slackUser('Pat Volunteer');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url, { ADMINS: `slack:${admin.teamId}:${admin.userId}` }), () => clock);
    api.setUser(admin.userId, admin.name);
    await registerSlackPerson(bot.store, coordinator, ['coordinator'], 'voluntary-action-rotherham', api);
    await registerSlackPerson(bot.store, member, ['member'], 'voluntary-action-rotherham', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  async function statusInDm(): Promise<string> {
    const from = api.calls.length;
    expect((await postSlack(bot.url, eventBody(dmEvent(admin, 'status')))).status).to.equal(200);
    const post = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(admin), { from });
    return textOf(post.args.blocks);
  }

  it('refuses /forum status to a member and a coordinator, privately', async () => {
    for (const [i, person] of [member, coordinator].entries()) {
      const from = api.calls.length;
      const answer = await postSlack(bot.url, slashCommand(person, 'status', { responseUrl: api.responseUrl(`status-${i}`) }));
      expect(answer.status).to.equal(200);
      const told = await api.waitFor('response_url', (c) => c.path.includes(`status-${i}`), { from });
      expect(JSON.stringify(told.args)).to.include("Only forum admins can see the bot's status.");
      expect(JSON.stringify(told.args)).not.to.include('"response_type":"in_channel"');
    }
  });

  it('shows a bootstrap admin the status card in their DM as Block Kit', async () => {
    const shown = await statusInDm();
    expect(shown).to.include('Bot status');
    expect(shown).to.include(APP_VERSION);
    expect(shown).to.include('Running for');
    expect(shown).to.include('in the data files');
    expect(shown).to.include('backups kept');
    expect(shown).to.include('0 active, 0 inactive');
    expect(shown).to.include('error lines this bot process logged');
  });

  it('lists a reminder a Slack channel refused under the channel name, with the reason', async () => {
    const from = api.calls.length;
    await postSlack(bot.url, slashCommand(coordinator, 'subscribe reminders', { responseUrl: api.responseUrl('sub'), channel: 'C0STATUS1', channelName: 'forum-status' }));
    await api.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Subscribed'), { from });
    const reminder = [...bot.store.all('jobs')].filter((j) => j.kind === 'meeting-reminder' && j.status === 'pending').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    expect(reminder, 'a reminder planned for the channel').to.not.equal(undefined);
    api.failNext('chat.postMessage', 'channel_not_found');
    clock = new Date(Date.parse(String(reminder?.dueAt)) + 60_000);
    await bot.jobs.scheduler.tick();
    expect(bot.store.get('jobs', String(reminder?.id))?.status).to.equal('failed');

    const shown = await statusInDm();
    expect(shown).to.include('Needs a look');
    expect(shown).to.include('0 active, 1 inactive');
    expect(shown).to.include(`Meeting reminder to Slack: #forum-status, due ${formatInstant(String(reminder?.dueAt))}`);
    expect(shown).to.include(`: ${bot.store.get('jobs', String(reminder?.id))?.lastError ?? '(no reason stored)'}`);
  });
});
