// Urgent-report alerts in Slack, over real HTTP against the stand-in Web API: a reviewer who has
// never written to the app is reached at once through a DM the bot opens (conversations.open);
// where Slack will not open one (an app installed without im:write), the reporter is told the
// reviewer could not be reached yet, the admin is told at once, `status` counts the alert, and the
// reviewer gets it exactly once when they first write to the app.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { dmChannelOf, dmEvent, eventBody, modalValues, postSlack, slackEnv, slashCommand, slackUser, viewSubmission, type SlackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInSlackApi, textOf, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const SECRET_TEXT = 'Threats were painted on the community centre wall overnight';

function urgentAnswers(): Record<string, string> {
  return {
    occurredDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    occurredTime: '18:30',
    areaId: 'E05012996',
    category: 'protest-or-march',
    description: SECRET_TEXT,
    sourceType: 'own-observation',
    sourceReliability: 'reliable',
    informationConfidence: 'known-directly',
    tensionLevel: '4',
    tensionTrend: 'rising',
    handling: 'OFFICIAL',
  };
}

/** `/forum log intel` from a channel, the modal filled in and submitted; the private confirmation. */
async function reportFromModal(bot: RunningBot, api: StandInSlackApi, officer: SlackUser): Promise<string> {
  const from = api.calls.length;
  await postSlack(bot.url, slashCommand(officer, 'log intel', { responseUrl: api.responseUrl(`intel-${from}`), triggerId: `trigger-${from}`, channel: 'C0FORUMCH', channelName: 'forum-partners' }));
  const opened = await api.waitFor('views.open', (c) => c.args.trigger_id === `trigger-${from}`, { from });
  const view = opened.args.view;
  const submitted = await postSlack(bot.url, viewSubmission(officer, { id: String(Object(opened.response?.view).id), privateMetadata: String(Object(view).private_metadata), values: modalValues(view, urgentAnswers()) }));
  expect(submitted.status).to.equal(200);
  expect(JSON.stringify(submitted.json ?? {}), 'the modal took the answers').not.to.include('"response_action":"errors"');
  const told = await api.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Report logged'), { from });
  return textOf(told.args);
}

const postsIn = (api: StandInSlackApi, user: SlackUser, containing: string): SlackApiCall[] =>
  api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === dmChannelOf(user) && JSON.stringify(c.args).includes(containing));

describe('Slack: an urgent-report alert to a reviewer who has never written to the app', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const officer = slackUser('Vic Volunteer');
  const reviewer = slackUser('Remi Reviewer');
  let clock = new Date();

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url), () => clock);
    await registerSlackPerson(bot.store, officer, ['member'], 'voluntary-action-rotherham', api);
    await registerSlackPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  it('opens a DM with the reviewer and alerts them there at once', async () => {
    const from = api.calls.length;
    const confirmation = await reportFromModal(bot, api, officer);
    expect(confirmation).to.include('I alerted 1 of 1 intelligence reviewer privately.');
    expect(api.calls.slice(from).filter((c) => c.method === 'conversations.open').map((c) => c.args.users)).to.deep.equal([reviewer.userId]);
    const alerts = postsIn(api, reviewer, 'Intelligence alert');
    expect(alerts).to.have.length(1);
    expect(JSON.stringify(alerts[0]?.args)).to.include('tension level 4').and.not.include(SECRET_TEXT);
    expect(bot.store.all('outbox')).to.deep.equal([]);
  });

  it('keeps an alert Slack refused, says nobody has it yet, and sends it once when its retry time comes', async () => {
    const before = postsIn(api, reviewer, 'Intelligence alert').length;
    api.failNext('chat.postMessage', 'internal_error');
    const confirmation = await reportFromModal(bot, api, officer);
    expect(confirmation).to.include('I alerted 0 of 1 intelligence reviewer privately.').and.include('1 reviewer could not be reached yet').and.include('Nobody has the alert yet');
    expect(bot.store.all('outbox').map((m) => m.lastError)).to.deep.equal(['slack: An API error occurred: internal_error']);

    await bot.outbox.retryDue();
    expect(postsIn(api, reviewer, 'Intelligence alert').length, 'not before its retry time').to.equal(before + 1);
    clock = new Date(clock.getTime() + 2 * 60_000);
    await bot.outbox.retryDue();
    await bot.outbox.retryDue();
    const alerts = postsIn(api, reviewer, 'Intelligence alert').slice(before);
    // The refused post is recorded by the stand-in too; the second is the one Slack took.
    expect(alerts.map((c) => c.response?.ok)).to.deep.equal([false, true]);
    expect(textOf(alerts[1]?.args)).to.include('This alert was kept for you');
    expect(bot.store.all('outbox')).to.deep.equal([]);
  });
});

describe('Slack: an urgent-report alert when Slack will not open a DM with the reviewer', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const officer = slackUser('Vic Volunteer');
  const reviewer = slackUser('Remi Reviewer');
  const admin = slackUser('Ada Admin');
  let reportId = '';

  before(async () => {
    api = await startStandInSlackApi();
    // An app installed before it asked for im:write.
    api.respondWith('conversations.open', { ok: false, error: 'missing_scope', needed: 'im:write', provided: 'app_mentions:read,chat:write,commands,im:history,users:read' });
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, officer, ['member'], 'voluntary-action-rotherham', api);
    await registerSlackPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police', api);
    await registerSlackPerson(bot.store, admin, ['admin'], 'rmbc', api);
    // The admin has written to the app in its Messages tab; the reviewer never has.
    const from = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(admin, 'whoami')));
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(admin), { from });
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const status = async (): Promise<string> => {
    const from = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(admin, 'status')));
    return textOf((await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(admin) && textOf(c.args).includes('Bot status'), { from })).args);
  };

  it('tells the reporter the reviewer could not be reached yet, tells the admin at once, and status counts the alert', async () => {
    const confirmation = await reportFromModal(bot, api, officer);
    reportId = bot.store.all('intelReports')[0]?.id ?? '';
    expect(confirmation).to.include('I alerted 1 of 2 intelligence reviewers privately.');
    expect(confirmation).to.include('1 reviewer could not be reached yet');
    expect(confirmation).to.include('The forum admins have been told');

    const notice = postsIn(api, admin, 'could not reach');
    expect(notice).to.have.length(1);
    expect(textOf(notice[0]?.args)).to.include(reportId).and.include('Remi Reviewer').and.include('im:write');
    expect(api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === dmChannelOf(reviewer))).to.have.length(0);
    for (const call of api.calls) expect(JSON.stringify(call.args), 'never the report text').not.to.include(SECRET_TEXT);

    const card = await status();
    expect(card).to.include('1 intelligence alert not delivered yet');
    expect(card).to.include(`Intelligence alert ${reportId} for Remi Reviewer`);
    expect(card).not.to.include('All well');
  });

  it('delivers the kept alert exactly once when the reviewer first writes to the app', async () => {
    let from = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(reviewer, 'whoami')));
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(reviewer) && !textOf(c.args).includes('Intelligence alert'), { from });
    const alerts = postsIn(api, reviewer, `Intelligence alert: report`);
    expect(alerts).to.have.length(1);
    expect(textOf(alerts[0]?.args)).to.include(reportId).and.include('This alert was kept for you');

    from = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(reviewer, 'help')));
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(reviewer), { from });
    expect(postsIn(api, reviewer, 'Intelligence alert: report'), 'not again').to.have.length(1);
    expect(await status()).not.to.include('intelligence alert not delivered');
  });
});
