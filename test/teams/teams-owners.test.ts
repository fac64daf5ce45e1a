// Naming a milestone's owner from Teams: coordinators choose from registered people; the owner
// then finds it under "my milestones" and may update it; others are refused.
import { expect } from 'chai';
import { findMilestones } from '../../src/domain/milestones/milestone-queries.ts';
import { localDate } from '../../src/domain/calendar.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Teams: naming a milestone owner', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const coordinator = teamsUser('Chris Coordinator');
  const officer = teamsUser('Dana Officer');

  before(async () => {
    bot = await startRunningBot();
    connector = await startStandInConnector();
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    await registerTeamsPerson(bot.store, officer, ['member'], 'voluntary-action-rotherham');
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  it('lets a coordinator name the owner, after which the owner sees it as theirs and may update it', async () => {
    const m = findMilestones(bot.store, { today: localDate(new Date()), statuses: ['not-started'] })[0];
    expect(m, 'a not-started milestone in the seed').to.not.equal(undefined);
    const id = m?.id ?? '';
    const officerPerson = bot.store.all('people').find((p) => p.displayName === 'Dana Officer');

    const before = await postActivity(bot.url, messageActivity(`update ${id}`, { from: officer }));
    expect(before.activities[0]?.text).to.include('Only the milestone owner');

    const form = cardOf((await postActivity(bot.url, messageActivity(`assign ${id}`, { from: coordinator }))).activities[0]);
    expect(cardText(form)).to.include(`Who owns ${id}?`);
    expect(cardText(form)).to.include('Dana Officer (VAR)');
    const save = cardButtons(form).find((b) => b.verb === 'milestone.assign');
    const saved = await postActivity(bot.url, cardActionActivity('milestone.assign', { ...save?.data, personId: officerPerson?.id }, { from: coordinator, conversation: 'groupChat', serviceUrl: connector.url }));
    expect(cardText(invokeResult(saved).value)).to.include('named the owner: Dana Officer');
    expect(bot.store.get('milestones', id)?.owner.personId).to.equal(officerPerson?.id);
    expect(connector.calls.some((c) => c.method === 'PUT'), 'card replaced for everyone').to.equal(true);

    const mine = cardText(cardOf((await postActivity(bot.url, messageActivity('my milestones', { from: officer }))).activities[0]));
    expect(mine).to.include('Your milestones');
    expect(mine).to.include(id);
    const updateForm = cardOf((await postActivity(bot.url, messageActivity(`update ${id}`, { from: officer }))).activities[0]);
    expect(cardText(updateForm)).to.include(`Update milestone ${id}`);
  });

  it('refuses members, and clears the owner when nobody is chosen', async () => {
    const m = findMilestones(bot.store, { today: localDate(new Date()) }).find((x) => x.owner.personId);
    const id = m?.id ?? '';
    const refused = await postActivity(bot.url, cardActionActivity('milestone.assign', { id, personId: '' }, { from: officer }));
    expect(String(invokeResult(refused).value)).to.include('Only forum coordinators and admins');
    expect(bot.store.get('milestones', id)?.owner.personId).to.not.equal(undefined);

    const cleared = await postActivity(bot.url, cardActionActivity('milestone.assign', { id, personId: '' }, { from: coordinator, serviceUrl: connector.url }));
    expect(cardText(invokeResult(cleared).value)).to.include('named the owner');
    expect(bot.store.get('milestones', id)?.owner.personId).to.equal(undefined);
  });
});
