// POST /slack/events on the shared server: Slack's signature is checked (forged, stale, missing
// -> 401 and nothing runs), retried and duplicate events are not answered twice, other
// workspaces get a polite refusal only, Bolt's auth.test goes to the configured API URL, and
// without Slack settings there is no Slack route at all.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { BOT_TOKEN, dmChannelOf, dmEvent, eventBody, mentionEvent, postSlack, signature, slackEnv, slashCommand, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { BOT_USER_ID, HOME_TEAM, startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const OTHER_TEAM = 'T0ELSEWHERE';

describe('Slack: the HTTP endpoint', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const member = slackUser('Sam Partner');
  const stranger = slackUser('Robin Stranger', OTHER_TEAM);

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url, { ALLOWED_SLACK_TEAMS: HOME_TEAM }));
    await registerSlackPerson(bot.store, member, ['coordinator'], 'rmbc', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const mark = () => api.calls.length;
  const storeSnapshot = () => JSON.stringify({ m: bot.store.all('milestones'), p: bot.store.all('people'), u: bot.store.count('milestoneUpdates') });
  const waitForLog = async (msg: string, from: number) => {
    for (let i = 0; i < 100; i += 1) {
      if (bot.logs.slice(from).some((l) => l.msg === msg)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no log line "${msg}"`);
  };

  it('started Slack through the configured API URL: auth.test with the bot token, and /readyz says so', async () => {
    const auth = api.callsTo('auth.test')[0];
    expect(auth?.authorization).to.equal(`Bearer ${BOT_TOKEN}`);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).to.equal(200);
    const body: unknown = await ready.json();
    expect(Object(body).checks).to.deep.include({ name: 'slack', ok: true, detail: 'HTTP at /slack/events' });
  });

  describe('refuses requests Slack did not sign, with 401, running nothing', () => {
    const body = () => eventBody(dmEvent(member, 'add person'));
    const cases: [string, () => Parameters<typeof postSlack>[2]][] = [
      ['a forged signature', () => ({ signature: `v0=${'0'.repeat(64)}` })],
      ['a body signed with another secret', () => ({ secret: 'not-our-secret' })],
      ['a timestamp older than five minutes', () => ({ timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })],
      ['a timestamp ten minutes in the future', () => ({ timestamp: Math.floor(Date.now() / 1000) + 10 * 60 })],
      ['a timestamp just over five minutes in the future', () => ({ timestamp: Math.floor(Date.now() / 1000) + 5 * 60 + 30 })],
      ['no signature header', () => ({ omit: ['signature'] })],
      ['no timestamp header', () => ({ omit: ['timestamp'] })],
    ];
    for (const [name, options] of cases) {
      it(name, async () => {
        const before = storeSnapshot();
        const from = mark();
        const answer = await postSlack(bot.url, body(), options());
        expect(answer.status).to.equal(401);
        await new Promise((r) => setTimeout(r, 100));
        expect(api.calls.slice(from), 'no Web API call').to.have.length(0);
        expect(storeSnapshot()).to.equal(before);
      });
    }

    it('but takes a request from a clock a little fast (four minutes ahead)', async () => {
      const from = mark();
      const answer = await postSlack(bot.url, eventBody(dmEvent(member, 'help')), { timestamp: Math.floor(Date.now() / 1000) + 4 * 60 });
      expect(answer.status).to.equal(200);
      await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    });

    it('a signature over a different body (tampered after signing)', async () => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const answer = await postSlack(bot.url, body(), { signature: signature(eventBody(dmEvent(member, 'help')), timestamp), timestamp: Number(timestamp) });
      expect(answer.status).to.equal(401);
    });
  });

  it('answers an event once: a retry (x-slack-retry-num) or a repeat of the same event_id posts nothing more', async () => {
    const event = dmEvent(member, 'summary');
    const from = mark();
    const logsFrom = bot.logs.length;
    const first = await postSlack(bot.url, eventBody(event, { eventId: 'EvRETRY0001' }));
    expect(first.status).to.equal(200);
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    const retry = await postSlack(bot.url, eventBody(event, { eventId: 'EvRETRY0001' }), { retryNum: 1 });
    expect(retry.status).to.equal(200);
    await waitForLog('ignored a repeated delivery of a Slack event already taken on', logsFrom);
    const again = await postSlack(bot.url, eventBody(event, { eventId: 'EvRETRY0001' }));
    expect(again.status).to.equal(200);
    for (let i = 0; i < 100 && bot.logs.slice(logsFrom).filter((l) => l.msg === 'ignored a repeated delivery of a Slack event already taken on').length < 2; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(bot.logs.slice(logsFrom).filter((l) => l.msg === 'ignored a repeated delivery of a Slack event already taken on')).to.have.length(2);
    expect(api.calls.slice(from).filter((c) => c.method === 'chat.postMessage')).to.have.length(1);
  });

  it('refuses another workspace politely, to the person only, and does nothing else', async () => {
    const before = storeSnapshot();
    const from = mark();
    await postSlack(bot.url, eventBody(mentionEvent(stranger, `<@${BOT_USER_ID}> milestones`), { teamId: OTHER_TEAM }));
    const refusal = await api.waitFor('chat.postEphemeral', (c) => c.args.user === stranger.userId, { from });
    expect(String(refusal.args.text)).to.include('this Slack workspace is not set up to use it');
    await postSlack(bot.url, slashCommand(stranger, 'summary', { responseUrl: api.responseUrl('stranger') }));
    const viaUrl = await api.waitFor('response_url', (c) => c.path.endsWith('/stranger'), { from });
    expect(viaUrl.args).to.deep.include({ response_type: 'ephemeral' });
    expect(String(viaUrl.args.text)).to.include('not set up to use it');
    expect(api.calls.slice(from).map((c) => c.method).sort()).to.deep.equal(['chat.postEphemeral', 'response_url']);
    expect(storeSnapshot()).to.equal(before);
  });

  it('refuses a body over 256 KB with 413 before reading it as Slack', async () => {
    const before = storeSnapshot();
    const answer = await postSlack(bot.url, eventBody(dmEvent(member, `help ${'x'.repeat(300 * 1024)}`)));
    expect(answer.status).to.equal(413);
    expect(storeSnapshot()).to.equal(before);
  });

  it('answers url_verification (setting the Request URL in Slack) with the challenge', async () => {
    const answer = await postSlack(bot.url, JSON.stringify({ token: 't', challenge: 'challenge-123', type: 'url_verification' }));
    expect(answer.status).to.equal(200);
    expect(answer.text).to.include('challenge-123');
  });
});

describe('Slack: configuration', function () {
  afterEach(() => removeTempDirs());

  it('without Slack settings there is no /slack/events route and no Slack readiness check', async () => {
    const bot = await startRunningBot();
    try {
      const answer = await postSlack(bot.url, eventBody(dmEvent(slackUser('Nobody'), 'help')));
      expect(answer.status).to.equal(404);
      const body: unknown = await (await fetch(`${bot.url}/readyz`)).json();
      expect(JSON.stringify(body)).to.not.include('slack');
    } finally {
      await bot.stop();
    }
  });

  it('when Slack refuses auth.test at start, the bot still starts, /readyz says Slack is not ready, and /slack/events answers 503', async () => {
    const api = await startStandInSlackApi();
    api.failNext('auth.test', 'invalid_auth');
    const bot = await startRunningBot(slackEnv(api.url));
    try {
      const ready = await fetch(`${bot.url}/readyz`);
      expect(ready.status).to.equal(503);
      const body: unknown = await ready.json();
      const slack = Object(Object(body).checks).find((c: unknown) => Object(c).name === 'slack');
      expect(slack).to.include({ ok: false });
      expect(String(Object(slack).detail)).to.include('invalid_auth');
      const answer = await postSlack(bot.url, eventBody(dmEvent(slackUser('Early Bird'), 'help')));
      expect(answer.status).to.equal(503);
      expect(bot.logText()).to.not.include(BOT_TOKEN);
    } finally {
      await bot.stop();
      await api.close();
    }
  });
});
