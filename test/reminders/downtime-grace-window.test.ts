// The bot down at 09:00, stopped and started again on the same data folder (the whole app, real
// HTTP, stand-in Bot Connector and Slack API): back at 11:00, within the 6-hour grace window, it
// posts the reminder once to each subscribed channel, marked as sent late; back at 17:00, beyond
// it, it posts nothing, records the reminder as missed and tells the admins in their 1:1 chats.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { openTeamsChat, saveMeeting, subscribeSlackChannel, subscribeTeamsChannel } from '../helpers/reminder-setup.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { dmChannelOf, dmEvent, eventBody, postSlack, slackEnv, slackUser } from '../helpers/slack-requests.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { cardText, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const TEAMS_CHANNEL = '19:forum-partners@thread.tacv2';
const SLACK_CHANNEL = 'C0FORUM01';
/** Wednesday 31 March 2027, 14:00: reminders due 24 March 09:00 GMT (09:00Z) and 30 March 09:00 BST (08:00Z). */
const MEETING = { title: 'Spring forum', date: '2027-03-31' };
const LATE_MARK = '(sent late: the bot was unavailable)';

describe('reminders: the bot down at 09:00', function () {
  this.timeout(60_000);
  let connector: StandInConnector;
  let api: StandInSlackApi;
  let bot: RunningBot;
  let dataDir = '';
  let clock = new Date('2027-03-23T12:00:00Z');
  const coordinator = teamsUser('Chris Coordinator');
  const admin = teamsUser('Ada Admin');
  const slackCoordinator = slackUser('Cass Coordinator');
  const slackAdmin = slackUser('Sol Admin');

  const start = async () => (bot = await startRunningBot({ ...slackEnv(api.url), ...(dataDir ? { DATA_DIR: dataDir } : {}) }, () => clock));
  /** Stopped at `down`, started again (the first tick runs as it starts) at `up`. */
  const downtime = async (down: string, up: string) => {
    clock = new Date(down);
    await bot.stop();
    clock = new Date(up);
    await start();
  };

  before(async () => {
    connector = await startStandInConnector();
    api = await startStandInSlackApi();
    await start();
    dataDir = bot.dataDir;
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
    await registerTeamsPerson(bot.store, admin, ['admin']);
    await registerSlackPerson(bot.store, slackCoordinator, ['coordinator'], 'voluntary-action-rotherham', api);
    await registerSlackPerson(bot.store, slackAdmin, ['admin'], 'voluntary-action-rotherham', api);
    await openTeamsChat(bot.url, admin, connector.url);
    const from = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(slackAdmin, 'whoami')));
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(slackAdmin), { from });
    await subscribeTeamsChannel(bot.url, coordinator, TEAMS_CHANNEL, connector.url);
    await subscribeSlackChannel(bot.url, slackCoordinator, SLACK_CHANNEL, api);
    await saveMeeting(bot.url, coordinator, MEETING);
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    await api.close();
    removeTempDirs();
  });

  const teamsReminders = () => connector.calls.filter((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(TEAMS_CHANNEL)) && cardText(c.body).includes(MEETING.title)).map((c) => cardText(c.body));
  const slackReminders = () => api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === SLACK_CHANNEL && textOf(c.args.blocks).includes(MEETING.title)).map((c) => textOf(c.args.blocks));
  const toTeamsAdmin = () => connector.calls.filter((c) => c.path.includes(encodeURIComponent(`a:personal-${admin.aadObjectId}`))).map((c) => JSON.stringify(c.body));
  const toSlackAdmin = () => api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === dmChannelOf(slackAdmin)).map((c) => JSON.stringify(c.args));

  it('back at 11:00, within the grace window: posts the reminder once to each channel, marked as sent late, and has nothing to report', async () => {
    const [adminsTeams, adminsSlack] = [toTeamsAdmin().length, toSlackAdmin().length];
    await downtime('2027-03-24T08:30:00Z', '2027-03-24T11:00:00Z');
    await bot.jobs.scheduler.tick();

    for (const [platform, posts] of [['Teams', teamsReminders()], ['Slack', slackReminders()]] as const) {
      expect(posts, `${platform}: one post`).to.have.length(1);
      expect(posts[0], platform).to.include(`Forum meeting in 7 days: the meeting pack ${LATE_MARK}`);
    }
    expect([toTeamsAdmin().length, toSlackAdmin().length], 'nothing to tell the admins').to.deep.equal([adminsTeams, adminsSlack]);
  });

  it('back at 17:00, beyond the grace window: posts nothing, records the reminder as missed and tells the admins privately', async () => {
    // Running through the week (the seeded plan's own meeting has a reminder on the 29th), stopped at 08:30 on the 30th.
    clock = new Date('2027-03-29T08:01:00Z');
    await bot.jobs.scheduler.tick();
    const [adminsTeams, adminsSlack] = [toTeamsAdmin().length, toSlackAdmin().length];
    await downtime('2027-03-30T07:30:00Z', '2027-03-30T16:00:00Z');
    await bot.jobs.scheduler.tick();

    expect([teamsReminders().length, slackReminders().length], 'no new post in either channel').to.deep.equal([1, 1]);
    const missed = bot.store.all('jobs').filter((j) => j.kind === 'meeting-reminder' && j.dueAt === '2027-03-30T08:00:00.000Z');
    expect(missed.map((j) => [j.status, j.lastError]), 'both recorded as missed').to.deep.equal([
      ['failed', 'missed: more than 360 minutes late'],
      ['failed', 'missed: more than 360 minutes late'],
    ]);
    for (const [platform, told] of [['Teams', toTeamsAdmin().slice(adminsTeams)], ['Slack', toSlackAdmin().slice(adminsSlack)]] as const) {
      expect(told, `the ${platform} admin, once, in the 1:1 chat`).to.have.length(1);
      expect(told[0], platform).to.include('Missed while the bot was down (too late to send)').and.include('meeting-reminder due 2027-03-30T08:00:00.000Z');
    }
  });
});
