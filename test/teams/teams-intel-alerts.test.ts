// Urgent-report alerts that cannot reach a reviewer yet, from Teams over real HTTP: the reporter is
// told what actually happened, the admin is told at once, `status` counts the alert kept, and the
// reviewer gets it exactly once when they first write to the bot. Every post goes through the
// stand-in Bot Connector, which records what the bot sent and where.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type ConnectorCall, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser, type TeamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const SECRET_TEXT = 'Threats were painted on the community centre wall overnight';

function urgentReport(): Record<string, string> {
  return {
    occurredDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    occurredTime: '18:30',
    areaId: 'E05012996',
    location: 'Near the market',
    category: 'hate-incident',
    hateStrands: 'religion-or-belief',
    communitiesAffected: 'religion-or-belief',
    description: SECRET_TEXT,
    sourceType: 'own-observation',
    sourceReliability: 'reliable',
    informationConfidence: 'known-directly',
    tensionLevel: '4',
    tensionTrend: 'rising',
    reportedToPolice: 'false',
    handling: 'OFFICIAL',
  };
}

const chatOf = (user: TeamsUser) => `/v3/conversations/${encodeURIComponent(`a:personal-${user.aadObjectId}`)}/activities`;

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Teams: an urgent-report alert that cannot reach a reviewer yet', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const admin = teamsUser('Ada Admin');
  const reviewer = teamsUser('Rita Reviewer');
  const reporter = teamsUser('Olu Officer');
  let reportId = '';

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot();
    await registerTeamsPerson(bot.store, admin, ['admin']);
    await registerTeamsPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police');
    await registerTeamsPerson(bot.store, reporter, ['member'], 'voluntary-action-rotherham');
    // The admin has a 1:1 chat with the bot; the reviewer has never written to it.
    await postActivity(bot.url, messageActivity('whoami', { from: admin, serviceUrl: connector.url }));
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  const postsTo = (user: TeamsUser, containing: string): ConnectorCall[] => connector.calls.filter((c) => c.method === 'POST' && c.path.startsWith(chatOf(user)) && JSON.stringify(c.body).includes(containing));
  const status = async () => cardText(cardOf((await postActivity(bot.url, messageActivity('status', { from: admin, serviceUrl: connector.url }))).activities[0]));

  it('tells the reporter the reviewer could not be reached yet and the admins were told; tells the admin at once; status counts the alert', async () => {
    const answer = await postActivity(bot.url, cardActionActivity('intel.submit', urgentReport(), { from: reporter, serviceUrl: connector.url }));
    const text = cardText(invokeResult(answer).value);
    reportId = bot.store.all('intelReports')[0]?.id ?? '';
    expect(text).to.include(`Report logged: ${reportId}`);
    // The admin reviews intelligence too, so is one of the two alerted; the reviewer is not reachable.
    expect(text).to.include('I alerted 1 of 2 intelligence reviewers privately.');
    expect(text).to.include('1 reviewer could not be reached yet: I keep the alert and deliver it as soon as they write to me.');
    expect(text).to.include('The forum admins have been told');
    expect(text).not.to.include('being alerted');

    const notice = postsTo(admin, 'could not reach');
    expect(notice, 'one notice to the admin, sent before the reporter was answered').to.have.length(1);
    const noticeText = JSON.stringify(notice[0]?.body);
    expect(noticeText).to.include(reportId).and.include('Rita Reviewer').and.include('has not opened a 1:1 chat with the bot yet');
    expect(postsTo(admin, 'Intelligence alert: report'), 'the admin, a reviewer too, has the alert itself').to.have.length(1);
    expect(connector.calls.filter((c) => c.path.startsWith(chatOf(reviewer))), 'nothing could go to the reviewer').to.have.length(0);
    for (const call of connector.calls) expect(JSON.stringify(call.body), 'never the report text').not.to.include(SECRET_TEXT);

    expect(bot.store.all('outbox').map((m) => m.message.kind)).to.deep.equal(['intel-alert']);
    const card = await status();
    expect(card).to.include('Needs a look').and.include('1 intelligence alert not delivered yet');
    expect(card).to.include(`Intelligence alert ${reportId} for Rita Reviewer`);
    expect(card).not.to.include('All well');
  });

  it('delivers the kept alert exactly once when the reviewer next writes to the bot, and status no longer counts it', async () => {
    await postActivity(bot.url, messageActivity('whoami', { from: reviewer, serviceUrl: connector.url }));
    const alerts = postsTo(reviewer, `Intelligence alert: report ${reportId}`);
    expect(alerts, 'the alert, kept until now').to.have.length(1);
    expect(JSON.stringify(alerts[0]?.body)).to.include('tension level 4').and.include('This alert was kept for you');
    expect(JSON.stringify(alerts[0]?.body)).not.to.include(SECRET_TEXT);

    await postActivity(bot.url, messageActivity('help', { from: reviewer, serviceUrl: connector.url }));
    await postActivity(bot.url, messageActivity(`intel ${reportId}`, { from: reviewer, serviceUrl: connector.url }));
    expect(postsTo(reviewer, 'Intelligence alert: report'), 'not again').to.have.length(1);
    expect(bot.store.all('outbox')).to.deep.equal([]);
    const card = await status();
    expect(card).not.to.include('intelligence alert not delivered');
    expect(card).to.include('Kept to deliver\nnothing');
  });

  it('answers within its time when an alert hangs, and tells the reporter privately how it went', async function () {
    this.timeout(30_000);
    // The connector takes the alert and never answers: the send gives up after its own timeout.
    const held = connector.holdNext(chatOf(admin));
    const answer = await postActivity(bot.url, cardActionActivity('intel.submit', urgentReport(), { from: reporter, serviceUrl: connector.url }));
    await held;
    const text = cardText(invokeResult(answer).value);
    expect(text).to.include('I am alerting 2 intelligence reviewers privately; it is taking a moment, so I will tell you in our 1:1 chat how it went.');
    const id = bot.store.all('intelReports').map((r) => r.id).sort().at(-1) ?? '';
    const followUp = await until(() => postsTo(reporter, `About your report \`${id}\``)[0], 'the follow-up to the reporter');
    // The held send may or may not have arrived: it counts as not delivered, and is kept.
    expect(JSON.stringify(followUp.body)).to.include('I alerted 1 of 2 intelligence reviewers privately.').and.include('could not be reached yet');
  });
});
