// The private nudge before a meeting, tapped as an owner would in Teams: On track saves at once and
// the nudge comes back up to date; Delayed opens the update form with Delayed chosen (it needs a
// note and a revised date) and its Save returns to the nudge; a stale button, a stranger's tap and
// a status the nudge does not offer change nothing.
import { amberOrRedFor } from '../helpers/revised-dates.ts';
import { STATUS_LABELS } from '../../src/domain/milestones/milestone-rules.ts';
import { expect } from 'chai';
import { TZDate } from '@date-fns/tz';
import { assignOwner, registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardButtons, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import type { Meeting, Milestone } from '../../src/domain/model.ts';

describe('Teams: one-tap status buttons on the meeting nudge', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  let clock = new Date();
  let meeting: Meeting;
  let first: Milestone;
  let second: Milestone;
  let nudge: unknown;
  const owner = teamsUser('Olive Owner');
  const stranger = teamsUser('Sam Stranger');

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot({}, () => clock);
    const ownerPerson = await registerTeamsPerson(bot.store, owner, ['member'], 'rmbc');
    await registerTeamsPerson(bot.store, stranger, ['member'], 'syp');
    const found = [...bot.store.all('meetings')].filter((m) => m.status === 'scheduled' && m.startsAt > clock.toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    if (!found) throw new Error('the seed has no coming meeting');
    meeting = found;
    const due = bot.store.all('milestones').filter((m) => m.status !== 'complete' && m.status !== 'closed' && (m.revisedDue ?? m.originalDue) <= meeting.startsAt.slice(0, 10));
    [first, second] = due as [Milestone, Milestone];
    await assignOwner(bot.store, first.id, ownerPerson.id);
    await assignOwner(bot.store, second.id, ownerPerson.id);
    await postActivity(bot.url, messageActivity('whoami', { from: owner, serviceUrl: connector.url }));
    await bot.jobs.plan(); // as the hourly planning would, now that the milestones have an owner
    const start = new TZDate(Date.parse(meeting.startsAt), 'Europe/London');
    clock = new Date(new TZDate(start.getFullYear(), start.getMonth(), start.getDate() - 5, 9, 1, 'Europe/London').getTime());
    await bot.jobs.scheduler.tick();
    nudge = connector.calls.find((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(`a:personal-${owner.aadObjectId}`)) && cardText(c.body).includes('Please update before the forum meeting'))?.body;
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  const tap = (title: string, milestoneId: string, card: unknown = nudge) => {
    const button = cardButtons(card).find((b) => b.title === title && (b.data.id === milestoneId || b.verb === 'milestone.update'));
    if (!button) throw new Error(`no "${title}" button for ${milestoneId}`);
    return button;
  };
  const send = (verb: string, data: Record<string, unknown>, from = owner) => postActivity(bot.url, cardActionActivity(verb, data, { from, serviceUrl: connector.url }));

  it('arrives privately with On track, Delayed, Off track, Complete and the form for each of the owner\'s milestones', () => {
    expect(nudge, 'the nudge reached the owner').to.not.equal(undefined);
    for (const m of [first, second]) {
      const titles = cardButtons(nudge).filter((b) => b.data.id === m.id).map((b) => b.title);
      expect(titles).to.deep.equal(['On track', 'Delayed', 'Off track', 'Complete', 'Update form']);
    }
  });

  it('On track saves at once, through the update rules, and the nudge comes back with the change', async () => {
    const button = tap('On track', first.id);
    const answer = await send(button.verb, button.data);
    const saved = bot.store.get('milestones', first.id);
    expect(saved?.status).to.equal('on-track');
    expect(saved?.version).to.equal(first.version + 1);
    expect(bot.store.all('milestoneUpdates').filter((u) => u.milestoneId === first.id).at(-1)?.via).to.equal('teams');
    const card = invokeResult(answer).value;
    expect(cardText(card)).to.include(`${first.id} saved: now On track`);
    expect(cardText(card)).to.include('Please update before the forum meeting');
  });

  it('Delayed opens the form with Delayed chosen and says what it needs; its Save returns to the nudge', async () => {
    const before = bot.store.get('milestones', second.id);
    const answer = await send(tap('Delayed', second.id).verb, tap('Delayed', second.id).data);
    expect(bot.store.get('milestones', second.id)?.version, 'nothing saved by the tap').to.equal(before?.version);
    const form = invokeResult(answer).value;
    expect(cardText(form)).to.include('needs a progress note').and.include('needs a revised due date');
    expect(JSON.stringify(form)).to.include('"value":"delayed"');
    const save = tap('Save', second.id, form);
    const delay = amberOrRedFor(second);
    const saved = await send(save.verb, { ...save.data, status: delay.status, commentary: 'The venue fell through', revisedDue: delay.revisedDue });
    expect(bot.store.get('milestones', second.id)).to.include(delay);
    expect(cardText(invokeResult(saved).value)).to.include(`${second.id} saved: now ${STATUS_LABELS[delay.status].words}`);
  });

  it('a button from before the change is refused as stale, and changes nothing', async () => {
    const current = bot.store.get('milestones', first.id);
    const answer = await send(tap('On track', first.id).verb, tap('On track', first.id).data);
    expect(bot.store.get('milestones', first.id)?.version).to.equal(current?.version);
    expect(cardText(invokeResult(answer).value)).to.include('Your update was not applied');
  });

  it('someone who does not own the milestone is told who can update it, and nothing changes', async () => {
    const current = bot.store.get('milestones', second.id);
    const button = tap('Complete', second.id);
    const answer = await send(button.verb, { ...button.data, version: current?.version }, stranger);
    expect(String(invokeResult(answer).value)).to.include('Only the milestone owner');
    expect(bot.store.get('milestones', second.id)?.version).to.equal(current?.version);
  });

  it('a status the nudge does not offer (Closed) is refused with a clear answer, and nothing changes', async () => {
    const current = bot.store.get('milestones', second.id);
    const answer = await send('milestone.quick-status', { id: second.id, version: current?.version, status: 'closed', meetingId: meeting.id });
    expect(String(invokeResult(answer).value)).to.include('Status is not one of the choices');
    expect(bot.store.get('milestones', second.id)?.version).to.equal(current?.version);
  });
});
