// Paging a list only the person sees (the answer to `/forum milestones ...`, an ephemeral message).
// chat.update cannot change an ephemeral message; the click's response_url can replace it, within
// Slack's limits (5 uses, 30 minutes). When it cannot (expired, used up, refused), the next page
// comes as a new ephemeral message instead, so a click is never answered with nothing.
import { expect } from 'chai';
import { ResponseUrls } from '../../src/channels/slack/slack-caches.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { blockActions, postSlack, slackEnv, slashCommand, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { buttonsIn, startStandInSlackApi, textOf, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: paging an ephemeral list', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const member = slackUser('Pat Pager');
  let next: { value: string } | undefined;

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, member, ['member'], 'rmbc', api);
    const from = api.calls.length;
    await postSlack(bot.url, slashCommand(member, 'milestones all', { responseUrl: api.responseUrl('first-page') }));
    const first = await api.waitFor('response_url', (c) => c.path.endsWith('/first-page'), { from });
    next = buttonsIn(first.args.blocks).find((b) => b.text === 'Next');
    expect(next, 'a Next button on the first page').to.not.equal(undefined);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const click = (responseUrl: string) => postSlack(bot.url, blockActions(member, next?.value ?? '', { messageTs: '1700000000.000500', ephemeral: true, responseUrl }));
  const isPage2 = (c: SlackApiCall) => /page 2\b/i.test(textOf(c.args.blocks) + String(c.args.text));
  const since = (from: number, method: string) => api.calls.slice(from).filter((c) => c.method === method);

  it('replaces the list through the click\'s response_url, never chat.update', async () => {
    const from = api.calls.length;
    await click(api.responseUrl('page-click'));
    const replaced = await api.waitFor('response_url', (c) => c.path.endsWith('/page-click'), { from });
    expect(replaced.args.replace_original).to.equal(true);
    expect(isPage2(replaced), 'the second page').to.equal(true);
    expect(since(from, 'chat.update')).to.have.length(0);
    expect(since(from, 'chat.postEphemeral')).to.have.length(0);
  });

  it('sends the page as a new ephemeral message when Slack refuses the response_url (expired)', async () => {
    api.failResponseUrlNext(404, 'expired_url');
    const from = api.calls.length;
    await click(api.responseUrl('expired'));
    const posted = await api.waitFor('chat.postEphemeral', (c) => c.args.user === member.userId, { from });
    expect(isPage2(posted)).to.equal(true);
    expect(posted.args.channel).to.equal('C0FORUMCH');
  });

  it('sends the page as a new ephemeral message when Slack answers the response_url with ok: false', async () => {
    api.failResponseUrlNext(200, JSON.stringify({ ok: false, error: 'used_url' }));
    const from = api.calls.length;
    await click(api.responseUrl('used'));
    const posted = await api.waitFor('chat.postEphemeral', (c) => c.args.user === member.userId, { from });
    expect(isPage2(posted)).to.equal(true);
  });

  it('does not use a response_url more than the 5 times Slack allows', async () => {
    const url = api.responseUrl('five-uses');
    const from = api.calls.length;
    for (let use = 1; use <= 5; use += 1) {
      await click(url);
      for (let i = 0; i < 250 && since(from, 'response_url').length < use; i += 1) await new Promise((r) => setTimeout(r, 20));
    }
    expect(since(from, 'response_url')).to.have.length(5);
    const sixth = api.calls.length;
    await click(url);
    const posted = await api.waitFor('chat.postEphemeral', (c) => c.args.user === member.userId, { from: sixth });
    expect(isPage2(posted)).to.equal(true);
    expect(since(sixth, 'response_url'), 'no sixth use').to.have.length(0);
  });
});

describe('ResponseUrls: what Slack still allows on a response_url', () => {
  it('allows 5 uses within 30 minutes of the interaction, and none after', () => {
    let now = 1_000_000;
    const urls = new ResponseUrls(() => now);
    urls.received('https://hooks.slack.com/actions/T1/1/a');
    urls.received('https://hooks.slack.com/actions/T1/2/b');
    expect([1, 2, 3, 4, 5, 6].map(() => urls.take('https://hooks.slack.com/actions/T1/1/a'))).to.deep.equal([true, true, true, true, true, false]);
    now += 28 * 60 * 1000;
    expect(urls.take('https://hooks.slack.com/actions/T1/2/b')).to.equal(true);
    now += 2 * 60 * 1000;
    expect(urls.take('https://hooks.slack.com/actions/T1/2/b'), 'after 30 minutes').to.equal(false);
    expect(urls.take('https://hooks.slack.com/actions/T1/3/never-seen'), 'one given before a restart is tried').to.equal(true);
  });
});
