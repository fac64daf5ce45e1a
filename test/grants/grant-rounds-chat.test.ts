// A coordinator opens a grants round and changes its budget from Teams, through dialogs, with
// task/fetch and task/submit in the shapes Microsoft documents (fixtures/), over real HTTP: the
// grants card offers the buttons to those who may use them; bad answers keep the dialog open with
// each problem beside its field and store nothing; a saved change closes the dialog saying what
// was done and is audited. The budget can never go below what is already awarded from a source.
import { expect } from 'chai';
import { decideApplication } from '../../src/domain/grants/grant-decisions.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { applyOverHttp, GrantsWebClient } from '../helpers/grants-web-client.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardButtons, cardOf, cardText, messageActivity, postActivity, TENANT, teamsUser, type Activity } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { teamsFixture } from './fixtures/teams-fixture.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';

let connector: StandInConnector;

const fixture = (name: string, values: Record<string, string>): Activity => teamsFixture(name, values, connector.url);

type TaskAnswer = { task?: { type?: string; value?: { title?: string; card?: { content?: unknown } } | string } };
const dialogText = (answer: TaskAnswer) => cardText(typeof answer.task?.value === 'object' ? answer.task.value.card?.content : undefined);

describe('grants: a coordinator opens a round and changes its budget in Teams dialogs', () => {
  // Local mode: the store has the 2017 round and a DEMO round open from 2026-11-24 to 2026-12-29.
  const now = new Date('2026-12-01T10:00:00Z');
  let bot: RunningBot;
  const coordinator = teamsUser('Cara Coordinator');
  const panel = teamsUser('Pat Panel');
  const decider = teamsUser('Dee Decider');
  const as = (who: typeof coordinator, values: Record<string, string>) => ({ TENANT, USER_AAD: who.aadObjectId, ...values });
  const round = (values: Record<string, string> = {}) => ({ NAME: 'Spring 2027 round', OPENS: '2027-01-11', CLOSES: '2027-02-26', ENDS: '2028-03-31', MAX: '1500', CRITERIA: 'civic-pride,opportunity', COUNCIL: '4000', RTP: '2500', EXTERNAL: '0', ...values });
  const rounds = () => bot.store.all('grantRounds').map((r) => r.id).sort();

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot({}, () => now);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
    await registerTeamsPerson(bot.store, panel, ['grants-panel']);
    await registerTeamsPerson(bot.store, decider, ['grants-decider']);
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  it('offers Open a new round and Change the budget to a coordinator, not to the panel', async () => {
    const mine = cardOf((await postActivity(bot.url, messageActivity('grants', { from: coordinator }))).activities[0]);
    expect(cardButtons(mine).filter((b) => b.dialog).map((b) => [b.title, b.verb])).to.deep.equal([['Open a new round', 'grant.round-form'], ['Change the budget', 'grant.budget-form']]);
    const theirs = cardOf((await postActivity(bot.url, messageActivity('grants', { from: panel }))).activities[0]);
    expect(cardText(theirs)).to.include('Money (budget');
    expect(cardButtons(theirs).map((b) => b.title)).not.to.include('Open a new round').and.not.to.include('Change the budget');
  });

  it('opens the round form in a dialog with a suggested round, and keeps it open with each problem beside its field', async () => {
    const opened = (await postActivity(bot.url, fixture('teams-grant-round-fetch', as(coordinator, { VERB: 'grant.round-form' })))).body as TaskAnswer;
    expect(opened.task?.type).to.equal('continue');
    expect(typeof opened.task?.value === 'object' ? opened.task.value.title : '').to.equal('Open a grants round');
    expect(JSON.stringify(opened)).to.include('"id":"opensOn"').and.include('"value":"2026-12-01"').and.include('Bringing people together');

    const before = rounds();
    const wrong = (await postActivity(bot.url, fixture('teams-grant-round-submit', as(coordinator, round({ NAME: ' ', CLOSES: '2027-01-04', ENDS: '2028-02-30', MAX: '12.50', CRITERIA: 'civic-pride,not-a-theme' }))))).body as TaskAnswer;
    expect(wrong.task?.type, 'the dialog stays open').to.equal('continue');
    const text = dialogText(wrong);
    for (const problem of ['Give the round a name.', 'The end of the programme must be a real date', 'The largest award must be whole pounds', 'Choose themes from the list.']) expect(text).to.include(problem);
    expect(JSON.stringify(wrong), 'each problem sits right under its input').to.include('"id":"name-problem"').and.include('"id":"programmeEndsOn-problem"');
    expect(rounds(), 'nothing was stored').to.deep.equal(before);

    const backwards = (await postActivity(bot.url, fixture('teams-grant-round-submit', as(coordinator, round({ CLOSES: '2027-01-04' }))))).body as TaskAnswer;
    expect(dialogText(backwards)).to.include('The round must close on or after the day it opens.');
    const overlapping = (await postActivity(bot.url, fixture('teams-grant-round-submit', as(coordinator, round({ OPENS: '2026-12-20' }))))).body as TaskAnswer;
    expect(dialogText(overlapping)).to.include('Round ROUND-DEMO').and.include('already covers some of those days');
    expect(rounds(), 'nothing was stored').to.deep.equal(before);
  });

  it('opens a valid round, says so as the dialog closes, and audits it; the panel is refused', async () => {
    const refused = (await postActivity(bot.url, fixture('teams-grant-round-submit', as(panel, round())))).body as TaskAnswer;
    expect(refused.task).to.deep.equal({ type: 'message', value: 'Only forum coordinators and admins can open or change a grants round.' });
    expect(bot.store.get('grantRounds', 'ROUND-2027-01')).to.equal(undefined);

    const saved = (await postActivity(bot.url, fixture('teams-grant-round-submit', as(coordinator, round())))).body as TaskAnswer;
    expect(saved.task).to.deep.equal({ type: 'message', value: 'Round ROUND-2027-01 opened: groups can apply from 2027-01-11 to 2027-02-26, up to £1,500 each.' });
    expect(bot.store.get('grantRounds', 'ROUND-2027-01')).to.deep.include({ name: 'Spring 2027 round', maxAward: 1500, criteria: ['civic-pride', 'opportunity'], budget: { council: 4000, rtp: 2500, external: 0 }, demo: false, createdBy: 'Cara Coordinator' });
    const audit = await bot.store.readAudit({ recordId: 'ROUND-2027-01' });
    expect(audit.map((e) => e.action)).to.deep.equal(['grants.round.open']);
    // The round card, as it is now, is posted to the conversation where the dialog was opened.
    const posted = connector.calls.filter((c) => c.method === 'POST' && decodeURIComponent(c.path).includes('a:1personalChatOfTheCoordinator'));
    expect(posted.map((c) => JSON.stringify(c.body)).join()).to.include('Round ROUND-2027-01 opened').and.include('Spring 2027 round');
  });

  it('changes a budget, never below what is awarded from a source, and refuses a stale form', async () => {
    const { reference } = await applyOverHttp(new GrantsWebClient(bot.url));
    const deciderId = bot.store.all('people').find((p) => p.displayName === 'Dee Decider')?.id ?? '';
    await decideApplication(bot.store, { actor: { name: 'Dee Decider', personId: deciderId }, via: 'teams' }, deciderId, { applicationId: reference, expectedVersion: 1, reason: 'Good plan', outcome: 'award', amounts: { council: 600, rtp: 0, external: 0 } });

    const opened = (await postActivity(bot.url, fixture('teams-grant-round-fetch', as(coordinator, { VERB: 'grant.budget-form', ROUND: 'ROUND-DEMO' })))).body as TaskAnswer;
    expect(dialogText(opened)).to.include('Change the budget').and.include('£600 awarded');
    const version = String(bot.store.get('grantRounds', 'ROUND-DEMO')?.version);

    const below = (await postActivity(bot.url, fixture('teams-grant-budget-submit', as(coordinator, { ROUND: 'ROUND-DEMO', VERSION: version, COUNCIL: '500', RTP: '5000', EXTERNAL: '0' })))).body as TaskAnswer;
    expect(below.task?.type).to.equal('continue');
    expect(dialogText(below)).to.include('The council budget cannot go below the GBP 600 already awarded from it.');
    const notPounds = (await postActivity(bot.url, fixture('teams-grant-budget-submit', as(coordinator, { ROUND: 'ROUND-DEMO', VERSION: version, COUNCIL: '-5', RTP: '5000', EXTERNAL: '0' })))).body as TaskAnswer;
    expect(dialogText(notPounds)).to.include('The council budget must be whole pounds');
    expect(bot.store.get('grantRounds', 'ROUND-DEMO')?.budget, 'unchanged').to.deep.equal({ council: 5000, rtp: 5000, external: 0 });

    const saved = (await postActivity(bot.url, fixture('teams-grant-budget-submit', as(coordinator, { ROUND: 'ROUND-DEMO', VERSION: version, COUNCIL: '7000', RTP: '5000', EXTERNAL: '250' })))).body as TaskAnswer;
    expect(saved.task).to.deep.equal({ type: 'message', value: 'Budget of ROUND-DEMO changed: council £7,000, RTP £5,000, external £250.' });
    expect(bot.store.get('grantRounds', 'ROUND-DEMO')?.budget).to.deep.equal({ council: 7000, rtp: 5000, external: 250 });
    const [event] = await bot.store.readAudit({ recordId: 'ROUND-DEMO', limit: 1 });
    expect(event).to.deep.include({ action: 'grants.round.budget', detail: { councilBefore: 5000, councilAfter: 7000, rtpBefore: 5000, rtpAfter: 5000, externalBefore: 0, externalAfter: 250 } });

    const stale = (await postActivity(bot.url, fixture('teams-grant-budget-submit', as(coordinator, { ROUND: 'ROUND-DEMO', VERSION: version, COUNCIL: '9000', RTP: '5000', EXTERNAL: '0' })))).body as TaskAnswer;
    expect(dialogText(stale)).to.include('was changed meanwhile');
    expect(bot.store.get('grantRounds', 'ROUND-DEMO')?.budget.council, 'the stale form changed nothing').to.equal(7000);
  });
});
