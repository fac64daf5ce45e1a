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
    expect(cardButtons(card).map((b) => b.title)).to.deep.equal(['Attending', 'Apologies']);
  });

  it('counts replies, one per person, updates the card for everyone, and lists them for the chair', async () => {
    const card = cardOf((await postActivity(bot.url, messageActivity('meeting pack', { from: member }))).activities[0]);
    const [attending, apologies] = cardButtons(card);
    const meetingId = String(attending?.data.meetingId);
    await postActivity(bot.url, cardActionActivity('meeting.rsvp', { ...attending?.data, note: '' }, { from: member, conversation: 'channel', serviceUrl: connector.url }));
    const changed = await postActivity(bot.url, cardActionActivity('meeting.rsvp', { ...apologies?.data, note: 'Sending a deputy' }, { from: member, conversation: 'channel', serviceUrl: connector.url }));
    const after = await postActivity(bot.url, cardActionActivity('meeting.rsvp', { ...attending?.data }, { from: coordinator, conversation: 'channel', serviceUrl: connector.url }));
    expect(cardText(invokeResult(changed).value)).to.include('0 attending, 1 apologies so far');
    expect(cardText(invokeResult(after).value)).to.include('1 attending, 1 apologies so far');
    expect(connector.calls.filter((c) => c.method === 'PUT'), 'updated in place for everyone').to.have.length(3);
    expect(bot.store.get('meetings', meetingId)?.rsvps).to.have.length(2);

    expect((await postActivity(bot.url, messageActivity('rsvps', { from: member }))).activities[0]?.text).to.include('for the chair');
    const list = String((await postActivity(bot.url, messageActivity('rsvps', { from: coordinator }))).activities[0]?.text);
    expect(list).to.include('Attending (1)').and.include('Chris Coordinator');
    expect(list).to.include('Apologies (1)').and.include('Mo Member (Sending a deputy)');
  });

  it('refuses replies to a meeting that is not scheduled', async () => {
    const held = bot.store.all('meetings').find((m) => m.status === 'held');
    const answer = await postActivity(bot.url, cardActionActivity('meeting.rsvp', { meetingId: held?.id, response: 'attending' }, { from: member }));
    expect(String(invokeResult(answer).value)).to.include('replies are closed');
  });
});
