// Every log line of one turn carries the same request id, echoed to the caller as x-request-id;
// two turns never share one. Real HTTP to the running app (Teams and Slack), logs as written.
import { expect } from 'chai';
import { registerSlackPerson } from './helpers/slack-people.ts';
import { dmEvent, eventBody, signature, slackEnv, slackUser } from './helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from './helpers/running-bot.ts';
import { startStandInSlackApi, type StandInSlackApi } from './helpers/stand-in-slack-api.ts';
import { messageActivity } from './helpers/teams-activities.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function postTeams(bot: RunningBot, text: string, headers: Record<string, string> = {}): Promise<{ status: number; requestId: string | null }> {
  const response = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(messageActivity(text)),
    signal: AbortSignal.timeout(15_000),
  });
  await response.text();
  return { status: response.status, requestId: response.headers.get('x-request-id') };
}

const linesOf = (bot: RunningBot, requestId: string | null) => bot.logs.filter((line) => line.requestId === requestId);

async function waitForLine(bot: RunningBot, match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i += 1) {
    const found = bot.logs.find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the expected log line never came');
}

describe('request ids on log lines', () => {
  describe('Teams (/api/messages)', () => {
    let bot: RunningBot;
    before(async () => {
      bot = await startRunningBot();
    });
    after(async () => {
      await bot.stop();
      removeTempDirs();
    });

    it('gives every line of one turn the id sent back as x-request-id, and each turn its own id', async () => {
      const first = await postTeams(bot, 'help');
      const second = await postTeams(bot, 'milestones overdue');
      expect(first.status).to.equal(200);
      expect(first.requestId).to.match(UUID);
      expect(second.requestId).to.match(UUID);
      expect(second.requestId).to.not.equal(first.requestId);

      for (const [turn, command] of [[first, 'help'], [second, 'milestones']] as const) {
        const lines = linesOf(bot, turn.requestId);
        expect(lines.map((l) => l.msg), `lines of the "${command}" turn`).to.include.members(['command', 'request handled']);
        // The bot core's line (with the activity id) and the adapter's line are the same turn.
        expect(lines.find((l) => l.msg === 'command')?.command).to.equal(command);
        expect(lines.find((l) => l.msg === 'request handled')).to.include({ path: '/api/messages', status: 200 });
      }
    });

    it("keeps a caller's own plain request id (a reverse proxy's) and replaces one that is not plain", async () => {
      const kept = await postTeams(bot, 'help', { 'x-request-id': 'proxy-7f3a.42:1' });
      expect(kept.requestId).to.equal('proxy-7f3a.42:1');
      expect(linesOf(bot, 'proxy-7f3a.42:1').map((l) => l.msg)).to.include('command');

      const hostile = 'x"} {"level":60,"msg":"forged';
      const replaced = await postTeams(bot, 'help', { 'x-request-id': hostile });
      expect(replaced.requestId).to.match(UUID);
      expect(bot.logText()).to.not.include('forged');
    });

    it('puts no request id on lines written outside a request, and answers health checks with one', async () => {
      expect(bot.logs.find((l) => l.msg === 'listening')).to.not.have.property('requestId');
      const health = await fetch(`${bot.url}/healthz`);
      expect(health.headers.get('x-request-id')).to.match(UUID);
    });
  });

  describe('Slack (/slack/events)', () => {
    let bot: RunningBot;
    let api: StandInSlackApi;
    const member = slackUser('Ash Requester');
    before(async () => {
      api = await startStandInSlackApi();
      bot = await startRunningBot(slackEnv(api.url));
      await registerSlackPerson(bot.store, member, ['member'], 'rmbc', api);
    });
    after(async () => {
      await bot.stop();
      await api.close();
      removeTempDirs();
    });

    async function postSigned(text: string): Promise<string | null> {
      const body = eventBody(dmEvent(member, text));
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(`${bot.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature(body, timestamp) },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      await response.text();
      expect(response.status).to.equal(200);
      return response.headers.get('x-request-id');
    }

    it('carries the id from the acknowledged request to the work done after it, one id per event', async () => {
      const first = await postSigned('help');
      const second = await postSigned('summary');
      expect(first).to.match(UUID);
      expect(second).to.match(UUID);
      expect(second).to.not.equal(first);
      // Slack is acknowledged at once; the command runs after the response, still under its id.
      const helpLine = await waitForLine(bot, (l) => l.msg === 'command' && l.command === 'help');
      const summaryLine = await waitForLine(bot, (l) => l.msg === 'command' && l.command === 'summary');
      expect(helpLine.requestId).to.equal(first);
      expect(summaryLine.requestId).to.equal(second);
      expect(linesOf(bot, first).map((l) => l.msg)).to.include('request handled');
    });
  });
});
