// The grants fund in chat, over real HTTP: a group applies on the public page and the application
// is announced (no contact details) to a subscribed Teams channel and a subscribed Slack channel;
// the panel scores in a form, a member who declares a conflict is kept out; two awards sent at the
// same moment by two officers cannot overspend (one is refused); a payment is recorded; a
// coordinator issues a new status link privately. Payloads are the platforms' documented shapes.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { applyOverHttp, GrantsWebClient } from '../helpers/grants-web-client.ts';
import { subscribeSlackChannel, subscribeTeamsChannel } from '../helpers/reminder-setup.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { slackEnv, slackUser } from '../helpers/slack-requests.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { cardActionActivity, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const CHANNEL = '19:forum-partners@thread.tacv2';

describe('grants in chat: announcement, scoring with a conflict, racing awards, payment (real HTTP)', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  let slack: StandInSlackApi;
  let clock: Date;
  const coordinator = teamsUser('Chris Coordinator');
  const panelA = teamsUser('Pat Panel');
  const panelB = teamsUser('Quinn Panel');
  const deciderA = teamsUser('Dee Decider');
  const deciderB = teamsUser('Eli Decider');
  const member = teamsUser('Mo Member');
  const slackCoordinator = slackUser('Sam Slack');

  before(async () => {
    clock = new Date('2026-12-01T10:00:00Z');
    connector = await startStandInConnector();
    slack = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(slack.url), () => clock);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
    await registerTeamsPerson(bot.store, panelA, ['grants-panel']);
    await registerTeamsPerson(bot.store, panelB, ['grants-panel']);
    await registerTeamsPerson(bot.store, deciderA, ['grants-decider']);
    await registerTeamsPerson(bot.store, deciderB, ['grants-decider']);
    await registerTeamsPerson(bot.store, member, ['member']);
    await registerSlackPerson(bot.store, slackCoordinator, ['coordinator']);
    await subscribeTeamsChannel(bot.url, coordinator, CHANNEL, connector.url);
    await subscribeSlackChannel(bot.url, slackCoordinator, 'C0FORUM01', slack);
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    await slack.close();
    removeTempDirs();
  });

  const act = (who: typeof coordinator, verb: string, data: Record<string, unknown>) => postActivity(bot.url, cardActionActivity(verb, data, { from: who }));
  const cardTextOf = (answer: Awaited<ReturnType<typeof act>>) => cardText((invokeResult(answer).value ?? {}) as Record<string, unknown>);
  const teamsPostsTo = (conversation: string) => connector.calls.filter((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(conversation)));

  let reference = '';
  let second = '';

  it('announces a new application to the subscribed Teams and Slack channels, without contact details', async () => {
    ({ reference } = await applyOverHttp(new GrantsWebClient(bot.url)));
    clock = new Date(clock.getTime() + 5_000);
    await bot.jobs.scheduler.tick();
    const teams = teamsPostsTo(CHANNEL).map((c) => cardText(c.body)).filter((t) => t.includes(reference));
    expect(teams).to.have.length(1);
    expect(teams[0]).to.include('New grant application').and.include('Eastwood Friends & Neighbours').and.include('£750').and.include('Boston Castle').and.include('DEMO');
    const slackPost = await slack.waitFor('chat.postMessage', (c) => JSON.stringify(c.args).includes(reference));
    expect(JSON.stringify(slackPost.args)).to.include('C0FORUM01');
    for (const text of [teams[0] ?? '', textOf(slackPost.args)]) {
      expect(text).not.to.include('sam.applicant@example.org').and.not.to.include('Sam Applicant').and.not.to.include('01709');
    }
    await bot.jobs.scheduler.tick();
    expect(teamsPostsTo(CHANNEL).filter((c) => cardText(c.body).includes(reference)), 'announced once').to.have.length(1);
  });

  it('`grants` shows the round to the panel and refuses a plain member; `grant <ref>` shows the contact only in a 1:1 chat', async () => {
    const round = await postActivity(bot.url, messageActivity('grants', { from: panelA }));
    expect(cardText(cardOf(round.activities[0]))).to.include('£5,000 · £0 · £0 · £5,000').and.include(reference);
    const refused = await postActivity(bot.url, messageActivity('grants', { from: member }));
    expect(refused.activities[0]?.text).to.include('The grants round is for forum coordinators');
    const privately = await postActivity(bot.url, messageActivity(`grant ${reference}`, { from: coordinator }));
    expect(cardText(cardOf(privately.activities[0]))).to.include('sam.applicant@example.org');
    const inChannel = await postActivity(bot.url, messageActivity(`grant ${reference}`, { from: coordinator, conversationId: CHANNEL, conversation: 'channel' }));
    expect(cardText(cardOf(inChannel.activities[0]))).to.include(reference).and.not.to.include('sam.applicant@example.org');
  });

  it('a panel member scores in the form; one who declares a conflict cannot score and sees no scores', async () => {
    const form = await act(panelA, 'grant.score-form', { reference });
    expect(cardTextOf(form)).to.include('Score ' + reference);
    const incomplete = await act(panelA, 'grant.score', { reference, 'score-civic-pride': '4', comment: 'Strong local support' });
    expect(cardTextOf(incomplete)).to.include('Not saved: give a score from 1 to 5 for every criterion.');
    const saved = await act(panelA, 'grant.score', { reference, 'score-civic-pride': '4', 'score-bringing-together': '5', 'score-rights-responsibilities': '3', 'score-opportunity': '4', comment: 'Strong local support' });
    expect(cardTextOf(saved)).to.include('Your scores were saved.').and.include('Strong local support');
    const conflict = await act(panelB, 'grant.conflict', { reference });
    expect(cardTextOf(conflict)).to.include('Conflict of interest recorded').and.include('its scores and discussion are not shown to you').and.not.to.include('Strong local support');
    const tryScore = await act(panelB, 'grant.score', { reference, 'score-civic-pride': '1', 'score-bringing-together': '1', 'score-rights-responsibilities': '1', 'score-opportunity': '1' });
    expect(JSON.stringify(tryScore.body)).to.include('conflict of interest');
    expect(bot.store.get('grantScores', `${reference}/P-${panelB.aadObjectId.slice(0, 8)}`)?.conflict).to.equal(true);
    const asCoordinator = await postActivity(bot.url, messageActivity(`grant ${reference}`, { from: coordinator }));
    expect(cardText(cardOf(asCoordinator.activities[0]))).to.include('1 score, average 4.0 of 5 (1 conflict declared)');
  });

  it('two awards sent at the same moment by two officers that together overspend the council budget: one is awarded, one refused', async () => {
    // Another application, and the council budget brought down so both cannot fit: 5,000 - 4,500 committed elsewhere.
    ({ reference: second } = await applyOverHttp(new GrantsWebClient(bot.url), { amount: '900' }));
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      const round = tx.get('grantRounds', 'ROUND-DEMO');
      if (round) tx.put('grantRounds', { ...round, budget: { council: 1000, rtp: 0, external: 0 } }, { action: 'grants.round.budget' });
    });
    const award = (who: typeof deciderA, ref: string) => act(who, 'grant.decide', { reference: ref, version: 1, outcome: 'award', council: 600, rtp: 0, external: 0, reason: 'Meets the criteria' });
    const answers = await Promise.all([award(deciderA, reference), award(deciderB, second)]);
    const texts = answers.map(cardTextOf);
    expect(texts.filter((t) => t.includes('Awarded. 2 monitoring returns are due'))).to.have.length(1);
    expect(texts.filter((t) => t.includes('Not awarded: council has GBP 400 left, the award asks GBP 600'))).to.have.length(1);
    expect(bot.store.all('grantDecisions')).to.have.length(1);
    const money = await postActivity(bot.url, messageActivity('grants', { from: deciderA }));
    expect(cardText(cardOf(money.activities[0]))).to.include('£1,000 · £600 · £0 · £400');
  });

  it('only the deciding role decides; a payment over the award is refused, one within it is recorded', async () => {
    const awarded = bot.store.all('grantDecisions')[0]?.applicationId ?? '';
    const byCoordinator = await act(coordinator, 'grant.decide', { reference: second, version: 1, outcome: 'decline', reason: 'x' });
    expect(JSON.stringify(byCoordinator.body)).to.include('Only the officer with delegated authority');
    const tooMuch = await act(deciderA, 'grant.pay', { reference: awarded, source: 'council', amount: 601, paidOn: '2026-12-02', financeReference: 'AP-1' });
    expect(cardTextOf(tooMuch)).to.include('Not saved').and.include('at most GBP 600 more');
    const paid = await act(deciderA, 'grant.pay', { reference: awarded, source: 'council', amount: 300, paidOn: '2026-12-02', financeReference: 'AP-1' });
    expect(cardTextOf(paid)).to.include('Payment 1 recorded: £300 from council on 2026-12-02.');
  });

  it('a coordinator gets a new status link only in a 1:1 chat; the old link stops working and the new one opens the page', async () => {
    const client = new GrantsWebClient(bot.url);
    const { reference: ref, statusUrl } = await applyOverHttp(client, { amount: '100' });
    const inChannel = await postActivity(bot.url, cardActionActivity('grant.new-link', { reference: ref }, { from: coordinator, conversationId: CHANNEL, conversation: 'channel' }));
    expect(JSON.stringify(inChannel.body)).to.include('ask for it in your 1:1 chat');
    const answer = await act(coordinator, 'grant.new-link', { reference: ref });
    const newUrl = /(http:\/\/[^\s"]+\/grants\/status\/[A-Za-z0-9_-]{43})/.exec(JSON.stringify(answer.body))?.[1] ?? '';
    expect(newUrl).to.match(/\/grants\/status\//);
    expect((await client.get(new URL(statusUrl).pathname)).status).to.equal(404);
    expect((await client.get(new URL(newUrl).pathname)).status).to.equal(200);
    expect(bot.logText()).not.to.include(new URL(newUrl).pathname.split('/').pop());
    const byPanel = await act(panelA, 'grant.new-link', { reference: ref });
    expect(JSON.stringify(byPanel.body)).to.include('Only forum coordinators and admins can issue a new status link.');
  });

  it('a partner officer enters an application for a group in a 1:1 chat, with the same questions and checks as the public form', async () => {
    const form = await postActivity(bot.url, messageActivity('grant apply', { from: member }));
    expect(cardText(cardOf(form.activities[0]))).to.include('Enter a grant application for a group').and.include('Name of your group');
    const inChannel = await postActivity(bot.url, messageActivity('grant apply', { from: member, conversationId: CHANNEL, conversation: 'channel' }));
    expect(inChannel.activities[0]?.text).to.include('1:1 chat');
    const fields = { groupName: 'Wath Walkers', groupType: 'constituted-group', contactName: 'Wes Walker', contactEmail: 'wes@example', projectTitle: 'Walks', projectDescription: 'Weekly walks.', difference: 'Fewer lonely people.', wards: 'E05012996,E05012993', themes: 'bringing-together', amount: '400' };
    const wrong = await act(member, 'grant.enter', fields);
    expect(cardTextOf(wrong)).to.include('Confirm that you have checked the group can apply.').and.include('Enter an email address in the correct format');
    const before = bot.store.count('grantApplications');
    const saved = await act(member, 'grant.enter', { ...fields, contactEmail: 'wes@example.org', eligibleConfirmed: 'yes' });
    const said = JSON.stringify(saved.body);
    const ref = /Application (BSC-[A-Z0-9]{6}) saved for Wath Walkers/.exec(said)?.[1] ?? '';
    expect(ref).to.match(/^BSC-/);
    expect(bot.store.count('grantApplications')).to.equal(before + 1);
    const stored = bot.store.get('grantApplications', ref);
    expect(stored).to.deep.include({ via: 'teams', enteredByPersonId: `P-${member.aadObjectId.slice(0, 8)}`, wards: ['E05012996', 'E05012993'], amount: 400 });
    const link = /(http:\/\/[^\s"]+\/grants\/status\/[A-Za-z0-9_-]{43})/.exec(said)?.[1] ?? '';
    expect((await new GrantsWebClient(bot.url).get(new URL(link).pathname)).html).to.include('Walks');
    const outsider = await act(teamsUser('Nobody Known'), 'grant.enter', { ...fields, contactEmail: 'wes@example.org', eligibleConfirmed: 'yes' });
    expect(JSON.stringify(outsider.body)).to.include("Only forum members can enter a grant application on a group's behalf.");
  });
});
