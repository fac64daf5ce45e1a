// Coordinators make, move and cancel meetings with a card; reminders follow (planned, moved,
// withdrawn); anyone can download the meeting as a calendar file.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardActionActivity, cardButtons, cardLinks, cardOf, cardText, invokeResult, mentionActivity, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Teams: making, moving and cancelling meetings', function () {
  let bot: RunningBot;
  const coordinator = teamsUser('Chris Coordinator');
  const member = teamsUser('Mo Member');
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const save = (user: typeof member, data: Record<string, unknown>) => postActivity(bot.url, cardActionActivity('meeting.save', data, { from: user }));
  const base = { meetingId: '', version: 0, title: 'Extra forum meeting', startTime: '10:00', endTime: '12:00', location: 'Riverside House', onlineUrl: '', chair: 'Forum chair', agenda: 'Welcome\nMarch planned for Saturday' };
  const jobsOf = (id: string) => bot.store.all('jobs').filter((j) => j.payload.meetingId === id);

  before(async () => {
    bot = await startRunningBot();
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    await registerTeamsPerson(bot.store, member, ['member'], 'rmbc');
    await postActivity(bot.url, mentionActivity('subscribe reminders', { from: coordinator, conversationId: '19:forum@thread.tacv2' }));
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  it('refuses members and explains a bad form, saving nothing', async () => {
    expect((await postActivity(bot.url, messageActivity('new meeting', { from: member }))).activities[0]?.text).to.include('Only forum coordinators');
    const form = cardOf((await postActivity(bot.url, messageActivity('new meeting', { from: coordinator }))).activities[0]);
    expect(cardText(form)).to.include('New forum meeting');
    const before = bot.store.count('meetings');
    const bad = await save(coordinator, { ...base, date: inDays(20), endTime: '09:00' });
    expect(cardText(invokeResult(bad).value)).to.include('The end time must be after the start');
    const past = await save(coordinator, { ...base, date: inDays(-3) });
    expect(cardText(invokeResult(past).value)).to.include('has passed');
    expect(bot.store.count('meetings')).to.equal(before);
  });

  it('adds a meeting and plans its reminders; moving it moves them; cancelling withdraws them', async () => {
    const added = await save(coordinator, { ...base, date: inDays(20) });
    expect(cardText(invokeResult(added).value)).to.include('Extra forum meeting');
    const meeting = bot.store.all('meetings').find((m) => m.title === 'Extra forum meeting');
    const id = meeting?.id ?? '';
    expect(jobsOf(id).filter((j) => j.status === 'pending')).to.have.length(2);

    await save(coordinator, { ...base, meetingId: id, version: meeting?.version, date: inDays(27) });
    const afterMove = jobsOf(id);
    expect(afterMove.filter((j) => j.status === 'cancelled'), 'the old reminders').to.have.length(2);
    expect(afterMove.filter((j) => j.status === 'pending'), 'the new ones').to.have.length(2);

    const stale = await save(coordinator, { ...base, meetingId: id, version: meeting?.version, date: inDays(30) });
    expect(cardText(invokeResult(stale).value)).to.include('changed this meeting meanwhile');

    await postActivity(bot.url, cardActionActivity('meeting.cancel-confirmed', { meetingId: id }, { from: coordinator }));
    expect(bot.store.get('meetings', id)?.status).to.equal('cancelled');
    expect(jobsOf(id).filter((j) => j.status === 'pending')).to.have.length(0);
  });

  it('gives anyone a calendar file for a meeting through a link on the card', async () => {
    const card = cardOf((await postActivity(bot.url, messageActivity('meetings', { from: member }))).activities[0]);
    const add = cardLinks(card).find((b) => b.title === 'Add to calendar');
    expect(cardButtons(card).some((b) => b.verb === 'meeting.edit'), 'no Edit for members').to.equal(false);
    const file = await fetch(String(add?.url));
    expect(file.headers.get('content-type')).to.include('text/calendar');
    const ics = await file.text();
    expect(ics).to.include('BEGIN:VCALENDAR').and.include('BEGIN:VEVENT').and.include('\r\n');
  });
});
