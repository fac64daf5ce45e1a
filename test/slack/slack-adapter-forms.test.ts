// Updating a milestone from Slack: the form opens as a modal (from /forum, or from a DM's "Open
// form" button), the forum's rules answer beside the inputs, a saved change replaces the original
// message, and history and audit say it came through Slack from that Slack person.
import { amberOrRedFor } from '../helpers/revised-dates.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { findMilestones, milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import { localDate } from '../../src/domain/calendar.ts';
import type { Person } from '../../src/domain/model.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { blockActions, dmChannelOf, dmEvent, eventBody, mentionEvent, modalValues, postSlack, slackEnv, slashCommand, slackUser, viewSubmission, type SlackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { BOT_USER_ID, buttonsIn, inputsIn, startStandInSlackApi, textOf, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: updating a milestone in a modal', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const coordinator = slackUser('Chris Coordinator');
  const member = slackUser('Alex Member');
  let coordinatorPerson: Person;
  let milestoneId: string;

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    coordinatorPerson = await registerSlackPerson(bot.store, coordinator, ['coordinator'], 'voluntary-action-rotherham', api);
    await registerSlackPerson(bot.store, member, ['member'], 'rmbc', api);
    milestoneId = findMilestones(bot.store, { today: localDate(new Date()), statuses: ['not-started', 'on-track'] })[0]?.id ?? '';
    expect(milestoneId, 'an open milestone in the seed').to.not.equal('');
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const milestone = () => bot.store.get('milestones', milestoneId);
  const mark = () => api.calls.length;
  const viewOf = (call: SlackApiCall) => call.args.view;
  const metadataOf = (call: SlackApiCall) => String(Object(viewOf(call)).private_metadata);
  const viewIdOf = (call: SlackApiCall) => String(Object(call.response?.view).id);
  const submit = (user: SlackUser, opened: SlackApiCall, answers: Record<string, string>) =>
    postSlack(bot.url, viewSubmission(user, { id: viewIdOf(opened), privateMetadata: metadataOf(opened), values: modalValues(viewOf(opened), answers) }));
  const openByCommand = async (user: SlackUser): Promise<SlackApiCall> => {
    const from = mark();
    const answer = await postSlack(bot.url, slashCommand(user, `update ${milestoneId}`, { responseUrl: api.responseUrl(`update-${from}`), triggerId: `trigger-${from}` }));
    expect(answer.status).to.equal(200);
    return api.waitFor('views.open', (c) => c.args.trigger_id === `trigger-${from}`, { from });
  };

  it('opens `/forum update <id>` as a modal with the form\'s inputs', async () => {
    const opened = await openByCommand(coordinator);
    const view = viewOf(opened);
    expect(view).to.deep.include({ type: 'modal', callback_id: 'forum.form' });
    expect(textOf(view)).to.include(`Update milestone ${milestoneId}`);
    const types = Object.fromEntries(inputsIn(view).map((i) => [i.blockId, i.type]));
    expect(types).to.deep.include({ status: 'static_select', commentary: 'plain_text_input', revisedDue: 'datepicker', evidence: 'plain_text_input' });
    const metadata = metadataOf(opened);
    expect(metadata).to.include('milestone.update').and.include(`"version":${milestone()?.version}`);
    expect(metadata, 'where the answer goes: the person who ran the command').to.include('"kind":"command"');
  });

  it('answers Amber without a note or revised date beside those inputs, and saves nothing', async () => {
    const opened = await openByCommand(coordinator);
    const before = milestone();
    const updates = bot.store.count('milestoneUpdates');
    const answer = await submit(coordinator, opened, { status: 'delayed', commentary: '', evidence: 'typed evidence' });
    expect(answer.status).to.equal(200);
    expect(answer.json).to.have.property('response_action', 'errors');
    const errors = Object(Object(answer.json).errors);
    expect(errors.commentary).to.include('needs a progress note');
    expect(errors.revisedDue).to.include('needs a revised due date');
    expect(milestone()).to.deep.equal(before);
    expect(bot.store.count('milestoneUpdates')).to.equal(updates);
  });

  it('answers a required input left empty without running the bot', async () => {
    const opened = await openByCommand(coordinator);
    const before = milestone();
    const answer = await submit(coordinator, opened, { commentary: 'no status chosen' });
    expect(answer.json).to.deep.include({ response_action: 'errors' });
    expect(Object(Object(answer.json).errors).status).to.be.a('string');
    expect(milestone()).to.deep.equal(before);
  });

  it('posts the form with "Open form" in a DM; the button opens the modal; saving updates that message, with history and audit via Slack', async () => {
    let from = mark();
    await postSlack(bot.url, eventBody(dmEvent(coordinator, `update ${milestoneId}`)));
    const posted = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(coordinator), { from });
    expect(inputsIn({ blocks: posted.args.blocks })).to.have.length(0);
    const open = buttonsIn(posted.args.blocks).find((b) => b.text === 'Open form');
    expect(open, 'an Open form button').to.not.equal(undefined);
    const ts = String(posted.response?.ts);

    from = mark();
    await postSlack(bot.url, blockActions(coordinator, open?.value ?? '', { channel: dmChannelOf(coordinator), messageTs: ts, triggerId: 'trigger-open-form' }));
    const opened = await api.waitFor('views.open', (c) => c.args.trigger_id === 'trigger-open-form', { from });

    const before = milestone();
    from = mark();
    const delay = amberOrRedFor(before ?? { originalDue: '' });
    const answer = await submit(coordinator, opened, { status: delay.status, commentary: 'Venue fell through; <!channel> rebooked.', revisedDue: delay.revisedDue });
    expect(answer.json).to.deep.equal({ response_action: 'clear' });
    const update = await api.waitFor('chat.update', (c) => c.args.ts === ts, { from });
    expect(update.args.channel).to.equal(dmChannelOf(coordinator));
    expect(textOf(update.args.blocks)).to.include('Saved by Chris Coordinator');
    expect(JSON.stringify(update.args)).to.not.include('<!channel>');

    const after = milestone();
    expect(after).to.include({ ...delay, version: (before?.version ?? 0) + 1 });
    expect(milestoneHistory(bot.store, milestoneId).at(-1)).to.include({ status: delay.status, via: 'slack', by: 'Chris Coordinator', byPersonId: coordinatorPerson.id });
    const audit = readFileSync(path.join(bot.dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l): unknown => JSON.parse(l));
    const entry = Object(audit.reverse().find((e) => Object(e).action === 'milestone.update' && Object(e).recordId === milestoneId));
    expect(entry.via).to.equal('slack');
    expect(entry.actor).to.deep.include({ personId: coordinatorPerson.id, account: `slack:${coordinator.teamId}:${coordinator.userId}` });

    // The same (now stale) form again: not applied; the modal shows the fresh form instead.
    const stale = await submit(coordinator, opened, { status: 'complete', evidence: 'Minutes of 1 Dec' });
    expect(stale.json).to.have.property('response_action', 'update');
    expect(textOf(Object(stale.json).view)).to.include('Chris Coordinator changed this milestone');
    expect(milestone()).to.deep.equal(after);
  });

  it('shows a form asked for by @mention in a channel only to the person, with "Open form"', async () => {
    const from = mark();
    await postSlack(bot.url, eventBody(mentionEvent(coordinator, `<@${BOT_USER_ID}> update ${milestoneId}`)));
    const form = await api.waitFor('chat.postEphemeral', (c) => c.args.user === coordinator.userId, { from });
    expect(form.args.channel).to.equal('C0FORUMCH');
    expect(buttonsIn(form.args.blocks).map((b) => b.text)).to.include('Open form');
    expect(api.calls.slice(from).filter((c) => c.method === 'chat.postMessage')).to.have.length(0);
  });

  it('tells a member who may not update it, privately, and opens nothing', async () => {
    const from = mark();
    await postSlack(bot.url, slashCommand(member, `update ${milestoneId}`, { responseUrl: api.responseUrl('member-update') }));
    const reply = await api.waitFor('response_url', (c) => c.path.endsWith('/member-update'), { from });
    expect(reply.args.response_type).to.equal('ephemeral');
    expect(String(reply.args.text)).to.include('Only the milestone owner');
    expect(api.calls.slice(from).filter((c) => c.method === 'views.open')).to.have.length(0);
  });
});
