// Finding milestones from Teams, over real HTTP to /api/messages (expectReplies), against the
// seeded plan in a real data folder.
import { expect } from 'chai';
import { findMilestones } from '../../src/domain/milestones/milestone-queries.ts';
import { localDate } from '../../src/domain/calendar.ts';
import { assignOwner, registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardButtons, cardActionActivity, cardOf, cardText, invokeResult, mentionActivity, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Teams: finding milestones and the plan', function () {
  let bot: RunningBot;
  const today = () => localDate(new Date());

  before(async () => {
    bot = await startRunningBot();
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  async function ask(text: string, options: Parameters<typeof messageActivity>[1] = {}) {
    const answer = await postActivity(bot.url, messageActivity(text, options));
    expect(answer.status).to.equal(200);
    expect(answer.activities, `replies to "${text}"`).to.have.length(1);
    return answer.activities[0] ?? {};
  }

  it('answers help with every command a member can use', async () => {
    const card = cardOf(await ask('help'));
    const text = cardText(card);
    for (const usage of ['milestones', 'milestone ID', 'update ID', 'summary', 'whoami']) expect(text).to.include(usage);
    expect(text, 'admin commands are hidden from non-admins').not.to.include('add person');
  });

  it('suggests the command a mistyped word was probably meant to be, whatever the case', async () => {
    const text = cardText(cardOf(await ask('MILSTONES please')));
    expect(text).to.include('Did you mean `milestones`?');
  });

  it('lists overdue milestones with status in words and dates as people write them', async () => {
    const expected = findMilestones(bot.store, { today: today(), overdue: true });
    expect(expected.length, 'the seed plan has overdue milestones').to.be.greaterThan(0);
    const card = cardOf(await ask('milestones overdue'));
    const text = cardText(card);
    expect(text).to.include(`${expected.length} milestone`);
    expect(text).to.include(expected[0]?.id);
    expect(text).to.match(/(Grey|Green|Amber|Red): /);
    expect(text).to.match(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}\b/);
    expect(text).to.match(/\d+ days? overdue/);
  });

  it('reads filters forgivingly: organisation, theme, status and "due in N days"', async () => {
    const police = cardText(cardOf(await ask('Show me the milestones for police please')));
    expect(police).to.include('SYP');
    const policeCount = findMilestones(bot.store, { today: today(), organisationIds: ['south-yorkshire-police'], openOnly: true }).length;
    expect(police).to.include(`${policeCount} milestone`);

    const dueSoon = cardText(cardOf(await ask('milestones due in 60 days')));
    const expected = findMilestones(bot.store, { today: today(), dueFrom: today(), dueBy: localDate(new Date(Date.now() + 60 * 86_400_000)) });
    expect(dueSoon).to.include('Due in the next 60 days');
    expect(dueSoon).to.include(expected.length === 0 ? 'No milestones match' : `${expected.length} milestone`);

    // A number no one means is read as the longest window there is, said plainly, never a crash.
    expect(cardText(cardOf(await ask('milestones due in 9999 months')))).to.include('Due in the next 120 months');

    const red = cardText(cardOf(await ask('milestones red')));
    const redCount = findMilestones(bot.store, { today: today(), statuses: ['off-track'] }).length;
    expect(red).to.include(redCount === 0 ? 'No milestones match' : `${redCount} milestone`);
  });

  it('pages long lists with Next and Previous buttons that re-run the same query', async () => {
    const all = findMilestones(bot.store, { today: today(), openOnly: true });
    const card = cardOf(await ask('milestones all'));
    const next = cardButtons(card).find((b) => b.title === 'Next');
    expect(next, 'a Next button').to.not.equal(undefined);
    expect(cardText(card)).to.include(`${all.length} milestones, page 1 of`);
    const page2 = await postActivity(bot.url, cardActionActivity(next?.verb ?? '', next?.data ?? {}));
    expect(page2.status).to.equal(200);
    const page2Card = invokeResult(page2).value;
    expect(cardText(page2Card)).to.include('page 2 of');
    expect(cardText(page2Card)).to.include(all[8]?.id);
    expect(cardButtons(page2Card).map((b) => b.title)).to.include('Previous');
  });

  it('shows only my milestones by default in a 1:1 chat, and the whole plan in a channel', async () => {
    const me = teamsUser('Priya Owner');
    const person = await registerTeamsPerson(bot.store, me, ['member'], 'south-yorkshire-police');
    const mine = findMilestones(bot.store, { today: today(), openOnly: true }).slice(0, 2);
    for (const m of mine) await assignOwner(bot.store, m.id, person.id);

    const personal = cardText(cardOf(await ask('milestones', { from: me })));
    expect(personal).to.include('Your milestones');
    expect(personal).to.include('2 milestones');

    const inChannel = await postActivity(bot.url, mentionActivity('milestones', { from: me }));
    const channelText = cardText(cardOf(inChannel.activities[0]));
    expect(channelText).to.include(`${findMilestones(bot.store, { today: today(), openOnly: true }).length} milestones`);
  });

  it('strips the @mention in a channel before reading the command', async () => {
    const answer = await postActivity(bot.url, mentionActivity('summary'));
    expect(cardText(cardOf(answer.activities[0]))).to.include('Building Stronger Communities: action plan');
  });

  it('shows a milestone with its history, newest first', async () => {
    const withHistory = bot.store.all('milestoneUpdates')[0];
    expect(withHistory, 'the seed has history').to.not.equal(undefined);
    const text = cardText(cardOf(await ask(`milestone ${withHistory?.milestoneId.toLowerCase()}`)));
    expect(text).to.include(`Milestone ${withHistory?.milestoneId}`);
    expect(text).to.include('History');
    expect(text).to.match(/as loaded from the action plan|via (Teams|Slack)/);
    expect(text, 'the seed named once, in words').to.not.match(/Seed action plan|via the seed plan|by seed\b/);
  });

  it('says clearly when a milestone does not exist', async () => {
    const reply = await ask('milestone BSC-9.9-M9');
    expect(reply.text).to.include('I cannot find a milestone called "BSC-9.9-M9"');
  });

  it('summarises the plan as a theme by status table with the overdue listed', async () => {
    const card = cardOf(await ask('summary'));
    const text = cardText(card);
    for (const theme of bot.store.all('themes')) expect(text).to.include(theme.title);
    for (const heading of ['Grey: not started', 'Green: on track', 'Amber: delayed', 'Red: off track', 'Blue: complete']) expect(text).to.include(heading);
    const overdue = findMilestones(bot.store, { today: today(), overdue: true });
    expect(text).to.include(`Overdue (${overdue.length})`);
  });

  it('refuses an oversized message with a clear answer', async () => {
    const reply = await ask('milestones '.repeat(500));
    expect(reply.text).to.match(/too long for a command/);
  });

  it('welcomes a team when the bot is added', async () => {
    const answer = await postActivity(bot.url, {
      ...messageActivity('', { conversation: 'channel' }),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: '28:scf-bot', name: 'Stronger Communities' }],
    });
    expect(answer.status).to.equal(200);
    expect(cardText(cardOf(answer.activities[0]))).to.include('Stronger Communities Forum');
  });
});
