// Socket Mode: with SLACK_MODE=socket the bot opens a WebSocket (URL from apps.connections.open,
// asked with the app-level token at the configured API URL) instead of serving /slack/events.
// A small WebSocket server here plays Slack: it says hello, sends envelopes and reads the acks.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { BOT_TOKEN, dmChannelOf, dmEvent, postSlack, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { HOME_TEAM, startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { APP_TOKEN, TinySocketServer } from '../helpers/tiny-socket-server.ts';

describe('Slack: Socket Mode', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  let slack: TinySocketServer;
  const member = slackUser('Jo Socket');

  before(async () => {
    api = await startStandInSlackApi();
    slack = new TinySocketServer();
    api.respondWith('apps.connections.open', { ok: true, url: await slack.listen() });
    bot = await startRunningBot({ SLACK_MODE: 'socket', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: api.url, SLACK_RESPONSE_URL_ORIGIN: new URL(api.url).origin });
    await slack.ready;
    await registerSlackPerson(bot.store, member, ['member'], 'rmbc', api);
  });
  after(async () => {
    await bot.stop();
    await slack.close();
    await api.close();
    removeTempDirs();
  });

  it('connects with the app-level token through the configured API URL and is ready', async () => {
    const open = api.callsTo('apps.connections.open')[0];
    expect(open?.authorization).to.equal(`Bearer ${APP_TOKEN}`);
    expect(api.callsTo('auth.test')[0]?.authorization).to.equal(`Bearer ${BOT_TOKEN}`);
    const ready: unknown = await (await fetch(`${bot.url}/readyz`)).json();
    expect(Object(ready).checks).to.deep.include({ name: 'slack', ok: true, detail: 'Socket Mode connected' });
  });

  it('does not serve /slack/events', async () => {
    expect((await postSlack(bot.url, '{}')).status).to.equal(404);
  });

  it('acknowledges a DM envelope and answers in the DM; a retried envelope is acknowledged and ignored', async () => {
    const from = api.calls.length;
    const event = { type: 'event_callback', team_id: HOME_TEAM, event_id: 'EvSOCKET01', event: dmEvent(member, 'milestones overdue all') };
    slack.send({ envelope_id: 'env-1', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload: event });
    const post = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    expect(textOf(post.args.blocks)).to.include('Overdue');
    slack.send({ envelope_id: 'env-2', type: 'events_api', accepts_response_payload: false, retry_attempt: 1, retry_reason: 'timeout', payload: event });
    for (let i = 0; i < 100 && !slack.acks.some((a) => a.includes('env-2')); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(slack.acks.map((a) => String(JSON.parse(a).envelope_id))).to.include.members(['env-1', 'env-2']);
    await new Promise((r) => setTimeout(r, 150));
    expect(api.calls.slice(from).filter((c) => c.method === 'chat.postMessage')).to.have.length(1);
  });

  it('answers a slash command envelope privately through its response_url', async () => {
    const from = api.calls.length;
    const payload = { command: '/forum', text: 'summary', team_id: HOME_TEAM, user_id: member.userId, channel_id: 'C0FORUMCH', channel_name: 'forum', response_url: api.responseUrl('socket-summary'), trigger_id: 'trigger-socket' };
    slack.send({ envelope_id: 'env-3', type: 'slash_commands', accepts_response_payload: true, payload });
    const reply = await api.waitFor('response_url', (c) => c.path.endsWith('/socket-summary'), { from });
    expect(reply.args.response_type).to.equal('ephemeral');
    expect(slack.acks.some((a) => a.includes('env-3'))).to.equal(true);
  });
});
