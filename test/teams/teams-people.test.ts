// People from Teams: an ADMINS account becomes an admin on its first named turn, admins add
// people with the person form, and unknown users can read but are told how to be added.
import { expect } from 'chai';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { baseActivity, cardActionActivity, cardOf, cardText, invokeResult, messageActivity, postActivity, TENANT, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Teams: people and roles', function () {
  let bot: RunningBot;
  const admin = teamsUser('Ada Admin');
  const newcomer = teamsUser('Nia Newcomer');

  before(async () => {
    bot = await startRunningBot({ ADMINS: `teams:${admin.aadObjectId}` });
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  it('records a bootstrap admin on their first named turn, not from a nameless install event', async () => {
    await postActivity(bot.url, { ...baseActivity('conversationUpdate', { from: { ...admin, name: '' } }), membersAdded: [{ id: '28:scf-bot' }] });
    expect(bot.store.all('people')).to.have.length(0);
    const reply = await postActivity(bot.url, messageActivity('whoami', { from: admin }));
    expect(reply.activities[0]?.text).to.include('You are Ada Admin');
    expect(reply.activities[0]?.text).to.include('admin');
    const person = bot.store.all('people')[0];
    expect(person).to.deep.include({ displayName: 'Ada Admin', roles: ['admin'] });
    expect(person?.identities).to.deep.equal([{ platform: 'teams', aadObjectId: admin.aadObjectId, tenantId: TENANT }]);
  });

  it('tells an unknown user their account code and lets an admin add them with the form', async () => {
    const unknown = await postActivity(bot.url, messageActivity('whoami', { from: newcomer }));
    expect(unknown.activities[0]?.text).to.include(`teams:${newcomer.aadObjectId}`);
    const refused = await postActivity(bot.url, messageActivity('add person', { from: newcomer }));
    expect(refused.activities[0]?.text).to.include('Only forum admins can add people');

    const form = cardOf((await postActivity(bot.url, messageActivity('add person', { from: admin }))).activities[0]);
    expect(cardText(form)).to.include('Account code (from whoami)');
    const bad = await postActivity(bot.url, cardActionActivity('person.save', { displayName: 'Nia Newcomer', account: 'nonsense', organisationId: 'rmbc', roles: 'member' }, { from: admin }));
    expect(cardText(invokeResult(bad).value)).to.include('not one I recognise');
    expect(bot.store.all('people')).to.have.length(1);

    const saved = await postActivity(bot.url, cardActionActivity('person.save', { displayName: 'Nia Newcomer', account: `teams:${newcomer.aadObjectId}`, organisationId: 'south-yorkshire-police', roles: 'member,intel-reviewer' }, { from: admin }));
    expect(cardText(invokeResult(saved).value)).to.include('Added Nia Newcomer (member, intel-reviewer)');
    const known = await postActivity(bot.url, messageActivity('whoami', { from: newcomer }));
    expect(known.activities[0]?.text).to.include('You are Nia Newcomer, SYP. Roles: member, intel-reviewer');
  });
});
