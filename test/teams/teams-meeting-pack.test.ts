// The meeting pack and RSVPs from Teams: the pack shows the agenda, milestones due before the
// meeting and overdue, and the tensions picture; Attending / Apologies update the count for everyone.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Teams: the meeting pack and RSVPs', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const coordinator = teamsUser('Chris Coordinator');
  const member = teamsUser('Mo Member');

  before(async () => {
    bot = await startRunningBot();
    connector = await startStandInConnector();
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    await registerTeamsPerson(bot.store, member, ['member'], 'rmbc');
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  it('shows the pack of the next meeting with agenda, milestones and tensions, and RSVP buttons', async () => {
    const card = cardOf((await postActivity(bot.url, messageActivity('meeting pack', { from: member }))).activities[0]);
    const text = cardText(card);
    expect(text).to.match(/Forum meeting in \d+ days: the meeting pack/);
    expect(text).to.include('Milestones due before the meeting');
    expect(text).to.include('Overdue milestones');
    expect(text).to.include('Community tensions since the last meeting');
    expect(text).to.include('No replies yet');
    expect(cardButtons(card).map((b) => b.title)).to.deep.equal(['Attending', 'Apologies', 'Reply with a note']);
  });

  it('counts replies, one per person, updates the card for everyone, and lists them for the chair', async () => {
    const card = cardOf((await postActivity(bot.url, messageActivity('meeting pack', { from: member }))).activities[0]);
    const [attending, apologies] = cardButtons(card);
    const meetingId = String(attending?.data.meetingId);
    await postActivity(bot.url, cardActionActivity('meeting.rsvp', { ...attending?.data, note: '' }, { from: member, conversation: 'channel', serviceUrl: connector.url }));
    const changed = await postActivity(bot.url, cardActionActivity('meeting.rsvp', { ...apologies?.data, note: 'Sending a deputy' }, { from: member, conversation: 'channel', serviceUrl: connector.url }));
    const after = await postActivity(bot.url, cardActionActivity('meeting.rsvp', { ...attending?.data }, { from: coordinator, conversation: 'channel', serviceUrl: connector.url }));
    // The pack changes for everyone in place; the clicker is told their own reply.
    const puts = connector.calls.filter((c) => c.method === 'PUT');
    expect(puts, 'updated in place for everyone').to.have.length(3);
    expect(cardText(cardOf(puts[1]?.body))).to.include('0 attending, 1 apology so far');
    expect(cardText(cardOf(puts[2]?.body))).to.include('1 attending, 1 apology so far');
    expect(String(invokeResult(changed).value)).to.include('Thank you, Mo Member: your reply to').and.include('is Apologies, with your note for the chair');
    expect(String(invokeResult(after).value)).to.include('Thank you, Chris Coordinator').and.include('is Attending.');
    expect(bot.store.get('meetings', meetingId)?.rsvps).to.have.length(2);

    expect((await postActivity(bot.url, messageActivity('rsvps', { from: member }))).activities[0]?.text).to.include('for the chair');
    const list = cardText(cardOf((await postActivity(bot.url, messageActivity('rsvps', { from: coordinator }))).activities[0]));
    expect(list).to.include('Attending (1)').and.include('Chris Coordinator');
    expect(list).to.include('Apologies (1)').and.include('Mo Member\nSending a deputy');
  });

  it('"Reply with a note" shows the clicker a form with their earlier reply; sending it updates the pack for everyone and keeps the note for the chair', async () => {
    const card = cardOf((await postActivity(bot.url, messageActivity('meeting pack', { from: member }))).activities[0]);
    const withNote = cardButtons(card).find((b) => b.title === 'Reply with a note');
    const meetingId = String(withNote?.data.meetingId);
    const puts = connector.calls.filter((c) => c.method === 'PUT').length;
    const opened = await postActivity(bot.url, cardActionActivity(String(withNote?.verb), { ...withNote?.data }, { from: member, conversation: 'channel', serviceUrl: connector.url }));
    const form = invokeResult(opened).value;
    expect(cardText(form)).to.include('Note for the chair (optional)').and.include('You replied Apologies');
    expect(JSON.stringify(form), 'the earlier note is filled in').to.include('Sending a deputy');
    expect(connector.calls.filter((c) => c.method === 'PUT').length, 'the form is for the clicker only').to.equal(puts);

    const send = cardButtons(form).find((b) => b.title === 'Send reply');
    const sent = await postActivity(bot.url, cardActionActivity(String(send?.verb), { ...send?.data, response: 'attending', note: 'Joining online' }, { from: member, conversation: 'channel', serviceUrl: connector.url }));
    expect(String(invokeResult(sent).value)).to.include('is Attending, with your note for the chair');
    const updates = connector.calls.filter((c) => c.method === 'PUT');
    expect(updates.length, 'the pack is updated for everyone').to.equal(puts + 1);
    expect(cardText(cardOf(updates.at(-1)?.body))).to.include('2 attending, 0 apologies so far');
    const mine = bot.store.get('meetings', meetingId)?.rsvps.filter((r) => r.name === 'Mo Member');
    expect(mine?.map((r) => [r.response, r.note])).to.deep.equal([['attending', 'Joining online']]);

    const back = cardButtons(form).find((b) => b.title === 'Back');
    const pack = await postActivity(bot.url, cardActionActivity(String(back?.verb), { ...back?.data }, { from: member, conversation: 'channel', serviceUrl: connector.url }));
    expect(cardText(invokeResult(pack).value)).to.include('the meeting pack');
  });

  it('refuses a note over 200 characters or a reply that is neither attending nor apologies, and changes nothing', async () => {
    const meeting = [...bot.store.all('meetings')].filter((m) => m.status === 'scheduled' && m.startsAt > new Date().toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    const before = bot.store.get('meetings', String(meeting?.id));
    const long = await postActivity(bot.url, cardActionActivity('meeting.rsvp', { meetingId: meeting?.id, response: 'attending', note: 'x'.repeat(201) }, { from: member }));
    expect(String(invokeResult(long).value)).to.include('The note is too long (200 characters at most)');
    const odd = await postActivity(bot.url, cardActionActivity('meeting.rsvp', { meetingId: meeting?.id, response: 'maybe' }, { from: member }));
    expect(String(invokeResult(odd).value)).to.include('Choose attending or apologies');
    expect(bot.store.get('meetings', String(meeting?.id))).to.deep.equal(before);
  });

  it('refuses replies to a meeting that is not scheduled', async () => {
    const held = bot.store.all('meetings').find((m) => m.status === 'held');
    const answer = await postActivity(bot.url, cardActionActivity('meeting.rsvp', { meetingId: held?.id, response: 'attending' }, { from: member }));
    expect(String(invokeResult(answer).value)).to.include('replies are closed');
  });
});
