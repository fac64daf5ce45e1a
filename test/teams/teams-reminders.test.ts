// Reminders end to end on a fake clock: a subscribed Teams channel gets the meeting pack 7 days
// before at 09:00 UK time, exactly once however often the scheduler ticks, and a milestone owner
// gets a private nudge 5 days before. Outgoing posts are recorded by a stand-in Bot Connector.
import { expect } from 'chai';
import { TZDate } from '@date-fns/tz';
import { assignOwner, registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardOf, cardText, mentionActivity, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const CHANNEL = '19:forum-partners@thread.tacv2';

describe('Teams: meeting reminders and nudges on a fake clock', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  let clock = new Date();
  const coordinator = teamsUser('Chris Coordinator');
  const owner = teamsUser('Olive Owner');
  const bystander = teamsUser('Bea Bystander');
  let ownedId = '';

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot({}, () => clock);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    const ownerPerson = await registerTeamsPerson(bot.store, owner, ['member'], 'rmbc');
    const meeting = [...bot.store.all('meetings')].filter((m) => m.status === 'scheduled' && m.startsAt > clock.toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    const dueBeforeMeeting = bot.store.all('milestones').find((m) => m.status !== 'complete' && m.status !== 'closed' && (m.revisedDue ?? m.originalDue) <= String(meeting?.startsAt).slice(0, 10));
    ownedId = dueBeforeMeeting?.id ?? '';
    await assignOwner(bot.store, ownedId, ownerPerson.id);
    // Someone who owns nothing, also with a 1:1 chat: they must get no nudge.
    await registerTeamsPerson(bot.store, bystander, ['member'], 'rmbc');
    await postActivity(bot.url, messageActivity('whoami', { from: bystander, serviceUrl: connector.url }));
    // The owner has a 1:1 chat with the bot (through the stand-in connector), where nudges go.
    await postActivity(bot.url, messageActivity('whoami', { from: owner, serviceUrl: connector.url }));
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  const nextMeeting = () => [...bot.store.all('meetings')].filter((m) => m.status === 'scheduled' && m.startsAt > new Date().toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
  /** 09:00 UK time, `days` before the meeting, plus a minute. */
  const ukNineAm = (days: number) => {
    const start = new TZDate(Date.parse(String(nextMeeting()?.startsAt)), 'Europe/London');
    return new Date(new TZDate(start.getFullYear(), start.getMonth(), start.getDate() - days, 9, 1, 'Europe/London').getTime());
  };
  const postsTo = (conversation: string) => connector.calls.filter((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(conversation)));

  it('plans reminders when a channel subscribes, and posts the meeting pack once at 09:00 seven days before', async () => {
    const answer = await postActivity(bot.url, mentionActivity('subscribe reminders', { from: coordinator, conversationId: CHANNEL, serviceUrl: connector.url }));
    expect(answer.activities[0]?.text).to.include('Subscribed');
    const planned = bot.store.all('jobs').filter((j) => j.kind === 'meeting-reminder' && j.payload.meetingId === nextMeeting()?.id);
    expect(planned.map((j) => j.status), '7 days and 1 day before').to.deep.equal(['pending', 'pending']);

    clock = new Date(ukNineAm(7).getTime() - 5 * 60_000);
    await bot.jobs.scheduler.tick();
    expect(postsTo(CHANNEL), 'nothing before 09:00').to.have.length(0);

    clock = ukNineAm(7);
    await bot.jobs.scheduler.tick();
    await bot.jobs.scheduler.tick();
    const posts = postsTo(CHANNEL);
    expect(posts, 'exactly one post, however often it ticks').to.have.length(1);
    expect(cardText(posts[0]?.body)).to.include('Forum meeting in 7 days: the meeting pack');
    expect(cardText(posts[0]?.body)).to.include(nextMeeting()?.agenda[0] ?? '');
  });

  it('nudges the milestone owner privately five days before, once, and nobody else', async () => {
    clock = ukNineAm(5);
    await bot.jobs.scheduler.tick();
    await bot.jobs.scheduler.tick();
    const nudges = postsTo(`a:personal-${owner.aadObjectId}`).filter((c) => cardText(c.body).includes('Please update before the forum meeting'));
    expect(nudges).to.have.length(1);
    expect(cardText(nudges[0]?.body)).to.include('Update').and.include(ownedId);
    const anyNudge = connector.calls.filter((c) => c.method === 'POST' && cardText(c.body).includes('Please update before the forum meeting'));
    expect(anyNudge.map((c) => c.path), 'only to the owner: not the bystander, not the channel').to.deep.equal([nudges[0]?.path]);
  });

  it('posts the weekly digest on Monday at 09:00 UK time to a channel that asked for it, once', async () => {
    await postActivity(bot.url, mentionActivity('subscribe reminders digest', { from: coordinator, conversationId: CHANNEL, serviceUrl: connector.url }));
    const digest = bot.store.all('jobs').find((j) => j.kind === 'weekly-digest' && j.status === 'pending');
    expect(digest, 'a digest job planned').to.not.equal(undefined);
    const due = new Date(String(digest?.dueAt));
    expect(new TZDate(due.getTime(), 'Europe/London').getDay(), 'a Monday').to.equal(1);
    expect(new TZDate(due.getTime(), 'Europe/London').getHours(), 'at 09:00 UK time').to.equal(9);
    const before = postsTo(CHANNEL).length;
    clock = new Date(due.getTime() + 60_000);
    await bot.jobs.scheduler.tick();
    await bot.jobs.scheduler.tick();
    const digests = postsTo(CHANNEL).slice(before).filter((c) => cardText(c.body).includes('Weekly digest'));
    expect(digests).to.have.length(1);
    expect(cardText(digests[0]?.body)).to.include('what is due in the next two weeks');
  });

  it('makes a subscription inactive when the bot was removed from the channel, without retrying, and tells the admins', async () => {
    const admin = teamsUser('Ada Admin');
    // A second admin has never written to the bot: the report is kept for them.
    const away = teamsUser('Bea Away');
    await registerTeamsPerson(bot.store, admin, ['admin'], 'rmbc');
    await registerTeamsPerson(bot.store, away, ['admin'], 'rmbc');
    await postActivity(bot.url, messageActivity('whoami', { from: admin, serviceUrl: connector.url }));
    connector.failFor(encodeURIComponent(CHANNEL), 403);
    const oneDay = [...bot.store.all('jobs')].filter((j) => j.kind === 'meeting-reminder' && j.status === 'pending').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    expect(oneDay, 'a reminder still to come').to.not.equal(undefined);
    clock = new Date(Date.parse(String(oneDay?.dueAt)) + 60_000);
    await bot.jobs.scheduler.tick();
    expect(bot.store.get('jobs', String(oneDay?.id))?.status).to.equal('failed');
    const [subscription] = bot.store.all('subscriptions');
    expect(subscription?.inactive?.reason).to.include('removed');
    const list = await postActivity(bot.url, messageActivity('subscriptions', { from: coordinator }));
    expect(cardText(cardOf(list.activities[0]))).to.include('Not posting since');
    const attempts = connector.calls.filter((c) => c.path.includes(encodeURIComponent(CHANNEL))).length;
    clock = new Date(clock.getTime() + 2 * 3_600_000);
    await bot.jobs.scheduler.tick();
    expect(connector.calls.filter((c) => c.path.includes(encodeURIComponent(CHANNEL))).length, 'no retries').to.equal(attempts);
    const told = postsTo(`a:personal-${admin.aadObjectId}`).filter((c) => JSON.stringify(c.body).includes('did not go out'));
    expect(told, 'the admin is told privately').to.have.length(1);
    expect(JSON.stringify(told[0]?.body)).to.include('meeting-reminder');

    const kept = bot.store.all('outbox').filter((m) => m.personId === bot.store.all('people').find((p) => p.displayName === 'Bea Away')?.id);
    expect(kept.map((m) => m.message.kind), 'kept for the admin who could not be reached').to.deep.equal(['notice']);
    await postActivity(bot.url, messageActivity('whoami', { from: away, serviceUrl: connector.url }));
    await postActivity(bot.url, messageActivity('help', { from: away, serviceUrl: connector.url }));
    const late = postsTo(`a:personal-${away.aadObjectId}`).filter((c) => JSON.stringify(c.body).includes('did not go out'));
    expect(late, 'delivered once, when they first wrote').to.have.length(1);
    expect(bot.store.all('outbox')).to.deep.equal([]);
  });
});
