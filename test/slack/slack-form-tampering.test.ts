// What a Slack form submission may change is decided by the bot: a view_submission, correctly
// signed with the Slack signing secret, whose private_metadata was altered (the channel the answer
// goes to, the response_url, or the metadata of someone else's form) is refused with a message in
// the modal: nothing saved, nothing posted anywhere. And the bot posts response_url answers only
// to Slack's own host. Over real HTTP to /slack/events with real request signatures.
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { dmChannelOf, dmEvent, eventBody, modalValues, postSlack, slackEnv, slashCommand, slackUser, viewSubmission } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInSlackApi, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { startupWritesDone } from '../helpers/fuzz.ts';

const LOCATION = 'Outside the Mill Lane shops';

/** Somewhere else on loopback that records anything posted to it: the "arbitrary URL". */
async function startElsewhere(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The metadata with its JSON part changed by `edit`, whatever is wrapped around it left as it was. */
function altered(metadata: string, edit: (origin: Record<string, unknown>) => Record<string, unknown>): string {
  const at = metadata.indexOf('{');
  const parsed = JSON.parse(metadata.slice(at)) as { caller: { origin: Record<string, unknown> } };
  return `${metadata.slice(0, at)}${JSON.stringify({ ...parsed, caller: { ...parsed.caller, origin: edit(parsed.caller.origin) } })}`;
}

describe('Slack: a form submission cannot change where its answer goes', function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let api: StandInSlackApi;
  let elsewhere: Awaited<ReturnType<typeof startElsewhere>>;
  const officer = slackUser('Vic Volunteer');
  const colleague = slackUser('Col League');

  before(async () => {
    api = await startStandInSlackApi();
    elsewhere = await startElsewhere();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, officer, ['member'], 'voluntary-action-rotherham', api);
    await registerSlackPerson(bot.store, colleague, ['member'], 'rmbc', api);
    // The tests check that nothing is written: the start-up retention run must have written first.
    await startupWritesDone(bot.store);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    await elsewhere.close();
    removeTempDirs();
  });

  const viewOf = (call: SlackApiCall) => call.args.view;
  const metadataOf = (call: SlackApiCall) => String(Object(viewOf(call)).private_metadata);
  const viewIdOf = (call: SlackApiCall) => String(Object(call.response?.view).id);
  const answers = (): Record<string, string> => ({
    occurredDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    occurredTime: '18:30',
    areaId: 'E05012996',
    location: LOCATION,
    category: 'protest-or-march',
    description: 'Posters about a march were put up near the library',
    sourceType: 'own-observation',
    sourceReliability: 'reliable',
    informationConfidence: 'known-directly',
    tensionLevel: '2',
    tensionTrend: 'stable',
    handling: 'OFFICIAL',
  });

  /** `/forum log intel` in a channel: the intel form opens as a modal (views.open, recorded). */
  async function openIntelForm(): Promise<SlackApiCall> {
    const from = api.calls.length;
    await postSlack(bot.url, slashCommand(officer, 'log intel', { responseUrl: api.responseUrl(`intel-${from}`), triggerId: `trigger-${from}`, channel: 'C0FORUMCH' }));
    return api.waitFor('views.open', (c) => c.args.trigger_id === `trigger-${from}`, { from });
  }

  /** Waits until the bot has stopped calling Slack, then proves the channel is still serving by a DM round trip. */
  async function settled(): Promise<void> {
    let count = -1;
    for (let i = 0; i < 40 && count !== api.calls.length; i += 1) {
      count = api.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function submitRefused(user: typeof officer, opened: SlackApiCall, metadata: string): Promise<void> {
    const reports = bot.store.count('intelReports');
    const seq = bot.store.info().lastSeq;
    const from = api.calls.length;
    const answer = await postSlack(bot.url, viewSubmission(user, { id: viewIdOf(opened), privateMetadata: metadata, values: modalValues(viewOf(opened), answers()) }));
    expect(answer.status).to.equal(200);
    await settled();
    expect(JSON.stringify(answer.json), 'the modal says why').to.include('could not be accepted').and.include('Nothing was saved');
    expect(JSON.stringify(answer.json)).to.not.include(LOCATION);
    expect(bot.store.count('intelReports'), 'nothing saved').to.equal(reports);
    expect(bot.store.info().lastSeq, 'nothing written').to.equal(seq);
    expect(api.calls.slice(from).map((c) => c.method), 'nothing posted to Slack').to.deep.equal([]);
    expect(elsewhere.hits, 'nothing posted elsewhere').to.deep.equal([]);
    expect(bot.logs.filter((l) => Number(l.level) >= 50).map((l) => String(l.msg)), 'no error log line').to.deep.equal([]);
  }

  it('refuses a submission whose origin was changed to another channel', async () => {
    const opened = await openIntelForm();
    const metadata = altered(metadataOf(opened), () => ({ kind: 'conversation', channel: 'C0ELSEWHERE', personal: false }));
    await submitRefused(officer, opened, metadata);
  });

  it('refuses a submission whose response_url was changed to an arbitrary URL', async () => {
    const opened = await openIntelForm();
    const metadata = altered(metadataOf(opened), (origin) => ({ ...origin, responseUrl: elsewhere.url }));
    await submitRefused(officer, opened, metadata);
  });

  it('refuses one person\'s form metadata submitted by another', async () => {
    const opened = await openIntelForm();
    await submitRefused(colleague, opened, metadataOf(opened));
  });

  it('accepts the unaltered form: the report is saved and a confirmation without free text goes back to the person who asked', async () => {
    const opened = await openIntelForm();
    const from = api.calls.length;
    const answer = await postSlack(bot.url, viewSubmission(officer, { id: viewIdOf(opened), privateMetadata: metadataOf(opened), values: modalValues(viewOf(opened), answers()) }));
    expect(answer.json).to.deep.equal({ response_action: 'clear' });
    expect(bot.store.all('intelReports').filter((r) => r.location === LOCATION)).to.have.length(1);
    const told = await api.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Report logged'), { from });
    expect(told.path, 'the response_url of the slash command that opened the form').to.match(/^\/respond\/intel-\d+$/);
    // The confirmation carries no free text: id, area, category and level only.
    expect(JSON.stringify(told.args)).to.not.include(LOCATION).and.not.include('Posters about a march');
    expect(JSON.stringify(told.args)).to.include('Protest or march');
    expect(api.calls.slice(from).filter((c) => c.method === 'chat.postMessage'), 'nothing in any channel').to.deep.equal([]);
  });
});

describe('Slack: response_url answers go only to Slack\'s own host', function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let api: StandInSlackApi;
  const member = slackUser('Mo Member');

  before(async () => {
    api = await startStandInSlackApi();
    // As in production: the stand-in's loopback address is not Slack's host.
    bot = await startRunningBot(slackEnv(api.url, { SLACK_RESPONSE_URL_ORIGIN: 'https://hooks.slack.com' }));
    await registerSlackPerson(bot.store, member, ['member'], 'rmbc', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  it('does not post to a response_url elsewhere: the answer reaches the person through the Web API instead', async () => {
    const from = api.calls.length;
    await postSlack(bot.url, slashCommand(member, 'whoami', { responseUrl: api.responseUrl('not-slack'), channel: 'C0FORUMCH' }));
    const ephemeral = await api.waitFor('chat.postEphemeral', (c) => c.args.user === member.userId, { from });
    expect(JSON.stringify(ephemeral.args)).to.include(member.userId);
    expect(api.callsTo('response_url'), 'no post to the response_url').to.deep.equal([]);
    // Its DM still works as ever.
    await postSlack(bot.url, eventBody(dmEvent(member, 'help')));
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    expect(bot.logs.filter((l) => Number(l.level) >= 50)).to.deep.equal([]);
  });
});
