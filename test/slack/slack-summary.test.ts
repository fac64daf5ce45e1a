// The plan summary in Slack, over real signed HTTP: the same card as Teams, drawn by the Block Kit
// renderer as one section per theme with its counts by colour on one line, never squeezed into
// columns of section fields where Slack breaks the words.
import { expect } from 'chai';
import { dmChannelOf, dmEvent, eventBody, postSlack, slackEnv, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: the plan summary', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const officer = slackUser('Pat Volunteer');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    api.setUser(officer.userId, officer.name);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  it('gives each theme a section: its name, then every colour with its count on one line', async () => {
    const from = api.calls.length;
    expect((await postSlack(bot.url, eventBody(dmEvent(officer, 'summary')))).status).to.equal(200);
    const post = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(officer), { from });
    const blocks = post.args.blocks as { type: string; fields?: unknown[]; text?: { text: string } }[];
    expect(blocks.filter((b) => b.fields), 'no section fields').to.deep.equal([]);
    for (const theme of bot.store.all('themes')) {
      const section = blocks.find((b) => b.type === 'section' && b.text?.text.startsWith(`*${theme.title}*`));
      expect(section, theme.title).to.not.equal(undefined);
      const counts = section?.text?.text.split('\n')[1] ?? '';
      for (const colour of ['Grey', 'Green', 'Amber', 'Red', 'Blue', 'Closed']) expect(counts, theme.title).to.match(new RegExp(`${colour}\\u00A0\\d+`));
    }
  });
});
