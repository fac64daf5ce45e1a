// 429 then success, at the app level over real HTTP: the stand-in Bot Connector answers a
// reminder with 429 and Retry-After, the stand-in Slack API with 429 `ratelimited`; each reminder
// is posted exactly once, after the retry. A short wait is retried by the platform's client within
// the same send; a 429 that outlasts the client's retries, or asks for longer than it waits, is
// retried by the scheduler on a later tick.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { saveMeeting, subscribeSlackChannel, subscribeTeamsChannel } from '../helpers/reminder-setup.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { slackEnv, slackUser } from '../helpers/slack-requests.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { cardText, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const TEAMS_CHANNEL = '19:forum-partners@thread.tacv2';
const SLACK_CHANNEL = 'C0FORUM01';
/** Wednesday 31 March 2027, with reminders 7 and 3 days before: 24 March 09:00 GMT, 28 March 09:00 BST. */
const MEETING = { title: 'Spring forum', date: '2027-03-31' };

describe('reminders: rate limited (429), then sent', function () {
  this.timeout(30_000);
  let connector: StandInConnector;
  let api: StandInSlackApi;
  let bot: RunningBot;
  let clock = new Date('2027-03-23T12:00:00Z');
  const coordinator = teamsUser('Chris Coordinator');
  const slackCoordinator = slackUser('Cass Coordinator');

  before(async () => {
    connector = await startStandInConnector();
    api = await startStandInSlackApi();
    bot = await startRunningBot({ ...slackEnv(api.url), REMINDER_DAYS_BEFORE: '7,3' }, () => clock);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
    await registerSlackPerson(bot.store, slackCoordinator, ['coordinator'], 'voluntary-action-rotherham', api);
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

  const teamsPosts = (days: number) => connector.calls.filter((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(TEAMS_CHANNEL)) && cardText(c.body).includes(`Forum meeting in ${days} days`));
  const slackPosts = (days: number) => api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === SLACK_CHANNEL && JSON.stringify(c.args).includes(`Forum meeting in ${days} days`));
  const jobsDue = (dueAt: string) => bot.store.all('jobs').filter((j) => j.kind === 'meeting-reminder' && j.dueAt === dueAt);
  const at = async (iso: string) => {
    clock = new Date(iso);
    await bot.jobs.scheduler.tick();
  };

  it('a 429 with a short Retry-After, on either platform: retried within the same send, posted once', async () => {
    connector.throttleNext(encodeURIComponent(TEAMS_CHANNEL), 1);
    api.rateLimitNext('chat.postMessage', 1);
    await at('2027-03-24T09:00:30Z');
    await at('2027-03-24T09:10:00Z');
    expect(teamsPosts(7).map((c) => c.status), 'Teams').to.deep.equal([429, 200]);
    expect(slackPosts(7).map((c) => c.status ?? 200), 'Slack').to.deep.equal([429, 200]);
    expect(teamsPosts(7)[1]?.body.attachments).to.deep.equal(teamsPosts(7)[0]?.body.attachments);
    expect(jobsDue('2027-03-24T09:00:00.000Z').map((j) => [j.status, j.attempts])).to.deep.equal([['sent', 1], ['sent', 1]]);
  });

  it('a 429 that outlasts the client\'s own retries (Teams) or asks for longer than it waits (Slack): retried by the scheduler a minute later, posted once', async () => {
    // The Bot Framework client retries a 429 three times itself; the fourth answer reaches the scheduler.
    connector.throttleNext(encodeURIComponent(TEAMS_CHANNEL), 1, 4);
    api.rateLimitNext('chat.postMessage', 120);
    await at('2027-03-28T08:00:30Z');
    expect(teamsPosts(3).map((c) => c.status), 'Teams').to.deep.equal([429, 429, 429, 429]);
    expect(slackPosts(3).map((c) => c.status ?? 200), 'Slack').to.deep.equal([429]);
    const retries = jobsDue('2027-03-28T08:00:00.000Z');
    expect(retries.map((j) => j.status)).to.deep.equal(['pending', 'pending']);
    for (const job of retries) expect(Date.parse(String(job.nextAttemptAt)) - clock.getTime(), `${job.id} waits the first backoff`).to.be.at.least(60_000);

    await at('2027-03-28T08:01:00Z');
    expect([teamsPosts(3).length, slackPosts(3).length], 'nothing before the retry is due').to.deep.equal([4, 1]);
    await at('2027-03-28T08:05:00Z');
    await at('2027-03-28T08:40:00Z');
    expect(teamsPosts(3).map((c) => c.status), 'Teams').to.deep.equal([429, 429, 429, 429, 200]);
    expect(slackPosts(3).map((c) => c.status ?? 200), 'Slack').to.deep.equal([429, 200]);
    expect(slackPosts(3)[1]?.args.blocks).to.deep.equal(slackPosts(3)[0]?.args.blocks);
    expect(jobsDue('2027-03-28T08:00:00.000Z').map((j) => [j.status, j.attempts])).to.deep.equal([['sent', 2], ['sent', 2]]);
  });
});
