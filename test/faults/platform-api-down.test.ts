// Fault: the Bot Connector or Slack's Web API is down or slow. Replies must give up cleanly within
// bounds (Teams sends an activity again after 15 s), must not be posted again after a failure that
// may have been a success (a second copy of the message), a repeated delivery must not be run
// twice, and the server must go on answering everyone else meanwhile.
import { createServer } from 'node:net';
import { expect } from 'chai';
import { milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import { CONNECTOR_ATTEMPT_TIMEOUT_MS } from '../../src/channels/teams/connector-http.ts';
import type { Person } from '../../src/domain/model.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { dmEvent, eventBody, postSlack, slackEnv, slackUser, slashCommand } from '../helpers/slack-requests.ts';
import { cardActionActivity, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { startFaultyConnector, startFaultySlackApi, type FaultyService } from './faulty-services.ts';

const TEAMS_RETRIES_AFTER_MS = 15_000;

/** A request in flight, and whether it has ended yet: tests assert what ended before what, never how long it took. */
function inFlight<T>(work: Promise<T>): { done: () => boolean; result: Promise<T> } {
  let ended = false;
  const result = work.finally(() => {
    ended = true;
  });
  return { done: () => ended, result };
}

/** A loopback port nobody listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('fault: the Bot Connector is down or slow (Teams)', function () {
  this.timeout(40_000);
  let bot: RunningBot;
  let connector: FaultyService;
  const officer = teamsUser('Sam Owner');
  const bystander = teamsUser('Alex Member');
  let person: Person;
  let milestoneId = '';

  before(async () => {
    connector = await startFaultyConnector();
    bot = await startRunningBot({ LOG_LEVEL: 'info' });
    person = await registerTeamsPerson(bot.store, officer, ['member']);
    const actionId = bot.store.all('actions')[0]?.id ?? '';
    milestoneId = `${actionId}-F3`;
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) =>
      tx.put('milestones', { id: milestoneId, actionId, description: 'Hold the partners survey', owner: { organisationId: 'rmbc', role: 'Officer', personId: person.id }, originalDue: '2030-03-31', status: 'on-track', updatedAt: tx.now, version: 1 }, { action: 'milestone.add' }),
    );
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });
  beforeEach(() => connector.behave({ kind: 'answer' }));

  const message = (text: string, extra: Record<string, unknown> = {}) => messageActivity(text, { from: officer, serviceUrl: `${connector.url}/`, expectReplies: false, overrides: extra });
  const postsSince = (from: number) => connector.calls.slice(from).filter((c) => c.method === 'POST');

  it('a Connector that never answers: the reply gives up once, the request ends before Teams would resend it, and others are served meanwhile', async () => {
    // The bot gives up on one attempt before Teams sends the activity again.
    expect(CONNECTOR_ATTEMPT_TIMEOUT_MS).to.be.below(TEAMS_RETRIES_AFTER_MS);
    connector.behave({ kind: 'hang' });
    const from = connector.calls.length;
    const stuck = inFlight(postActivity(bot.url, message('help')));
    await connector.waitForCall((c) => c.method === 'POST', from);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).to.equal(200);
    const other = await postActivity(bot.url, messageActivity('help', { from: bystander }));
    expect(other.activities, 'another person is answered (expectReplies)').to.have.length(1);
    expect(stuck.done(), 'the others were served while the stuck reply was still waiting on the Connector').to.equal(false);

    const value = await stuck.result;
    expect(value.status, 'ended cleanly, so Teams does not send it again').to.equal(200);
    expect(postsSince(from), 'the reply, posted once (no apology sent the same failing way)').to.have.length(1);
  });

  it('a Connector that answers 503: the reply is not posted again (it may have been posted)', async () => {
    connector.behave({ kind: 'status', status: 503 });
    const from = connector.calls.length;
    const value = await postActivity(bot.url, message('help'));
    expect(value.status).to.equal(200);
    expect(postsSince(from)).to.have.length(1);
  });

  it('a Connector that is down (connection refused): the request still ends cleanly', async () => {
    const port = await closedPort();
    const value = await postActivity(bot.url, messageActivity('help', { from: officer, serviceUrl: `http://127.0.0.1:${port}/`, expectReplies: false }));
    expect(value.status).to.equal(200);
  });

  it('Teams delivering a slow Save again (same activity id): the update is applied once', async () => {
    // The first reply hangs on the Connector, so the repeat arrives while the first is still being answered.
    connector.behave({ kind: 'hang' });
    const version = bot.store.get('milestones', milestoneId)?.version;
    // Action.Submit (older clients): a message carrying the card's data; its reply needs the Connector.
    const save = message('', { value: { verb: 'milestone.update', id: milestoneId, version, status: 'on-track', commentary: 'sent once, delivered twice' } });
    const from = connector.calls.length;
    const first = inFlight(postActivity(bot.url, save));
    await connector.waitForCall((c) => c.method === 'POST', from);
    const again = await postActivity(bot.url, save);
    expect(again.status).to.equal(200);
    expect(first.done(), 'the repeat was answered while the first was still waiting on the Connector').to.equal(false);
    expect((await first.result).status).to.equal(200);
    expect(milestoneHistory(bot.store, milestoneId).filter((u) => u.commentary === 'sent once, delivered twice')).to.have.length(1);
  });

  it('Teams delivering a card action again: an intelligence report is saved once, and the repeat gets an answer', async () => {
    const reports = bot.store.count('intelReports');
    const submit = cardActionActivity('intel.submit', {
      occurredDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), occurredTime: '18:00', areaId: 'borough-wide', category: 'positive-community-event',
      description: 'A street party was held', sourceType: 'own-observation', sourceReliability: 'reliable', informationConfidence: 'known-directly', tensionLevel: '1', tensionTrend: 'stable', handling: 'OFFICIAL', reportedToPolice: 'false',
    }, { from: officer, serviceUrl: `${connector.url}/` });
    const first = await postActivity(bot.url, submit);
    expect(JSON.stringify(invokeResult(first))).to.include('Report logged');
    const repeat = await postActivity(bot.url, submit);
    expect(repeat.status).to.equal(200);
    expect(String(invokeResult(repeat).value)).to.include('already received');
    expect(bot.store.count('intelReports')).to.equal(reports + 1);
  });
});

describe('fault: the Slack Web API is down or slow', function () {
  this.timeout(40_000);
  let bot: RunningBot;
  let api: FaultyService;
  const officer = slackUser('Vic Volunteer');

  before(async () => {
    api = await startFaultySlackApi();
    bot = await startRunningBot({ LOG_LEVEL: 'info', ...slackEnv(`${api.url}/api/`) });
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const posts = (from: number) => api.calls.slice(from).filter((c) => c.path.startsWith('/api/chat.postMessage'));
  const helpPosts = (from: number) => posts(from).filter((c) => decodeURIComponent(c.body).includes('What I can do'));
  async function until(check: () => boolean, ms: number): Promise<void> {
    for (const deadline = Date.now() + ms; Date.now() < deadline && !check(); ) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  it('a Web API answering 500: the answer is posted once, not again and again', async () => {
    api.behave({ kind: 'status', status: 500 });
    const from = api.calls.length;
    expect((await postSlack(bot.url, eventBody(dmEvent(officer, 'help')))).status).to.equal(200);
    // The answer, then the turn's apology: once both are in, anything repeated would be too.
    await until(() => posts(from).length >= 2, 8000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(helpPosts(from)).to.have.length(1);
  });

  it('a Web API that answers only after the bot stopped waiting (10 s): the answer is not posted a second time', async () => {
    api.behave({ kind: 'late', ms: 11_000 });
    const from = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(officer, 'help')));
    // Given up at 10 s; the apology follows at once. A repeat of the answer would come here too.
    await until(() => posts(from).length >= 2, 13_000);
    expect(helpPosts(from)).to.have.length(1);
  });

  it('a Web API that never answers: slash commands are still acknowledged at once, and /healthz answers', async () => {
    api.behave({ kind: 'hang' });
    await postSlack(bot.url, eventBody(dmEvent(officer, 'help')));
    const from = api.calls.length;
    const ack = await postSlack(bot.url, slashCommand(officer, 'summary', { responseUrl: `${api.url}/respond/x` }));
    expect(ack.status).to.equal(200);
    // Acknowledged although the answer itself is stuck on the Web API (or not even sent yet).
    expect(api.calls.slice(from).filter((c) => c.path.startsWith('/respond/x') && c.answered), 'the answer was not delivered before the acknowledgement').to.have.length(0);
    expect((await fetch(`${bot.url}/healthz`)).status).to.equal(200);
  });
});
