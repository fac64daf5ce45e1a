// The Home view over real HTTP: Slack's app_home_opened becomes the bot core's `forum/home` event
// and the answer is published with views.publish, built afresh on every opening; the same event
// sent to /api/messages (Teams) answers with the same card.
import { addDays, format, parseISO } from 'date-fns';
import { expect } from 'chai';
import { localDate } from '../../src/domain/calendar.ts';
import { findMilestones } from '../../src/domain/milestones/milestone-queries.ts';
import type { Milestone } from '../../src/domain/model.ts';
import { assignOwner, registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { eventBody, homeOpenedEvent, postSlack, slackEnv, slackUser, viewClick, type SlackUser } from '../helpers/slack-requests.ts';
import { buttonsIn, startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { baseActivity, cardButtons, cardOf, cardText, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: the Home tab shows your milestones and the plan', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const owner = slackUser('Olu Owner');
  const police = slackUser('Pip Police');
  const stranger = slackUser('Sam Stranger');
  let overdue: Milestone;
  let dueSoon: Milestone;

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    const today = localDate(new Date());
    const soon = format(addDays(parseISO(today), 30), 'yyyy-MM-dd');
    const late = findMilestones(bot.store, { today, overdue: true });
    const upcoming = findMilestones(bot.store, { today, dueFrom: today, dueBy: soon });
    expect(late.length, 'the seed plan has overdue milestones').to.be.greaterThan(0);
    expect(upcoming.length, 'the seed plan has milestones due in 30 days').to.be.greaterThan(0);
    [overdue, dueSoon] = [late[0] as Milestone, upcoming[0] as Milestone];
    // "Due this week": the upcoming one is moved to three days from now.
    const inThreeDays = format(addDays(parseISO(today), 3), 'yyyy-MM-dd');
    dueSoon = await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      const m = tx.get('milestones', dueSoon.id);
      if (!m) throw new Error(`no milestone ${dueSoon.id}`);
      const moved = { ...m, revisedDue: inThreeDays, version: m.version + 1 };
      tx.put('milestones', moved, { action: 'milestone.update' });
      return moved;
    });
    const person = await registerSlackPerson(bot.store, owner, ['member'], 'voluntary-action-rotherham', api);
    await registerSlackPerson(bot.store, police, ['member'], 'south-yorkshire-police', api);
    api.setUser(stranger.userId, stranger.name);
    await assignOwner(bot.store, overdue.id, person.id);
    await assignOwner(bot.store, dueSoon.id, person.id);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  async function openHome(user: SlackUser): Promise<unknown> {
    const from = api.calls.length;
    const answer = await postSlack(bot.url, eventBody(homeOpenedEvent(user)));
    expect(answer.status).to.equal(200);
    const publish = await api.waitFor('views.publish', (c) => c.args.user_id === user.userId, { from });
    expect(publish.args.view).to.deep.include({ type: 'home' });
    return publish.args.view;
  }

  it('shows who you are, your overdue and upcoming milestones with status in words, and their buttons', async () => {
    const view = await openHome(owner);
    const shown = textOf(view);
    expect(shown).to.include('You are Olu Owner');
    expect(shown).to.include('Your milestones');
    expect(shown).to.include('Overdue (1)');
    expect(shown).to.include('Due this week (1)');
    expect(shown).to.include(overdue.id).and.to.include(dueSoon.id);
    expect(shown).to.match(/(Grey|Green|Amber|Red): [A-Z]/);
    expect(shown).to.match(/\d+ days? overdue/);
    const values = buttonsIn(view).map((b) => `${b.text} ${b.value}`);
    for (const m of [overdue, dueSoon]) {
      expect(values.some((v) => v.startsWith('Details') && v.includes('milestone.show') && v.includes(m.id)), `Details for ${m.id}`).to.equal(true);
      expect(values.some((v) => v.startsWith('Update') && v.includes('milestone.edit') && v.includes(m.id)), `Update for ${m.id}`).to.equal(true);
    }
    expect(buttonsIn(view).map((b) => b.text)).to.include.members(['My milestones', 'Due this week', 'Overdue', 'Plan summary', 'Help', 'Meeting pack', 'Log intelligence', 'My reports']);
    expect(shown).to.include('Next forum meeting').and.include('Community intelligence').and.include('You have not logged any reports.');
    expect(shown, 'the grants round is for those who run it').not.to.include('Small grants');
  });

  it('opens My milestones from the Home tab in a modal over it, so closing it goes back to the Home', async () => {
    const mine = buttonsIn(await openHome(owner)).find((b) => b.text === 'My milestones');
    const from = api.calls.length;
    await postSlack(bot.url, viewClick(owner, mine?.value ?? '', { id: 'VHOME0002', type: 'home' }, 'trigger-home-mine'));
    const opened = await api.waitFor('views.open', (c) => c.args.trigger_id === 'trigger-home-mine', { from });
    expect(textOf(opened.args.view)).to.include(dueSoon.id);
    expect(api.callsTo('views.publish').filter((c) => api.calls.indexOf(c) >= from), 'the Home tab is not replaced').to.have.length(0);
  });

  it('summarises the plan by theme and status, with the same totals as `summary`', async () => {
    const shown = textOf(await openHome(owner));
    const total = bot.store.count('milestones');
    expect(shown).to.include('Plan summary');
    expect(shown).to.include(`${total} milestones in ${bot.store.count('themes')} themes`);
    for (const theme of bot.store.all('themes')) expect(shown).to.include(theme.title);
    const perTheme = [...shown.matchAll(/ · (\d+) milestones?:/g)].map((m) => Number(m[1]));
    expect(perTheme.reduce((a, b) => a + b, 0)).to.equal(total);
  });

  it('is built afresh on each opening: a milestone completed meanwhile leaves the overdue list', async () => {
    expect(textOf(await openHome(owner))).to.include('Overdue (1)');
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      const m = tx.get('milestones', overdue.id);
      if (!m) throw new Error(`no milestone ${overdue.id}`);
      tx.put('milestones', { ...m, status: 'complete', evidence: 'done', version: m.version + 1 }, { action: 'milestone.update' });
    });
    const again = textOf(await openHome(owner));
    expect(again).to.include('Nothing is overdue.');
    expect(again).to.not.include(overdue.id);
    expect(again).to.include(dueSoon.id);
  });

  it("shows the organisation's milestones to someone with none by name, and says so", async () => {
    const shown = textOf(await openHome(police));
    expect(shown).to.include('SYP milestones');
    expect(shown).to.include("None are assigned to you by name, so these are SYP's.");
    const today = localDate(new Date());
    const expected = findMilestones(bot.store, { today, overdue: true, organisationIds: ['south-yorkshire-police'] }).length;
    expect(shown).to.include(expected > 0 ? `Overdue (${expected})` : 'Nothing is overdue.');
  });

  it('tells someone not known yet how to be added, and still shows the plan', async () => {
    const view = await openHome(stranger);
    const shown = textOf(view);
    expect(shown).to.include('I do not know you yet');
    expect(shown).to.include(`slack:${stranger.teamId}:${stranger.userId}`);
    expect(shown).to.not.include('Overdue (');
    expect(shown).to.include('Plan summary');
    expect(buttonsIn(view).filter((b) => b.text === 'Details')).to.have.length(0);
  });

  it('opens Details from the Home tab in a modal over it, leaving the Home as it was; its buttons work inside the modal', async () => {
    const details = buttonsIn(await openHome(owner)).find((b) => b.text === 'Details' && b.value.includes(dueSoon.id));
    expect(details, 'a Details button').to.not.equal(undefined);
    const from = api.calls.length;
    expect((await postSlack(bot.url, viewClick(owner, details?.value ?? '', { id: 'VHOME0001', type: 'home' }, 'trigger-home-details'))).status).to.equal(200);
    const opened = await api.waitFor('views.open', (c) => c.args.trigger_id === 'trigger-home-details', { from });
    expect(textOf(opened.args.view)).to.include(`Milestone ${dueSoon.id}`);
    expect(Object(opened.args.view).close, 'Close goes back to the Home tab').to.deep.include({ type: 'plain_text' });
    expect(api.callsTo('views.publish').filter((c) => api.calls.indexOf(c) >= from), 'the Home tab is not replaced').to.have.length(0);

    // A button in the modal (Update) changes the modal, not the Home tab.
    const update = buttonsIn(opened.args.view).find((b) => b.value.includes('milestone.edit'));
    expect(update, 'an Update button in the details').to.not.equal(undefined);
    const viewId = String(Object(opened.response?.view).id);
    const click = api.calls.length;
    await postSlack(bot.url, viewClick(owner, update?.value ?? '', { id: viewId, type: 'modal' }, 'trigger-in-modal'));
    const changed = await api.waitFor('views.update', (c) => c.args.view_id === viewId, { from: click });
    expect(JSON.stringify(changed.args.view)).to.include('"type":"input"');
    expect(api.calls.slice(click).filter((c) => c.method === 'views.publish' || c.method === 'views.open')).to.have.length(0);
  });

  it('answers the same `forum/home` event over /api/messages with the same card', async () => {
    const officer = teamsUser('Tam Teams');
    await registerTeamsPerson(bot.store, officer, ['member'], 'voluntary-action-rotherham');
    await assignOwner(bot.store, dueSoon.id, `P-${officer.aadObjectId.slice(0, 8)}`);
    const answer = await postActivity(bot.url, baseActivity('event', { from: officer, overrides: { name: 'forum/home' } }));
    expect(answer.status).to.equal(200);
    expect(answer.activities).to.have.length(1);
    const card = cardOf(answer.activities[0]);
    const text = cardText(card);
    expect(text).to.include('You are Tam Teams');
    expect(text).to.include('Due this week (1)');
    expect(text).to.include(dueSoon.id);
    expect(cardButtons(card).map((b) => b.verb)).to.include.members(['milestone.show', 'milestone.edit', 'milestones.page', 'summary.show', 'help.show']);
  });

  it('gives the same Home in a Teams 1:1 chat when the person types `home`, its buttons opening dialogs over it', async () => {
    const officer = teamsUser('Tia Teams');
    await registerTeamsPerson(bot.store, officer, ['member'], 'voluntary-action-rotherham');
    const answer = await postActivity(bot.url, messageActivity('home', { from: officer }));
    const card = cardOf(answer.activities[0]);
    expect(cardText(card)).to.include('You are Tia Teams').and.include('Due this week').and.include('Next forum meeting').and.include('Community intelligence');
    const nav = cardButtons(card).filter((b) => ['My milestones', 'Due this week', 'Overdue', 'Plan summary', 'Help', 'Meeting pack', 'My reports'].includes(b.title));
    expect(nav.length).to.be.greaterThan(6);
    expect(nav.every((b) => b.dialog), 'each opens over the Home (a dialog), so closing it goes back').to.equal(true);
  });
});
