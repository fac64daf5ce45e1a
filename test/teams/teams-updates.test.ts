// Updating a milestone from Teams with Action.Execute: the rules, permissions, stale forms, the
// card replaced for everyone (through a stand-in Bot Connector), history and audit.
import { amberOrRedFor } from '../helpers/revised-dates.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { findMilestones, milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import { localDate } from '../../src/domain/calendar.ts';
import type { Person } from '../../src/domain/model.ts';
import { assignOwner, registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser, type TeamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Teams: updating a milestone', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const owner = teamsUser('Sam Owner');
  const bystander = teamsUser('Alex Member');
  const coordinator = teamsUser('Chris Coordinator');
  let ownerPerson: Person;
  let milestoneId: string;

  before(async () => {
    bot = await startRunningBot();
    connector = await startStandInConnector();
    ownerPerson = await registerTeamsPerson(bot.store, owner, ['member'], 'south-yorkshire-police');
    await registerTeamsPerson(bot.store, bystander, ['member'], 'rmbc');
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    const open = findMilestones(bot.store, { today: localDate(new Date()), statuses: ['not-started', 'on-track'] });
    milestoneId = open[0]?.id ?? '';
    expect(milestoneId, 'an open milestone in the seed').to.not.equal('');
    await assignOwner(bot.store, milestoneId, ownerPerson.id);
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  const milestone = () => bot.store.get('milestones', milestoneId);
  const click = (user: TeamsUser, verb: string, data: Record<string, unknown>, conversation: 'personal' | 'groupChat' = 'groupChat') =>
    postActivity(bot.url, cardActionActivity(verb, data, { from: user, conversation, conversationId: 'group-1', serviceUrl: connector.url }));

  it('opens the update form from `update <id>` and from the detail card button', async () => {
    const byCommand = await postActivity(bot.url, messageActivity(`update ${milestoneId}`, { from: owner }));
    const form = cardOf(byCommand.activities[0]);
    expect(cardText(form)).to.include(`Update milestone ${milestoneId}`);
    const save = cardButtons(form).find((b) => b.verb === 'milestone.update');
    expect(save?.data).to.deep.equal({ id: milestoneId, version: milestone()?.version });

    const detail = await postActivity(bot.url, messageActivity(`milestone ${milestoneId}`, { from: owner }));
    const edit = cardButtons(cardOf(detail.activities[0])).find((b) => b.verb === 'milestone.edit');
    expect(edit, 'an Update button for the owner').to.not.equal(undefined);
    const opened = await click(owner, 'milestone.edit', edit?.data ?? {});
    expect(cardText(invokeResult(opened).value)).to.include(`Update milestone ${milestoneId}`);
  });

  it('refuses Amber without a note and a revised date, keeps what was typed, and saves nothing', async () => {
    const before = milestone();
    const answer = await click(owner, 'milestone.update', { id: milestoneId, version: before?.version, status: 'delayed', commentary: '', revisedDue: '', evidence: 'typed evidence' });
    const text = cardText(invokeResult(answer).value);
    expect(text).to.include('Not saved yet');
    expect(text).to.include('needs a progress note');
    expect(text).to.include('needs a revised due date');
    expect(text).to.include('typed evidence');
    expect(milestone()).to.deep.equal(before);
  });

  it('refuses someone who is not the owner, lead or a coordinator, naming who can', async () => {
    const before = milestone();
    const form = await postActivity(bot.url, messageActivity(`update ${milestoneId}`, { from: bystander }));
    expect(form.activities[0]?.text).to.include('Only the milestone owner (Sam Owner');
    const forced = await click(bystander, 'milestone.update', { id: milestoneId, version: before?.version, status: 'complete', evidence: 'done' });
    expect(invokeResult(forced).type).to.equal('application/vnd.microsoft.activity.message');
    expect(String(invokeResult(forced).value)).to.include('a forum coordinator or an admin can update');
    expect(milestone()).to.deep.equal(before);
  });

  it('saves a valid update, replaces the card for everyone, and records history and audit with "teams"', async () => {
    const before = milestone();
    const callsBefore = connector.calls.length;
    const delay = amberOrRedFor(before ?? { originalDue: '' });
    const answer = await click(owner, 'milestone.update', { id: milestoneId, version: before?.version, status: delay.status, commentary: 'Venue fell through; rebooked.', revisedDue: delay.revisedDue, evidence: '' });
    expect(answer.status).to.equal(200);
    const card = invokeResult(answer).value;
    expect(cardText(card)).to.include('Saved by Sam Owner');
    expect(cardText(card)).to.include(delay.status === 'delayed' ? 'Amber: Delayed (under 3 months)' : 'Red: Off track (3 months or more)');

    const after = milestone();
    expect(after?.status).to.equal(delay.status);
    expect(after?.version).to.equal((before?.version ?? 0) + 1);
    expect(after?.revisedDue).to.equal(delay.revisedDue);
    const last = milestoneHistory(bot.store, milestoneId).at(-1);
    expect(last).to.include({ status: delay.status, by: 'Sam Owner', via: 'teams', commentary: 'Venue fell through; rebooked.', byPersonId: ownerPerson.id });

    const update = connector.calls.slice(callsBefore).find((c) => c.method === 'PUT');
    expect(update, 'the message was updated for everyone through the connector').to.not.equal(undefined);
    expect(update?.path).to.include('/activities/card-message-1');
    expect(cardText(update?.body)).to.include('Saved by Sam Owner');

    const audit = readFileSync(path.join(bot.dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const entry = audit.reverse().find((e) => e.action === 'milestone.update' && e.recordId === milestoneId);
    expect(entry).to.deep.include({ via: 'teams' });
    expect(entry?.actor).to.deep.include({ personId: ownerPerson.id, name: 'Sam Owner' });
  });

  it('does not apply a stale form: says who changed it and shows a fresh form with the typed entries', async () => {
    const staleVersion = milestone()?.version ?? 0;
    const first = await click(coordinator, 'milestone.update', { id: milestoneId, version: staleVersion, status: 'on-track', commentary: 'Back on track', revisedDue: '', evidence: '' });
    expect(cardText(invokeResult(first).value)).to.include('Saved by Chris Coordinator');
    const afterFirst = milestone();

    const second = await click(owner, 'milestone.update', { id: milestoneId, version: staleVersion, status: 'complete', commentary: 'Finished', revisedDue: '', evidence: 'Minutes of 1 Dec' });
    const form = invokeResult(second).value;
    const text = cardText(form);
    expect(text).to.include('Chris Coordinator changed this milestone');
    expect(text).to.include('Your update was not applied');
    expect(text).to.include('Minutes of 1 Dec');
    expect(cardButtons(form).find((b) => b.verb === 'milestone.update')?.data.version).to.equal(afterFirst?.version);
    expect(milestone()).to.deep.equal(afterFirst);
  });

  it('answers a malformed or unknown card submit clearly and changes nothing', async () => {
    const before = milestone();
    const updatesBefore = bot.store.count('milestoneUpdates');
    for (const data of [{ id: milestoneId, version: 'abc', status: 'complete' }, { id: milestoneId, version: before?.version, status: 'purple' }, { id: '', version: 1, status: 'complete' }]) {
      const answer = await click(owner, 'milestone.update', data);
      expect(answer.status).to.equal(200);
      expect(invokeResult(answer).type).to.equal('application/vnd.microsoft.activity.message');
      expect(String(invokeResult(answer).value)).to.match(/could not read|not one of the choices|is missing/);
    }
    const unknown = await click(owner, 'milestone.delete', { id: milestoneId });
    expect(String(invokeResult(unknown).value)).to.include('not one I know');
    const noAction = await postActivity(bot.url, { ...cardActionActivity('x', {}), value: { nonsense: true } });
    expect(noAction.status).to.equal(200);
    expect(milestone()).to.deep.equal(before);
    expect(bot.store.count('milestoneUpdates')).to.equal(updatesBefore);
    expect(bot.logText()).not.to.include('"level":50');
  });
});
