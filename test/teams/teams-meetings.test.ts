// `meetings` and `next meeting` from Teams: the seeded forum meetings, in UK time, soonest first.
import { expect } from 'chai';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardOf, cardText, messageActivity, postActivity } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Teams: forum meetings', function () {
  let bot: RunningBot;
  before(async () => {
    bot = await startRunningBot();
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  it('shows the next scheduled meeting with its time in words, place, chair and agenda', async () => {
    const next = [...bot.store.all('meetings')].filter((m) => m.status === 'scheduled' && m.startsAt > new Date().toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    expect(next, 'the seed has a future meeting').to.not.equal(undefined);
    const text = cardText(cardOf((await postActivity(bot.url, messageActivity('next meeting'))).activities[0]));
    expect(text).to.include('Next forum meeting');
    expect(text).to.match(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} to \d{2}:\d{2} \(in \d+ days\)/);
    expect(text).to.include(next?.location ?? '');
    expect(text).to.include(next?.agenda[0] ?? '');
  });

  it('lists the coming meetings and leaves out the ones already held', async () => {
    const text = cardText(cardOf((await postActivity(bot.url, messageActivity('meetings'))).activities[0]));
    const coming = bot.store.all('meetings').filter((m) => m.status !== 'held' && m.startsAt > new Date().toISOString()).length;
    expect(text.match(/\(in \d+ days\)|\(tomorrow\)|\(today\)/g) ?? []).to.have.length(Math.min(coming, 5));
    expect(text).not.to.include('days ago');
  });
});
