// The grants fund's scheduled messages on a fake clock, delivered through a stand-in Bot Connector:
// the coordinators' reminder four weeks before 31 March, and the grants lead's private nudge about
// overdue monitoring returns (once, then again only a week later).
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { openTeamsChat } from '../helpers/reminder-setup.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { decideApplication } from '../../src/domain/grants/grant-decisions.ts';
import { apply, ctxOf } from './grant-fixtures.ts';

describe('grants: year-end reminder and overdue-return nudges (fake clock)', () => {
  let bot: RunningBot;
  let connector: StandInConnector;
  let clock: Date;
  const coordinator = teamsUser('Chris Coordinator');
  const officer = teamsUser('Dee Decider');
  const member = teamsUser('Mo Member');

  beforeEach(async () => {
    clock = new Date('2027-02-20T10:00:00Z');
    connector = await startStandInConnector();
    bot = await startRunningBot({}, () => clock);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
    await registerTeamsPerson(bot.store, officer, ['grants-decider']);
    await registerTeamsPerson(bot.store, member, ['member']);
    for (const who of [coordinator, officer, member]) await openTeamsChat(bot.url, who, connector.url);
  });
  afterEach(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  const postsTo = (who: typeof coordinator, text: string) => connector.calls.filter((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(`a:personal-${who.aadObjectId}`)) && JSON.stringify(c.body).includes(text));
  const at = async (iso: string) => {
    clock = new Date(iso);
    await bot.jobs.plan();
    await bot.jobs.scheduler.tick();
  };

  it('reminds the coordinators, and only them, at 09:00 on 3 March that the 2026-27 report is due', async () => {
    await at('2027-03-03T08:59:00Z');
    expect(postsTo(coordinator, 'year-end monitoring report')).to.have.length(0);
    await at('2027-03-03T09:00:30Z');
    await bot.jobs.scheduler.tick();
    expect(postsTo(coordinator, 'year-end monitoring report for 2026-27 is due by 31 March')).to.have.length(1);
    expect(postsTo(officer, 'year-end monitoring report')).to.have.length(0);
    expect(postsTo(member, 'year-end monitoring report')).to.have.length(0);
  });

  it('nudges the grants lead privately about an overdue return, once, and again a week later', async () => {
    const ref = await apply(bot.store, { amount: 500 });
    const decider = bot.store.all('people').find((p) => p.roles.includes('grants-decider'));
    if (!decider) throw new Error('no decider');
    // The DEMO round is open on 20 February (the store was made that day); returns fall due 20 August.
    // 09:00 in London is 08:00 UTC in August (British Summer Time).
    await decideApplication(bot.store, ctxOf(decider), decider.id, { applicationId: ref, expectedVersion: 1, outcome: 'award', amounts: { council: 500, rtp: 0, external: 0 }, reason: 'ok' });
    expect(bot.store.get('grantReturns', `${ref}-R1`)?.dueOn).to.equal('2027-08-20');
    await at('2027-08-20T09:30:00Z');
    expect(postsTo(officer, 'Monitoring returns overdue')).to.have.length(0);
    await at('2027-08-21T07:30:00Z');
    await at('2027-08-21T08:00:30Z');
    expect(postsTo(officer, `Monitoring returns overdue: ${ref} (due 2027-08-20)`)).to.have.length(1);
    expect(postsTo(coordinator, 'Monitoring returns overdue'), 'the lead only, when there is one').to.have.length(0);
    await at('2027-08-22T07:30:00Z');
    await at('2027-08-22T08:00:30Z');
    expect(postsTo(officer, 'Monitoring returns overdue'), 'not again the next day').to.have.length(1);
    await at('2027-08-28T07:30:00Z');
    await at('2027-08-28T08:00:30Z');
    expect(postsTo(officer, 'Monitoring returns overdue'), 'again a week later').to.have.length(2);
    expect(connector.calls.filter((c) => c.path.includes('thread')).filter((c) => JSON.stringify(c.body).includes(ref))).to.have.length(0);
  });
});
