// The meeting nudge in a Slack DM: the same one-tap buttons as in Teams. On track updates the DM
// message in place; Delayed opens the update form as a modal with Delayed chosen, and saving it
// brings the nudge message up to date.
import { amberOrRedFor } from '../helpers/revised-dates.ts';
import { STATUS_LABELS } from '../../src/domain/milestones/milestone-rules.ts';
import { expect } from 'chai';
import { TZDate } from '@date-fns/tz';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { blockActions, dmChannelOf, dmEvent, eventBody, modalValues, postSlack, slackEnv, slackUser, viewSubmission } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { buttonsIn, startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { assignOwner } from '../helpers/forum-people.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import type { Meeting, Milestone } from '../../src/domain/model.ts';

describe('Slack: one-tap status buttons on the meeting nudge', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  let clock = new Date();
  let milestones: Milestone[];
  let nudge: { ts: string; blocks: unknown };
  const owner = slackUser('Olu Owner');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url), () => clock);
    const person = await registerSlackPerson(bot.store, owner, ['member'], 'rmbc', api);
    const meeting = [...bot.store.all('meetings')].filter((m) => m.status === 'scheduled' && m.startsAt > clock.toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0] as Meeting;
    milestones = bot.store.all('milestones').filter((m) => m.status !== 'complete' && m.status !== 'closed' && (m.revisedDue ?? m.originalDue) <= meeting.startsAt.slice(0, 10)).slice(0, 2);
    for (const m of milestones) await assignOwner(bot.store, m.id, person.id);
    const from = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(owner, 'whoami')));
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(owner), { from });
    await bot.jobs.plan();
    const start = new TZDate(Date.parse(meeting.startsAt), 'Europe/London');
    clock = new Date(new TZDate(start.getFullYear(), start.getMonth(), start.getDate() - 5, 9, 1, 'Europe/London').getTime());
    const before = api.calls.length;
    await bot.jobs.scheduler.tick();
    const posted = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(owner) && textOf(c.args.blocks).includes('Please update before the forum meeting'), { from: before });
    nudge = { ts: String(posted.response?.ts), blocks: posted.args.blocks };
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const button = (text: string, milestoneId: string) => {
    const found = buttonsIn(nudge.blocks).find((b) => b.text === text && b.value.includes(milestoneId));
    if (!found) throw new Error(`no "${text}" button for ${milestoneId}`);
    return found;
  };

  it('On track saves at once and the DM message is updated in place', async () => {
    const [first] = milestones as [Milestone];
    const from = api.calls.length;
    await postSlack(bot.url, blockActions(owner, button('On track', first.id).value, { channel: dmChannelOf(owner), messageTs: nudge.ts }));
    const updated = await api.waitFor('chat.update', (c) => c.args.ts === nudge.ts, { from });
    expect(textOf(updated.args.blocks)).to.include(`${first.id} saved: now On track`);
    expect(bot.store.get('milestones', first.id)).to.include({ status: 'on-track', version: first.version + 1 });
    expect(bot.store.all('milestoneUpdates').filter((u) => u.milestoneId === first.id).at(-1)?.via).to.equal('slack');
  });

  it('Delayed opens the form as a modal with Delayed chosen; saving it updates the nudge message', async () => {
    const second = milestones[1] as Milestone;
    let from = api.calls.length;
    await postSlack(bot.url, blockActions(owner, button('Delayed', second.id).value, { channel: dmChannelOf(owner), messageTs: nudge.ts, triggerId: 'trigger-nudge-delayed' }));
    const opened = await api.waitFor('views.open', (c) => c.args.trigger_id === 'trigger-nudge-delayed', { from });
    const view = Object(opened.args.view);
    expect(JSON.stringify(view)).to.include('"value":"delayed"');
    expect(textOf(view)).to.include('needs a revised due date');
    expect(bot.store.get('milestones', second.id)?.version, 'the tap alone saves nothing').to.equal(second.version);

    from = api.calls.length;
    const delay = amberOrRedFor(second);
    const values = modalValues(view, { status: delay.status, commentary: 'Waiting for the venue', revisedDue: delay.revisedDue });
    const answer = await postSlack(bot.url, viewSubmission(owner, { id: String(Object(opened.response?.view).id), privateMetadata: String(view.private_metadata), values }));
    expect(answer.json).to.deep.equal({ response_action: 'clear' });
    const updated = await api.waitFor('chat.update', (c) => c.args.ts === nudge.ts, { from });
    expect(textOf(updated.args.blocks)).to.include(`${second.id} saved: now ${STATUS_LABELS[delay.status].words}`);
    expect(bot.store.get('milestones', second.id)).to.include(delay);
  });
});
