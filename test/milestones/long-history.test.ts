// A milestone's whole history can be read in Slack and in Teams: the detail card shows the newest
// updates and a Full history button; the history comes a page at a time, newest first, with Older,
// Newer and Back to the milestone, so nothing is out of reach and no card grows past a chat's size
// (or a Slack message's 50 blocks).
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { blockActions, postSlack, slackEnv, slashCommand, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { buttonsIn, startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const MILESTONE = 'BSC-0.1-M3';
const ADDED = 25;
const noteOf = (n: number) => `Progress note number ${n} of the long history.`;

describe('A long milestone history, read to the end in Slack and in Teams', function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let api: StandInSlackApi;
  const slackMember = slackUser('Hal History');
  const teamsMember = teamsUser('Tess History');
  let total = 0;

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, slackMember, ['member'], 'rmbc', api);
    await registerTeamsPerson(bot.store, teamsMember, ['member'], 'rmbc');
    // Set-up: a milestone updated many times (as three years of monthly updates would leave it).
    const start = Date.parse('2024-01-01T09:00:00.000Z');
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      for (let n = 1; n <= ADDED; n += 1) {
        tx.put('milestoneUpdates', { id: `U-HIST-${n}`, milestoneId: MILESTONE, version: 1000 + n, status: 'on-track', commentary: noteOf(n), by: 'Jo Bloggs', via: 'teams', at: new Date(start + n * 86_400_000).toISOString() }, { action: 'milestone.update' });
      }
    });
    total = bot.store.all('milestoneUpdates').filter((u) => u.milestoneId === MILESTONE).length;
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  /** Every "Progress note number N" a text shows. */
  const notesIn = (text: string) => [...text.matchAll(/Progress note number (\d+) of/g)].map((m) => Number(m[1]));

  it('Slack: Full history from the detail, then Older to the first update and back to the milestone, each page replacing the last', async () => {
    let from = api.calls.length;
    await postSlack(bot.url, slashCommand(slackMember, `milestone ${MILESTONE}`, { responseUrl: api.responseUrl('detail') }));
    const detail = await api.waitFor('response_url', (c) => c.path.endsWith('/detail'), { from });
    expect(textOf(detail.args.blocks)).to.include(`The newest 8 of ${total} updates`);
    let button = buttonsIn(detail.args.blocks).find((b) => b.text === 'Full history');
    expect(button, 'a Full history button').to.not.equal(undefined);

    const seen: number[] = [];
    const pages: string[] = [];
    let lastButtons: { text: string; value: string }[] = [];
    for (let page = 1; button && page <= 10; page += 1) {
      from = api.calls.length;
      const url = api.responseUrl(`history-${page}`);
      await postSlack(bot.url, blockActions(slackMember, button.value, { messageTs: '1700000000.000700', ephemeral: true, responseUrl: url }));
      const shown = await api.waitFor('response_url', (c) => c.path.endsWith(`/history-${page}`), { from });
      expect(shown.args.replace_original, 'the page replaces the one clicked').to.equal(true);
      const text = textOf(shown.args.blocks);
      pages.push(text);
      seen.push(...notesIn(text));
      const buttons = buttonsIn(shown.args.blocks);
      expect(buttons.map((b) => b.text)).to.include('Back to the milestone');
      if (page > 1) expect(buttons.map((b) => b.text), `Newer on page ${page}`).to.include('Newer');
      lastButtons = buttons;
      button = buttons.find((b) => b.text === 'Older');
    }
    expect(pages[0]).to.include(`Updates 1 to 10 of ${total}, newest first.`);
    expect(pages).to.have.length(Math.ceil(total / 10));
    // Every added update once, newest first, across the pages.
    expect(seen).to.deep.equal(Array.from({ length: ADDED }, (_, i) => ADDED - i));

    from = api.calls.length;
    const back = lastButtons.find((b) => b.text === 'Back to the milestone');
    await postSlack(bot.url, blockActions(slackMember, back?.value ?? '', { messageTs: '1700000000.000700', ephemeral: true, responseUrl: api.responseUrl('back') }));
    const again = await api.waitFor('response_url', (c) => c.path.endsWith('/back'), { from });
    expect(textOf(again.args.blocks)).to.include(`Milestone ${MILESTONE}`);
  });

  it('Teams: the same pages through the card actions, and a page past the end shows the last page', async () => {
    const detail = cardOf((await postActivity(bot.url, messageActivity(`milestone ${MILESTONE}`, { from: teamsMember }))).activities[0]);
    const full = cardButtons(detail).find((b) => b.title === 'Full history');
    expect(full?.verb).to.equal('milestone.history');
    const first = invokeResult(await postActivity(bot.url, cardActionActivity('milestone.history', { ...full?.data }, { from: teamsMember }))).value;
    expect(cardText(first)).to.include(`History of milestone ${MILESTONE}`).and.include(`Updates 1 to 10 of ${total}, newest first.`);
    expect(notesIn(cardText(first))).to.deep.equal([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    expect(cardButtons(first).map((b) => b.title)).to.deep.equal(['Older', 'Back to the milestone']);

    const beyond = invokeResult(await postActivity(bot.url, cardActionActivity('milestone.history', { id: MILESTONE, page: 99 }, { from: teamsMember }))).value;
    const last = Math.ceil(total / 10);
    expect(cardText(beyond)).to.include(`Updates ${(last - 1) * 10 + 1} to ${total} of ${total}, newest first.`);
    expect(cardButtons(beyond).map((b) => b.title)).to.deep.equal(['Newer', 'Back to the milestone']);
  });

  it('refuses a page that is not a number, and an unknown milestone, changing nothing', async () => {
    const before = bot.store.info();
    const bad = invokeResult(await postActivity(bot.url, cardActionActivity('milestone.history', { id: MILESTONE, page: 'last' }, { from: teamsMember })));
    expect(JSON.stringify(bad.value)).to.match(/page/i);
    const unknown = invokeResult(await postActivity(bot.url, cardActionActivity('milestone.history', { id: 'BSC-9.9-M9', page: 1 }, { from: teamsMember })));
    expect(JSON.stringify(unknown.value)).to.include('BSC-9.9-M9');
    expect(bot.store.info()).to.deep.equal(before);
  });
});
