// The Teams scoring dialog, with activities in the shapes Microsoft documents (fixtures/): the
// Score button on a grant card is a dialog button; task/fetch answers the form in a dialog; a
// task/submit with a missing score keeps the dialog open with the problem; a complete one saves
// and closes it with what was done. A panel member with a declared conflict gets no form.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { applyOverHttp, GrantsWebClient } from '../helpers/grants-web-client.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardButtons, cardOf, cardText, messageActivity, postActivity, TENANT, teamsUser, type Activity } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { teamsFixture } from './fixtures/teams-fixture.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';

let connector: StandInConnector;

const fixture = (name: string, values: Record<string, string>): Activity => teamsFixture(name, values, connector.url);

describe('grants: the Teams scoring dialog (documented task/fetch and task/submit shapes)', () => {
  let bot: RunningBot;
  let reference = '';
  const panel = teamsUser('Pat Panel');
  const conflicted = teamsUser('Quinn Panel');

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot({}, () => new Date('2026-12-01T10:00:00Z'));
    await registerTeamsPerson(bot.store, panel, ['grants-panel']);
    await registerTeamsPerson(bot.store, conflicted, ['grants-panel']);
    ({ reference } = await applyOverHttp(new GrantsWebClient(bot.url)));
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  const values = (who = panel, third = '4') => ({ TENANT, PANEL_AAD: who.aadObjectId, REFERENCE: reference, THIRD_SCORE: third });
  type TaskAnswer = { task?: { type?: string; value?: { title?: string; card?: { content?: unknown } } | string } };

  it('the Score button opens a dialog; a missing score keeps it open with the problem; a full score saves and closes it', async () => {
    const card = await postActivity(bot.url, messageActivity(`grant ${reference}`, { from: panel }));
    const score = cardButtons(cardOf(card.activities[0])).find((b) => b.title === 'Score');
    expect(score).to.deep.include({ verb: 'grant.score-form', dialog: true });

    const opened = (await postActivity(bot.url, fixture('teams-grant-score-fetch', values()))).body as TaskAnswer;
    expect(opened.task?.type).to.equal('continue');
    const form = typeof opened.task?.value === 'object' ? opened.task.value : undefined;
    expect(form?.title).to.equal(`Score ${reference}`);
    expect(cardText(form?.card?.content)).to.include('A strong civic community and pride of place').and.include('Bringing people together');

    const incomplete = (await postActivity(bot.url, fixture('teams-grant-score-submit', values(panel, '')))).body as TaskAnswer;
    expect(incomplete.task?.type, 'the dialog stays open').to.equal('continue');
    expect(cardText(typeof incomplete.task?.value === 'object' ? incomplete.task.value.card?.content : undefined)).to.include('Not saved: give a score from 1 to 5 for every criterion.');

    const saved = (await postActivity(bot.url, fixture('teams-grant-score-submit', values()))).body as TaskAnswer;
    expect(saved.task).to.deep.equal({ type: 'message', value: 'Your scores were saved.' });
    const stored = bot.store.all('grantScores').find((s) => s.applicationId === reference);
    expect(stored).to.deep.include({ conflict: false, comment: 'Clear plan', scores: { 'civic-pride': 4, 'bringing-together': 5, 'rights-responsibilities': 4, opportunity: 3 } });
  });

  it('a member who declared a conflict gets no scoring form, and no Score button', async () => {
    await postActivity(bot.url, { ...fixture('teams-grant-score-fetch', values(conflicted)), name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'grant.conflict', data: { reference } } } });
    const opened = (await postActivity(bot.url, fixture('teams-grant-score-fetch', values(conflicted)))).body as TaskAnswer;
    expect(opened.task).to.deep.equal({ type: 'message', value: `You declared a conflict of interest on ${reference}, so you cannot score it.` });
    const card = await postActivity(bot.url, messageActivity(`grant ${reference}`, { from: conflicted }));
    expect(cardButtons(cardOf(card.activities[0])).map((b) => b.title)).not.to.include('Score');
    expect(cardText(cardOf(card.activities[0]))).to.include('its scores and discussion are not shown to you').and.not.to.include('Clear plan');
  });
});
