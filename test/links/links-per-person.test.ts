// Download links are limited per person and per purpose: one person pressing "Add to calendar"
// a thousand times uses up nothing of anybody else's, so a reviewer's `intel export` still works,
// and nobody's request is answered with an apology or logged as an error.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardActionActivity, cardLinks, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const CLICKS = 1000;
const PARALLEL = 8;

describe('Download links: limits per person and purpose', function () {
  this.timeout(180_000);
  let bot: RunningBot;
  const clicker = teamsUser('Cal Clicker');
  const reviewer = teamsUser('Rita Reviewer');

  before(async () => {
    bot = await startRunningBot();
    await registerTeamsPerson(bot.store, clicker, ['member'], 'rmbc');
    await registerTeamsPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police');
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  const errorLines = () => bot.logs.filter((line) => Number(line.level) >= 50);

  it(`${CLICKS} Add-to-calendar clicks by one person leave a reviewer's intel export working`, async () => {
    const card = cardOf((await postActivity(bot.url, messageActivity('meetings', { from: clicker }))).activities[0]);
    expect(cardLinks(card).find((b) => b.title === 'Add to calendar'), 'an Add to calendar button').to.not.equal(undefined);
    // Clicks on the Add to calendar of cards made before it became a link: each asks for the link.
    const soonest = bot.store.all('meetings').filter((m) => m.status === 'scheduled' && m.startsAt > new Date().toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    const add = { data: { meetingId: String(soonest?.id) } };
    let next = 0;
    const answers: string[] = [];
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < CLICKS) {
          next += 1;
          const answer = await postActivity(bot.url, cardActionActivity('meeting.ics', add?.data ?? {}, { from: clicker }));
          answers.push(cardText(invokeResult(answer).value));
        }
      }),
    );
    expect(answers).to.have.length(CLICKS);
    expect(answers.filter((a) => !a.includes('to your calendar')), 'every click answered with a link').to.deep.equal([]);

    const exported = await postActivity(bot.url, messageActivity('intel export', { from: reviewer }));
    const text = String(exported.activities[0]?.text);
    const link = /\((http:\/\/127\.0\.0\.1:\d+\/downloads\/[A-Za-z0-9_-]{43})\)/.exec(text)?.[1];
    expect(link, text).to.be.a('string');
    const file = await fetch(String(link));
    expect(file.status).to.equal(200);
    expect(file.headers.get('content-type')).to.include('text/csv');
    expect(errorLines().map((l) => String(l.msg)), 'no error-level log line').to.deep.equal([]);
  });
});
