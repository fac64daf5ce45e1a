// Reminders at 09:00 UK time on both sides of the March and October clock changes: a meeting the
// day after each change has its 7-day reminder in one offset and its 1-day reminder in the other,
// and each is posted to the subscribed Teams channel and the subscribed Slack channel at 09:00 on
// the wall clock, once.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { subscribeSlackChannel } from '../helpers/reminder-setup.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { slackEnv, slackUser } from '../helpers/slack-requests.ts';
import { startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardText, mentionActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const CHANNEL = '19:clock-change@thread.tacv2';
const SLACK_CHANNEL = 'C0CLOCKS1';

describe('Reminders across the clock changes, on Teams and Slack', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  let api: StandInSlackApi;
  let clock = new Date('2027-03-01T12:00:00Z');
  const coordinator = teamsUser('Chris Coordinator');
  const slackCoordinator = slackUser('Cass Coordinator');

  before(async () => {
    connector = await startStandInConnector();
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url), () => clock);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    await registerSlackPerson(bot.store, slackCoordinator, ['coordinator'], 'rmbc', api);
    await postActivity(bot.url, mentionActivity('subscribe reminders', { from: coordinator, conversationId: CHANNEL, serviceUrl: connector.url }));
    await subscribeSlackChannel(bot.url, slackCoordinator, SLACK_CHANNEL, api);
    const meeting = (date: string, title: string) =>
      postActivity(bot.url, cardActionActivity('meeting.save', { meetingId: '', version: 0, title, date, startTime: '14:00', endTime: '16:00', location: 'Town Hall', agenda: 'Welcome' }, { from: coordinator }));
    await meeting('2027-03-29', 'Spring forum'); // the day after the clocks go forward (28 March 2027)
    await meeting('2027-11-01', 'Autumn forum'); // the day after the clocks go back (31 October 2027)
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    await api.close();
    removeTempDirs();
  });

  const duesOf = (title: string) => {
    const id = bot.store.all('meetings').find((m) => m.title === title)?.id;
    return [...new Set(bot.store.all('jobs').filter((j) => j.kind === 'meeting-reminder' && j.payload.meetingId === id).map((j) => j.dueAt))].sort();
  };

  it('plans each reminder at 09:00 on the UK wall clock, GMT or BST', () => {
    // 22 March is GMT (09:00Z); 28 March is BST (08:00Z).
    expect(duesOf('Spring forum')).to.deep.equal(['2027-03-22T09:00:00.000Z', '2027-03-28T08:00:00.000Z']);
    // 25 October is BST (08:00Z); 31 October is GMT again (09:00Z).
    expect(duesOf('Autumn forum')).to.deep.equal(['2027-10-25T08:00:00.000Z', '2027-10-31T09:00:00.000Z']);
  });

  it('posts each one when its time comes, once, and not an hour early or late', async () => {
    const posts = () => connector.calls.filter((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(CHANNEL)) && cardText(c.body).includes('the meeting pack'));
    const slackPosts = () => api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === SLACK_CHANNEL && textOf(c.args.blocks).includes('the meeting pack'));
    for (const due of [...duesOf('Spring forum'), ...duesOf('Autumn forum')]) {
      const before = { teams: posts().length, slack: slackPosts().length };
      clock = new Date(Date.parse(due) - 60_000);
      await bot.jobs.scheduler.tick();
      expect({ teams: posts().length, slack: slackPosts().length }, `nothing just before ${due}`).to.deep.equal(before);
      clock = new Date(Date.parse(due) + 60_000);
      await bot.jobs.scheduler.tick();
      await bot.jobs.scheduler.tick();
      expect({ teams: posts().length, slack: slackPosts().length }, `one post to each channel at ${due}`).to.deep.equal({ teams: before.teams + 1, slack: before.slack + 1 });
    }
  });
});
