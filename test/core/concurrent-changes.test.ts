// Issue 12 §2: conflicting changes fired at the same moment over HTTP, as Teams sends them
// (`adaptiveCard/action` invokes and messages, shapes from Microsoft's Universal Actions and bot
// messaging docs). Nothing acknowledged is lost, and whoever loses a race is told so.
import { expect } from 'chai';
import { localDate } from '../../src/domain/calendar.ts';
import { findMilestones } from '../../src/domain/milestones/milestone-queries.ts';
import { addDays } from '../../src/domain/values/calendar-date.ts';
import { assignOwner, registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardText, invokeResult, mentionActivity, messageActivity, postActivity, TENANT, teamsUser, type BotAnswer, type TeamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const ROUNDS = 10;
const RSVPS_PER_ROUND = 4;

describe('Concurrent conflicting changes over HTTP (issue 12 §2)', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const admin = teamsUser('Pat Admin');
  const coordinator = teamsUser('Chris Coordinator');
  const owner = teamsUser('Sam Owner');

  before(async () => {
    bot = await startRunningBot();
    connector = await startStandInConnector();
    await registerTeamsPerson(bot.store, admin, ['admin']);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  const click = (user: TeamsUser, verb: string, data: Record<string, unknown>) =>
    postActivity(bot.url, cardActionActivity(verb, data, { from: user, conversation: 'groupChat', conversationId: 'group-forum', serviceUrl: connector.url }));
  const answerText = (answer: BotAnswer) => {
    const result = invokeResult(answer);
    return typeof result.value === 'string' ? result.value : cardText(result.value);
  };
  const meetingData = (overrides: Record<string, unknown>) => ({
    meetingId: '', version: 0, title: 'Concurrency forum', date: addDays(localDate(new Date()), 30), startTime: '10:00', endTime: '11:30', location: 'Riverside House', onlineUrl: '', chair: '', agenda: '', ...overrides,
  });

  async function newMeeting(title: string): Promise<string> {
    const answer = await click(coordinator, 'meeting.save', meetingData({ title }));
    expect(answerText(answer)).to.include(`Saved "${title}"`);
    const meeting = bot.store.all('meetings').find((m) => m.title === title);
    expect(meeting, title).to.not.equal(undefined);
    return meeting?.id ?? '';
  }

  it('RSVP + edit: every reply survives every edit made at the same moment', async () => {
    const id = await newMeeting('RSVPs and edits');
    const people = Array.from({ length: ROUNDS * RSVPS_PER_ROUND }, (_, i) => teamsUser(`Partner ${i + 1}`));
    for (let round = 0; round < ROUNDS; round += 1) {
      const version = bot.store.get('meetings', id)?.version;
      const answers = await Promise.all([
        ...people.slice(round * RSVPS_PER_ROUND, (round + 1) * RSVPS_PER_ROUND).map((p) => click(p, 'meeting.rsvp', { meetingId: id, response: round % 2 ? 'apologies' : 'attending' })),
        click(coordinator, 'meeting.save', meetingData({ meetingId: id, version, title: 'RSVPs and edits', location: `Room ${round + 1}` })),
      ]);
      // An RSVP does not move the meeting's version, so the edit made from the current form saves too.
      expect(answerText(answers.at(-1) as BotAnswer), `round ${round}`).to.include('Saved the changes');
    }
    const meeting = bot.store.get('meetings', id);
    expect(meeting?.location).to.equal(`Room ${ROUNDS}`);
    expect(Object.keys(meeting?.rsvps ?? {}), 'every RSVP kept').to.have.length(ROUNDS * RSVPS_PER_ROUND);
  });

  it('two edits from the same form: one is saved, the other is told someone changed it meanwhile', async () => {
    const id = await newMeeting('Two editors');
    const version = bot.store.get('meetings', id)?.version;
    const answers = (await Promise.all([
      click(coordinator, 'meeting.save', meetingData({ meetingId: id, version, title: 'Two editors', location: 'Room A' })),
      click(admin, 'meeting.save', meetingData({ meetingId: id, version, title: 'Two editors', location: 'Room B' })),
    ])).map(answerText);
    const saved = answers.filter((t) => t.includes('Saved the changes'));
    const told = answers.filter((t) => t.includes('Someone changed this meeting meanwhile'));
    expect(saved, answers.join('\n---\n')).to.have.length(1);
    expect(told).to.have.length(1);
    expect(bot.store.get('meetings', id)?.version).to.equal((version ?? 0) + 1);
  });

  it('two milestone updates from the same form: one saved, the other told; assign + update both kept', async () => {
    const open = findMilestones(bot.store, { today: localDate(new Date()), statuses: ['not-started', 'on-track'] });
    const [first, second] = open;
    expect(second, 'two open milestones in the seed').to.not.equal(undefined);
    const version = bot.store.get('milestones', first?.id ?? '')?.version;
    const answers = (await Promise.all(
      [admin, coordinator].map((user, i) => click(user, 'milestone.update', { id: first?.id, version, status: 'on-track', commentary: `Note ${i}`, revisedDue: '', evidence: '' })),
    )).map(answerText);
    expect(answers.filter((t) => t.includes('Saved by')), answers.join('\n---\n')).to.have.length(1);
    expect(answers.filter((t) => t.includes('Your update was not applied'))).to.have.length(1);

    const ownerPerson = await registerTeamsPerson(bot.store, owner, ['member']);
    const target = second?.id ?? '';
    const before = bot.store.get('milestones', target);
    const [assigned, updated] = (await Promise.all([
      click(coordinator, 'milestone.assign', { id: target, personId: ownerPerson.id }),
      click(admin, 'milestone.update', { id: target, version: before?.version, status: 'on-track', commentary: 'Assigned and updated at once', revisedDue: '', evidence: '' }),
    ])).map(answerText);
    expect(assigned).to.include('named the owner');
    expect(updated).to.include('Saved by');
    expect(bot.store.get('milestones', target)).to.deep.include({ commentary: 'Assigned and updated at once' });
    expect(bot.store.get('milestones', target)?.owner.personId).to.equal(ownerPerson.id);
  });

  it('subscribe + subscribe + unsubscribe in one channel: one subscription at most, each person told what they did', async () => {
    const channel = '19:concurrency@thread.tacv2';
    const inChannel = (user: TeamsUser, text: string) =>
      postActivity(bot.url, mentionActivity(text, { from: user, conversationId: channel, overrides: { channelData: { tenant: { id: TENANT }, channel: { id: channel, name: 'Concurrency' } } } }));
    const ofChannel = () => bot.store.all('subscriptions').filter((s) => s.target.platform === 'teams' && s.target.conversationId === channel);

    const first = await Promise.all([inChannel(coordinator, 'subscribe reminders'), inChannel(admin, 'subscribe reminders'), inChannel(coordinator, 'subscribe reminders digest')]);
    const said = first.map((a) => String(a.activities[0]?.text));
    expect(ofChannel(), 'never two subscriptions for one channel').to.have.length(1);
    expect(said.filter((t) => t.startsWith('Subscribed:')), said.join('\n')).to.have.length(1);
    expect(said.every((t) => /^(Subscribed|Subscription updated|Already subscribed):/.test(t)), said.join('\n')).to.equal(true);
    expect(ofChannel()[0]?.kinds).to.have.members(['meeting-reminders', 'weekly-digest']);

    const second = (await Promise.all([inChannel(admin, 'unsubscribe'), inChannel(coordinator, 'unsubscribe')])).map((a) => String(a.activities[0]?.text));
    expect(second.filter((t) => t.startsWith('Unsubscribed')), second.join('\n')).to.have.length(1);
    expect(second.filter((t) => t.includes('not subscribed'))).to.have.length(1);
    expect(ofChannel()).to.have.length(0);
  });

  it('person change + their own activity: an admin\'s edit keeps the 1:1 chat the bot learned meanwhile, and their update is saved', async () => {
    const member = teamsUser('Morgan Member');
    const person = await registerTeamsPerson(bot.store, member, ['member']);
    const milestone = findMilestones(bot.store, { today: localDate(new Date()), statuses: ['not-started', 'on-track'] }).at(-1);
    await assignOwner(bot.store, milestone?.id ?? '', person.id);
    const version = bot.store.get('milestones', milestone?.id ?? '')?.version;
    const [, changed, updated] = await Promise.all([
      postActivity(bot.url, messageActivity('whoami', { from: member, conversation: 'personal', conversationId: 'a:1-morgan', serviceUrl: connector.url })),
      postActivity(bot.url, cardActionActivity('person.save', { displayName: 'Morgan Member', account: `teams:${member.aadObjectId}`, organisationId: 'rmbc', roles: 'member,coordinator' }, { from: admin, conversation: 'personal' })),
      click(member, 'milestone.update', { id: milestone?.id, version, status: 'on-track', commentary: 'Updated while my roles changed', revisedDue: '', evidence: '' }),
    ]);
    expect(answerText(changed)).to.include('Updated Morgan Member (member, coordinator)');
    expect(answerText(updated)).to.include('Saved by Morgan Member');
    const stored = bot.store.get('people', person.id);
    expect(stored?.roles).to.have.members(['member', 'coordinator']);
    expect(stored?.directChats?.teams, 'the 1:1 chat learned meanwhile is kept').to.not.equal(undefined);
    expect(stored?.identities).to.have.length(1);

    // The same form again: the reply says nothing changed, and nothing is written.
    const audited = (await bot.store.readAudit({ collection: 'people', recordId: person.id })).length;
    const again = await postActivity(bot.url, cardActionActivity('person.save', { displayName: 'Morgan Member', account: `teams:${member.aadObjectId}`, organisationId: 'rmbc', roles: 'member,coordinator' }, { from: admin, conversation: 'personal' }));
    expect(answerText(again)).to.include('already has these details');
    expect((await bot.store.readAudit({ collection: 'people', recordId: person.id })).length).to.equal(audited);
  });
});
