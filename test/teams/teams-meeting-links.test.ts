// Meetings as an officer meets them in Teams, with Bot Framework authentication on: "Add to
// calendar" is a button that opens the calendar file (not a link in text, which Teams shows as an
// unclickable banner), "Cancel meeting" asks first, and a cancelled meeting offers neither Join
// nor Add to calendar.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startAuthedTeamsBot, type AuthedTeamsBot } from '../helpers/authed-teams-bot.ts';
import { cardActionActivity, cardButtons, cardLinks, cardOf, cardText, invokeResult, messageActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Teams: meeting links and cancelling, with authentication on', function () {
  let teams: AuthedTeamsBot;
  const coordinator = teamsUser('Chris Coordinator');
  const member = teamsUser('Mo Member');
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  let meetingId = '';

  const meetingsCard = async (user = member) => cardOf((await teams.post(messageActivity('meetings', { from: user }))).activities[0]);
  const ours = (card: unknown) => {
    const meetings = (card as { body: { type: string }[] }).body.filter((b) => b.type === 'Container' && cardText(b).includes('Forum with a link'));
    expect(meetings, 'the test meeting on the card').to.have.length(1);
    return meetings[0];
  };

  before(async () => {
    teams = await startAuthedTeamsBot();
    await registerTeamsPerson(teams.bot.store, coordinator, ['coordinator'], 'rmbc');
    await registerTeamsPerson(teams.bot.store, member, ['member'], 'rmbc');
    const saved = await teams.post(
      cardActionActivity('meeting.save', { meetingId: '', version: 0, title: 'Forum with a link', date: inDays(2), startTime: '10:00', endTime: '12:00', location: 'Riverside House', onlineUrl: 'https://teams.example.org/meet/forum', chair: '', agenda: 'Welcome' }, { from: coordinator }),
    );
    expect(saved.status).to.equal(200);
    meetingId = teams.bot.store.all('meetings').find((m) => m.title === 'Forum with a link')?.id ?? '';
    expect(meetingId).to.not.equal('');
  });
  after(async () => {
    await teams.stop();
    removeTempDirs();
  });

  it('offers Add to calendar as a button that opens the calendar file, the same link each time', async () => {
    const card = ours(await meetingsCard());
    const add = cardLinks(card).find((l) => l.title === 'Add to calendar');
    expect(add, 'an Action.OpenUrl button').to.not.equal(undefined);
    expect(cardButtons(card).map((b) => b.verb)).to.not.include('meeting.ics');
    const file = await fetch(String(add?.url));
    expect(file.status).to.equal(200);
    expect(file.headers.get('content-type')).to.include('text/calendar');
    expect(await file.text()).to.include('BEGIN:VEVENT').and.include('Forum with a link');
    expect(cardLinks(ours(await meetingsCard())).find((l) => l.title === 'Add to calendar')?.url, 'asked again').to.equal(add?.url);
  });

  it('answers the Add to calendar of an older card with a card whose button opens the file, not with text', async () => {
    const answer = await teams.post(cardActionActivity('meeting.ics', { meetingId }, { from: member }));
    const result = invokeResult(answer);
    expect(result.type).to.equal('application/vnd.microsoft.card.adaptive');
    const link = cardLinks(result.value).find((l) => l.title === 'Download the calendar file');
    expect((await fetch(String(link?.url))).headers.get('content-type')).to.include('text/calendar');
  });

  it('asks before cancelling; Keep it changes nothing; confirmed, the meeting offers neither Join nor Add to calendar', async () => {
    const before = ours(await meetingsCard(coordinator));
    const calendarUrl = cardLinks(before).find((l) => l.title === 'Add to calendar')?.url;
    const cancel = cardButtons(before).find((b) => b.title === 'Cancel meeting');
    const asked = invokeResult(await teams.post(cardActionActivity(String(cancel?.verb), cancel?.data ?? {}, { from: coordinator })));
    expect(cardText(asked.value)).to.include('Cancel this meeting?').and.include('Forum with a link');
    expect(teams.bot.store.get('meetings', meetingId)?.status, 'nothing cancelled on the first tap').to.equal('scheduled');

    const keep = cardButtons(asked.value).find((b) => b.title === 'Keep it');
    const kept = invokeResult(await teams.post(cardActionActivity(String(keep?.verb), keep?.data ?? {}, { from: coordinator })));
    expect(cardText(kept.value)).to.include('Forum meetings');
    expect(teams.bot.store.get('meetings', meetingId)?.status).to.equal('scheduled');

    const member = await teams.post(cardActionActivity('meeting.cancel-confirmed', { meetingId }, { from: teamsUser('Not Known') }));
    expect(String(invokeResult(member).value)).to.include('Only forum coordinators');
    expect(teams.bot.store.get('meetings', meetingId)?.status).to.equal('scheduled');

    const confirm = cardButtons(asked.value).find((b) => b.title === 'Yes, cancel the meeting');
    const done = invokeResult(await teams.post(cardActionActivity(String(confirm?.verb), confirm?.data ?? {}, { from: coordinator })));
    expect(cardText(done.value)).to.include('Cancelled "Forum with a link"');
    expect(teams.bot.store.get('meetings', meetingId)?.status).to.equal('cancelled');

    const after = ours(await meetingsCard());
    expect(cardText(after)).to.include('Cancelled');
    expect(cardLinks(after).map((l) => l.title), 'no Join online, no Add to calendar').to.deep.equal([]);
    expect(cardButtons(after).map((b) => b.title)).to.deep.equal([]);
    expect((await fetch(String(calendarUrl))).status, 'the calendar link stops working').to.equal(404);
  });
});
