// Reminders at 09:00 UK time on both sides of the March and October clock changes: a meeting the
// day after each change has its 7-day reminder in one offset and its 1-day reminder in the other,
// and each is posted to the subscribed channel at 09:00 on the wall clock, once.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardText, mentionActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const CHANNEL = '19:clock-change@thread.tacv2';

describe('Teams: reminders across the clock changes', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  let clock = new Date('2027-03-01T12:00:00Z');
  const coordinator = teamsUser('Chris Coordinator');

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot({}, () => clock);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    await postActivity(bot.url, mentionActivity('subscribe reminders', { from: coordinator, conversationId: CHANNEL, serviceUrl: connector.url }));
    const meeting = (date: string, title: string) =>
      postActivity(bot.url, cardActionActivity('meeting.save', { meetingId: '', version: 0, title, date, startTime: '14:00', endTime: '16:00', location: 'Town Hall', agenda: 'Welcome' }, { from: coordinator }));
    await meeting('2027-03-29', 'Spring forum'); // the day after the clocks go forward (28 March 2027)
    await meeting('2027-11-01', 'Autumn forum'); // the day after the clocks go back (31 October 2027)
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  const duesOf = (title: string) => {
    const id = bot.store.all('meetings').find((m) => m.title === title)?.id;
    return bot.store.all('jobs').filter((j) => j.kind === 'meeting-reminder' && j.payload.meetingId === id).map((j) => j.dueAt).sort();
  };

  it('plans each reminder at 09:00 on the UK wall clock, GMT or BST', () => {
    // 22 March is GMT (09:00Z); 28 March is BST (08:00Z).
    expect(duesOf('Spring forum')).to.deep.equal(['2027-03-22T09:00:00.000Z', '2027-03-28T08:00:00.000Z']);
    // 25 October is BST (08:00Z); 31 October is GMT again (09:00Z).
    expect(duesOf('Autumn forum')).to.deep.equal(['2027-10-25T08:00:00.000Z', '2027-10-31T09:00:00.000Z']);
  });

  it('posts each one when its time comes, once, and not an hour early or late', async () => {
    const posts = () => connector.calls.filter((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(CHANNEL)) && cardText(c.body).includes('the meeting pack'));
    for (const due of [...duesOf('Spring forum'), ...duesOf('Autumn forum')]) {
      const before = posts().length;
      clock = new Date(Date.parse(due) - 60_000);
      await bot.jobs.scheduler.tick();
      expect(posts().length, `nothing just before ${due}`).to.equal(before);
      clock = new Date(Date.parse(due) + 60_000);
      await bot.jobs.scheduler.tick();
      await bot.jobs.scheduler.tick();
      expect(posts().length, `one post at ${due}`).to.equal(before + 1);
    }
  });
});
