// Links the bot gives in Slack are Slack links (`<url|label>`), not Markdown that Slack shows as
// raw text: "Add to calendar" on the meetings card, and a reviewer's `intel export`. Each link
// works when followed.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { blockActions, dmChannelOf, dmEvent, eventBody, postSlack, slackEnv, slashCommand, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { buttonsIn, startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

/** `<http://…/downloads/<token>|label>`: the url and the label. */
const SLACK_LINK = /<(http:\/\/127\.0\.0\.1:\d+\/downloads\/[A-Za-z0-9_-]{43})\|([^>]+)>/;

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

  it('answers "Add to calendar" with a Slack link to the calendar file', async () => {
    const from = api.calls.length;
    const responseUrl = api.responseUrl(`meetings-${from}`);
    await postSlack(bot.url, slashCommand(member, 'meetings', { responseUrl }));
    const list = await api.waitFor('response_url', (c) => c.path.endsWith(`meetings-${from}`), { from });
    const add = buttonsIn(list.args.blocks).find((b) => b.value.includes('meeting.ics'));
    expect(add, 'an Add to calendar button').to.not.equal(undefined);
    const click = api.calls.length;
    await postSlack(bot.url, blockActions(member, add?.value ?? '', { messageTs: '1700000000.000200', ephemeral: true, responseUrl }));
    const answer = await api.waitFor('response_url', (c) => String(c.args.text).includes('calendar'), { from: click });
    const text = String(answer.args.text);
    expect(text, 'no Markdown link').not.to.match(/\]\(http/);
    const link = SLACK_LINK.exec(text);
    expect(link?.[2]).to.match(/^Add .* to your calendar$/);
    const file = await fetch(String(link?.[1]));
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
    const add = buttonsIn(list.args.blocks).find((b) => b.value.includes('meeting.ics') && b.value.includes('MTG-EVILTITLE'));
    const click = api.calls.length;
    await postSlack(bot.url, blockActions(member, add?.value ?? '', { messageTs: '1700000000.000300', ephemeral: true, responseUrl }));
    const answer = await api.waitFor('response_url', (c) => String(c.args.text).includes('calendar'), { from: click });
    const text = String(answer.args.text);
    expect(text.match(/<[^>]*>/g), 'one Slack link, the download').to.have.length(1);
    expect(SLACK_LINK.test(text)).to.equal(true);
    expect(text).not.to.include('<http://evil').and.not.to.include('<!channel>');
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
