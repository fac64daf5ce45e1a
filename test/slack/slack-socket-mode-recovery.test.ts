// Socket Mode when Slack is not there, or says no: a failed apps.connections.open (Slack answering
// 503, at start or while reconnecting after a dropped connection) is tried again with backoff
// until it works, and /readyz follows; an answer that means the configuration is wrong (a revoked
// token, a bot token where the app-level one belongs) is said plainly in /readyz and the log, and
// not asked again.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { BOT_TOKEN, dmChannelOf, dmEvent, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { HOME_TEAM, startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { APP_TOKEN, TinySocketServer } from '../helpers/tiny-socket-server.ts';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

describe('Slack: Socket Mode recovers, or says what is wrong', function () {
  this.timeout(40_000);
  let api: StandInSlackApi;
  let slack: TinySocketServer;
  const running: RunningBot[] = [];

  const socketEnv = () => ({ SLACK_MODE: 'socket', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: api.url, SLACK_RESPONSE_URL_ORIGIN: new URL(api.url).origin });
  const start = async () => {
    const bot = await startRunningBot(socketEnv());
    running.push(bot);
    return bot;
  };
  const slackCheck = async (bot: RunningBot): Promise<Check> => {
    const body: unknown = await (await fetch(`${bot.url}/readyz`)).json();
    return Object(body).checks.find((c: Check) => c.name === 'slack');
  };
  async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeEach(async () => {
    api = await startStandInSlackApi();
    slack = new TinySocketServer();
    api.respondWith('apps.connections.open', { ok: true, url: await slack.listen() });
  });
  afterEach(async () => {
    for (const bot of running.splice(0)) await bot.stop();
    await slack.close();
    await api.close();
  });
  after(removeTempDirs);

  it('tries apps.connections.open again when Slack answers 503 at start, connects, and is then ready', async () => {
    // Three 503s: the Web API client's own attempts (one and two retries) all fail, so the start fails.
    api.failHttpNext('apps.connections.open', 503, 3);
    const bot = await start();
    await until('connected after the failures', () => slack.connections >= 1);
    await until('/readyz says connected', async () => (await slackCheck(bot)).ok);
    expect(api.callsTo('apps.connections.open').map((c) => c.status ?? 200)).to.deep.equal([503, 503, 503, 200]);
    expect(await slackCheck(bot)).to.deep.equal({ name: 'slack', ok: true, detail: 'Socket Mode connected' });
    expect(bot.logs.some((l) => l.msg === 'Slack Socket Mode could not connect; retrying')).to.equal(true);
  });

  it('reconnects after the connection drops, even when apps.connections.open fails meanwhile, and takes events again', async () => {
    const bot = await start();
    await slack.connection(1);
    const member = slackUser('Sam Socket');
    await registerSlackPerson(bot.store, member, ['member'], 'rmbc', api);
    api.failHttpNext('apps.connections.open', 503, 3);
    slack.drop();
    await slack.connection(2);
    await until('/readyz says connected again', async () => (await slackCheck(bot)).ok);
    const from = api.calls.length;
    slack.send({ envelope_id: 'env-after', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload: { type: 'event_callback', team_id: HOME_TEAM, event_id: 'EvSOCKETAGAIN', event: dmEvent(member, 'help') } });
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
  });

  for (const code of ['invalid_auth', 'account_inactive', 'not_allowed_token_type']) {
    it(`says plainly that SLACK_APP_TOKEN is refused (${code}), and does not ask again`, async () => {
      api.failNext('apps.connections.open', code, 100);
      const bot = await start();
      const check = await slackCheck(bot);
      expect(check.ok).to.equal(false);
      expect(check.detail).to.include(`Slack refused SLACK_APP_TOKEN (${code})`).and.include('xapp-').and.include('restart');
      const logged = bot.logs.find((l) => String(l.msg).startsWith('Slack refused SLACK_APP_TOKEN'));
      expect(logged).to.include({ level: 50, code });
      // A transient failure is tried again within about a second (first backoff); this one is not.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(api.callsTo('apps.connections.open')).to.have.length(1);
      expect(bot.logText()).to.not.include(APP_TOKEN);
    });
  }

  it('says plainly that SLACK_BOT_TOKEN is refused when auth.test answers invalid_auth', async () => {
    api.failNext('auth.test', 'invalid_auth', 100);
    const bot = await start();
    const check = await slackCheck(bot);
    expect(check.ok).to.equal(false);
    expect(check.detail).to.include('Slack refused SLACK_BOT_TOKEN (invalid_auth)').and.include('xoxb-');
    expect(bot.logText()).to.not.include(BOT_TOKEN);
  });
});
