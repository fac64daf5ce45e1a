// Links the bot gives in Slack are Slack links (`<url|label>`), not Markdown that Slack shows as
// raw text: a reviewer's `intel export` link, and "Add to calendar" on the meetings card as a
// link button. Each link works when followed.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { dmChannelOf, dmEvent, eventBody, postSlack, slackEnv, slashCommand, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

/** `<http://…/downloads/<token>|label>`: the url and the label. */
const SLACK_LINK = /<(http:\/\/127\.0\.0\.1:\d+\/downloads\/[A-Za-z0-9_-]{43})\|([^>]+)>/;
const DOWNLOAD = /^http:\/\/127\.0\.0\.1:\d+\/downloads\/[A-Za-z0-9_-]{43}$/;

/** Buttons that open a link (Block Kit `button` with `url`): their label and address. */
function linkButtonsIn(value: unknown): { text: string; url: string }[] {
  const found: { text: string; url: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = Object.fromEntries(Object.entries(node));
    if (record.type === 'button' && typeof record.url === 'string') found.push({ text: textOf(record.text), url: record.url });
    Object.values(record).forEach(walk);
  };
  walk(value);
  return found;
}

describe('Slack: links arrive as Slack links', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const member = slackUser('Lee Linker');
  const reviewer = slackUser('Rae Reviewer');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, member, ['member'], 'rmbc', api);
    await registerSlackPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  it('gives "Add to calendar" as a link button that downloads the calendar file', async () => {
    const from = api.calls.length;
    const responseUrl = api.responseUrl(`meetings-${from}`);
    await postSlack(bot.url, slashCommand(member, 'meetings', { responseUrl }));
    const list = await api.waitFor('response_url', (c) => c.path.endsWith(`meetings-${from}`), { from });
    const add = linkButtonsIn(list.args.blocks).find((b) => b.text === 'Add to calendar');
    expect(add?.url, 'an Add to calendar link button').to.match(DOWNLOAD);
    const file = await fetch(String(add?.url));
    expect(file.headers.get('content-type')).to.include('text/calendar');
  });

  it('makes no link of a Markdown link in the meeting\'s title: the download is the only link', async () => {
    const title = '[Verify your account](http://evil.example/EVIL) <!channel>';
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      tx.put('meetings', { id: 'MTG-EVILTITLE', title, startsAt: new Date(Date.now() + 9 * 86_400_000).toISOString(), agenda: [], status: 'scheduled', rsvps: [], version: 1 }, { action: 'meeting.add' });
    });
    const from = api.calls.length;
    const responseUrl = api.responseUrl(`evil-${from}`);
    await postSlack(bot.url, slashCommand(member, 'meetings', { responseUrl }));
    const list = await api.waitFor('response_url', (c) => c.path.endsWith(`evil-${from}`), { from });
    const sent = JSON.stringify(list.args);
    expect(sent, 'the title is shown').to.include('Verify your account');
    expect(sent).not.to.include('<http://evil').and.not.to.include('<!channel>');
    const links = linkButtonsIn(list.args.blocks).map((b) => b.url);
    expect(links.filter((u) => u.includes('evil.example')), 'no link to the title\'s address').to.have.length(0);
    expect(links.filter((u) => DOWNLOAD.test(u)).length, 'a calendar download for each meeting').to.be.greaterThan(0);
  });

  it('answers a reviewer\'s `intel export` in a DM with a Slack link to the CSV', async () => {
    const from = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(reviewer, 'intel export')));
    const answer = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(reviewer), { from });
    const text = String(answer.args.text);
    expect(text, 'no Markdown link').not.to.match(/\]\(http/);
    expect(SLACK_LINK.exec(text)?.[2]).to.equal('download the CSV');
  });
});
