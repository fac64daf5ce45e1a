// Where the intelligence summary goes (issue 19, §5), over real HTTP on a fake clock: a standard
// Teams channel's meeting pack carries the tensions summary; a shared channel (which may have
// members from other organisations: channelData.channel.type "shared") gets the pack without it,
// by default, in the reminder, when someone asks for the pack there, and when a reply redraws it;
// a coordinator can choose otherwise for the channel, and the choice is the channel's alone.
import { TZDate } from '@date-fns/tz';
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, invokeResult, mentionActivity, postActivity, TENANT, teamsUser, type TeamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { anIntelReport } from '../store/store-fixtures.ts';

const STANDARD = '19:forum-partners@thread.tacv2';
const SHARED = '19:forum-with-vcs-partners@thread.tacv2';
const LEFT_OUT = 'Not shown in this conversation';

describe('Teams: the tensions summary in a channel\'s meeting pack is the channel\'s choice', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  let clock = new Date();
  const coordinator = teamsUser('Chris Coordinator');
  const member = teamsUser('Mo Member');

  /** An @mention in a channel whose type Teams gives in channelData (standard, private or shared). */
  const inChannel = (text: string, conversationId: string, type: 'standard' | 'shared', from: TeamsUser = coordinator) =>
    mentionActivity(text, { from, conversationId, serviceUrl: connector.url, overrides: { channelData: { tenant: { id: TENANT }, channel: { id: conversationId, name: 'Forum partners', type } } } });
  const postsTo = (conversation: string) => connector.calls.filter((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(conversation)));

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot({}, () => clock);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    await registerTeamsPerson(bot.store, member, ['member'], 'rmbc');
    // In a shared channel the bot asks the Bot Connector whose tenant each speaker is: both are the council's.
    for (const who of [coordinator, member]) connector.setMember({ ...who, tenantId: TENANT, userRole: 'user' });
    const at = new Date(clock.getTime() - 60_000).toISOString();
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      for (const i of [1, 2, 3]) tx.put('intelReports', anIntelReport({ id: `INT-SC-${i}`, areaId: 'E05012996', occurredAt: at, reportedAt: at }), { action: 'test.setup' });
    });
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  it('subscribing says what the pack will carry: with the summary in a standard channel, without it in a shared one', async () => {
    const standard = await postActivity(bot.url, inChannel('subscribe reminders', STANDARD, 'standard'));
    expect(standard.activities[0]?.text).to.include('Subscribed').and.include('includes the community tensions summary');
    const shared = await postActivity(bot.url, inChannel('subscribe reminders', SHARED, 'shared'));
    expect(shared.activities[0]?.text).to.include('Subscribed').and.include('leaves out the community tensions summary').and.include('members from other organisations');
    const stored = bot.store.all('subscriptions').find((s) => s.target.platform === 'teams' && s.target.conversationId === SHARED);
    expect(stored).to.deep.include({ intelSummary: false, sharedOutside: true });
    const list = await postActivity(bot.url, inChannel('subscriptions', STANDARD, 'standard'));
    expect(cardText(cardOf(list.activities[0]))).to.match(/with the tensions summary/).and.match(/without the tensions summary/);
  });

  it('the pack asked for in the shared channel, and redrawn by a reply there, leaves the summary out', async () => {
    const pack = cardOf((await postActivity(bot.url, inChannel('meeting pack', SHARED, 'shared', member))).activities[0]);
    expect(cardText(pack)).to.include(LEFT_OUT).and.not.include('Boston Castle');
    const attending = cardButtons(pack).find((b) => b.title === 'Attending');
    const puts = connector.calls.filter((c) => c.method === 'PUT').length;
    const redrawn = await postActivity(bot.url, cardActionActivity('meeting.rsvp', { ...attending?.data }, { from: member, conversation: 'channel', conversationId: SHARED, serviceUrl: connector.url, overrides: { channelData: { tenant: { id: TENANT }, channel: { id: SHARED, type: 'shared' } } } }));
    expect(String(invokeResult(redrawn).value)).to.include('is Attending');
    // The pack is redrawn in place for everyone in the channel.
    const updated = connector.calls.filter((c) => c.method === 'PUT').slice(puts);
    expect(updated).to.have.length(1);
    expect(cardText(cardOf(updated[0]?.body))).to.include('1 attending').and.include(LEFT_OUT).and.not.include('Boston Castle');
    const standard = cardOf((await postActivity(bot.url, inChannel('meeting pack', STANDARD, 'standard', member))).activities[0]);
    expect(cardText(standard)).to.include('Boston Castle').and.not.include(LEFT_OUT);
  });

  it('the reminder posted before the meeting carries the summary in the standard channel only', async () => {
    const next = [...bot.store.all('meetings')].filter((m) => m.status === 'scheduled' && m.startsAt > clock.toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    const start = new TZDate(Date.parse(String(next?.startsAt)), 'Europe/London');
    clock = new Date(new TZDate(start.getFullYear(), start.getMonth(), start.getDate() - 7, 9, 1, 'Europe/London').getTime());
    await bot.jobs.scheduler.tick();
    expect(postsTo(STANDARD)).to.have.length(1);
    expect(postsTo(SHARED)).to.have.length(1);
    expect(cardText(postsTo(STANDARD)[0]?.body)).to.include('Boston Castle: \n3 reports');
    const shared = JSON.stringify(postsTo(SHARED)[0]?.body);
    expect(shared).to.include(LEFT_OUT).and.not.include('Boston Castle').and.not.include('3 reports');
  });

  it('a coordinator can include it in the shared channel (`with tensions`) and leave it out again (`no tensions`); other channels keep theirs', async () => {
    const on = await postActivity(bot.url, inChannel('subscribe reminders with tensions', SHARED, 'shared'));
    expect(on.activities[0]?.text).to.include('Subscription updated').and.include('includes the community tensions summary');
    expect(cardText(cardOf((await postActivity(bot.url, inChannel('meeting pack', SHARED, 'shared', member))).activities[0]))).to.include('Boston Castle');
    const off = await postActivity(bot.url, inChannel('subscribe reminders no tensions', STANDARD, 'standard'));
    expect(off.activities[0]?.text).to.include('Subscription updated').and.include('leaves out');
    expect(bot.store.all('subscriptions').map((s) => [s.target.platform === 'teams' ? s.target.conversationId : '', s.intelSummary]).sort()).to.deep.equal([[SHARED, true], [STANDARD, false]].sort());
    const audit = (await bot.store.readAudit()).filter((e) => e.action === 'subscription.update');
    expect(audit.map((e) => e.detail?.intelSummary)).to.include.members([true, false]);
  });
});
