// Slack's rate limit, over real HTTP: the stand-in Web API answers one call with 429 and a
// Retry-After. A short wait is honoured and the post is retried, arriving exactly once; a wait
// longer than the bot allows fails the call at once instead of holding the turn.
import { expect } from 'chai';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { dmChannelOf, dmEvent, eventBody, postSlack, slackEnv, slackUser } from '../helpers/slack-requests.ts';
import { startStandInSlackApi, textOf, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: rate limits (429 with Retry-After)', function () {
  this.timeout(20_000);
  let bot: RunningBot;
  let api: StandInSlackApi;
  const member = slackUser('Robin Retry');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, member, ['member'], 'voluntary-action-rotherham', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const postsSince = (from: number): SlackApiCall[] => api.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === dmChannelOf(member));
  const isHelp = (c: SlackApiCall) => textOf(c.args.blocks).includes('What I can do');

  async function logged(message: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 100; i += 1) {
      const line = bot.logs.find((l) => l.msg === message);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no log line "${message}" within 5 s`);
  }

  it('retries a post answered 429 Retry-After: 1, and it arrives exactly once', async () => {
    const from = api.calls.length;
    api.rateLimitNext('chat.postMessage', 1);
    expect((await postSlack(bot.url, eventBody(dmEvent(member, 'help')))).status).to.equal(200);
    await api.waitFor('chat.postMessage', (c) => c.status === undefined && isHelp(c), { from });

    // A later answer in the same DM: anything still retrying would have landed before it.
    const next = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(member, 'whoami')));
    await api.waitFor('chat.postMessage', (c) => String(c.args.text).includes('You are Robin Retry'), { from: next });

    const helpPosts = postsSince(from).filter(isHelp);
    expect(helpPosts.map((c) => c.status ?? 200)).to.deep.equal([429, 200]);
    expect(helpPosts[1]?.args).to.deep.equal(helpPosts[0]?.args);
    expect(postsSince(from).filter((c) => c.status === undefined && isHelp(c))).to.have.length(1);
  });

  it('gives a call up at once when Slack asks for a longer wait than the bot allows', async () => {
    const from = api.calls.length;
    api.rateLimitNext('chat.postMessage', 120);
    await postSlack(bot.url, eventBody(dmEvent(member, 'help')));
    const warning = await logged('Slack rate limit asks for a longer wait than the bot allows; this call fails now');
    expect(warning).to.include({ retryAfterS: 120 });
    // The person is told it failed (the turn's error handler) rather than kept waiting two minutes.
    await api.waitFor('chat.postMessage', (c) => String(c.args.text).includes('Sorry, something went wrong'), { from });
    expect(postsSince(from).filter(isHelp).map((c) => c.status ?? 200)).to.deep.equal([429]);
  });
});
