// The right card for each person in a shared conversation (issue 18 §3), over /api/messages with
// Bot Framework authentication on. A milestone card shared in a channel carries a Universal Actions
// `refresh` (fixtures/adaptive-card-refresh.json, in the shape Microsoft documents) listing who may
// update it (at most 60; above that a Refresh button); the bot answers each viewer's refresh with
// their own card. A client that ignores `refresh` shows the card as posted, which must be right
// and safe as it is: dated, and its Update a dialog that checks permission when it opens and when
// it is submitted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { AUTHED_APP_ID, startAuthedTeamsBot, type AuthedTeamsBot } from '../../helpers/authed-teams-bot.ts';
import { assignOwner, registerTeamsPerson } from '../../helpers/forum-people.ts';
import { cardButtons, cardText, invokeResult, TENANT, teamsUser, type Activity, type TeamsUser } from '../../helpers/teams-activities.ts';
import { removeTempDirs } from '../../helpers/temp-dir.ts';
import { startCardBrowser } from '../../helpers/card-in-browser.ts';
import { MAX_REFRESH_USERS } from '../../../src/bot/views/milestone-refresh.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const CHANNEL = '19:5f0c1d2e3a4b4c5d8e9f0a1b2c3d4e5f@thread.tacv2';
const setup = { actor: { name: 'test setup' }, via: 'cli' } as const;

type Card = Record<string, unknown> & { refresh?: { action?: { type?: string; verb?: string; data?: Record<string, unknown> }; userIds?: string[] } };

describe('Teams: a shared milestone card is right for each viewer (Universal Actions refresh, userIds at most 60)', function () {
  let teams: AuthedTeamsBot;
  const owner = teamsUser('Owen Owner', 'a1b2c3d4-0000-4000-8000-00000000c002');
  const coordinator = teamsUser('Cora Coordinator', 'c1b2c3d4-0000-4000-8000-00000000c001');
  const member = teamsUser('Mo Member', 'e1b2c3d4-0000-4000-8000-00000000c003');
  const stranger = teamsUser('Sam Stranger', 'f1b2c3d4-0000-4000-8000-00000000c0ff');
  let milestoneId = '';
  let otherId = '';
  let sent = 0;

  function fixture(name: string, who: TeamsUser, values: Record<string, string>): Activity {
    const all: Record<string, string> = { TENANT, BOT_ID: `28:${AUTHED_APP_ID}`, SERVICE_URL, FROM_ID: who.id, FROM_NAME: who.name, FROM_AAD: who.aadObjectId, PARAMETER: 'query', MILESTONE_ID: milestoneId, TRIGGER: 'automatic', ...values };
    const text = readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8').replace(/\$\{(\w+)\}/g, (_m, key: string) => JSON.stringify(all[key] ?? `\${${key}}`).slice(1, -1));
    const parsed = JSON.parse(text) as { source: string; activity: Activity };
    expect(parsed.source, `${name} names its source`).to.match(/docs|sample/i);
    sent += 1;
    return { ...parsed.activity, id: `${String(parsed.activity.id)}-${sent}`, from: { id: who.id, name: who.name, aadObjectId: who.aadObjectId } };
  }
  const post = async (activity: Activity) => {
    const answer = await teams.post(activity);
    expect(answer.status, JSON.stringify(answer.body)?.slice(0, 300)).to.equal(200);
    return answer;
  };
  /** The card the search puts into the message: what everyone in the channel sees as posted. */
  const sharedCard = async (id: string, who: TeamsUser = owner): Promise<Card> => {
    const answer = await post(fixture('compose-extension-query', who, { QUERY: id }));
    const card = (answer.body as { composeExtension?: { attachments?: { content: Card }[] } }).composeExtension?.attachments?.[0]?.content;
    if (!card) throw new Error(`no card for ${id}`);
    return card;
  };
  /** The invoke Teams sends to refresh the card for one viewer, and the card the bot answers. */
  const refreshed = async (who: TeamsUser, id = milestoneId, trigger = 'automatic'): Promise<Card> => {
    const answer = await post(fixture('adaptive-card-refresh', who, { MILESTONE_ID: id, TRIGGER: trigger }));
    const result = invokeResult(answer);
    expect(result.type).to.equal('application/vnd.microsoft.card.adaptive');
    return result.value as Card;
  };
  const titles = (card: unknown) => cardButtons(card).map((b) => b.title);

  before(async () => {
    teams = await startAuthedTeamsBot({ ALLOWED_TENANTS: TENANT, PUBLIC_URL: 'https://forum-bot.example.org' });
    const ownerPerson = await registerTeamsPerson(teams.bot.store, owner, ['member']);
    await registerTeamsPerson(teams.bot.store, coordinator, ['coordinator']);
    await registerTeamsPerson(teams.bot.store, member, ['member']);
    const [first, second] = teams.bot.store.all('milestones').filter((m) => m.status === 'on-track');
    if (!first || !second) throw new Error('the seed has fewer than two on-track milestones');
    milestoneId = first.id;
    otherId = second.id;
    await assignOwner(teams.bot.store, milestoneId, ownerPerson.id);
  });
  after(async () => {
    await teams.stop();
    removeTempDirs();
  });

  it('the card as posted carries refresh (Action.Execute, verb milestone.refresh) for exactly the people who may update it, as 8:orgid ids', async () => {
    const card = await sharedCard(milestoneId);
    expect(card.refresh?.action).to.deep.equal({ type: 'Action.Execute', title: 'Refresh', verb: 'milestone.refresh', data: { id: milestoneId } });
    const ids = card.refresh?.userIds ?? [];
    expect(ids).to.include(`8:orgid:${owner.aadObjectId}`).and.include(`8:orgid:${coordinator.aadObjectId}`);
    expect(ids).not.to.include(`8:orgid:${member.aadObjectId}`);
    expect(ids.length).to.be.at.most(MAX_REFRESH_USERS);
    // As posted, for everyone: dated, and Update (a dialog); no Refresh button while Teams refreshes by itself.
    expect(cardText(card)).to.include('Status as of');
    expect(titles(card)).to.deep.equal(['Current details', 'Update']);
  });

  it('answers the refresh per viewer: the owner and a coordinator get Update, a member and a stranger do not; all see the current status', async () => {
    for (const who of [owner, coordinator]) expect(titles(await refreshed(who)), who.name).to.deep.equal(['Current details', 'Update']);
    for (const who of [member, stranger]) {
      const card = await refreshed(who, milestoneId, 'manual');
      expect(titles(card), who.name).to.deep.equal(['Current details']);
      expect(cardText(card)).to.include(`Milestone ${milestoneId}`);
      // The answer keeps its refresh, so the card goes on refreshing.
      expect(card.refresh?.action?.verb).to.equal('milestone.refresh');
    }
  });

  it('after a change, a refresh shows the new status while the card as posted stays dated', async () => {
    const posted = await sharedCard(milestoneId);
    await teams.bot.store.transact(setup, (tx) => {
      const m = tx.get('milestones', milestoneId);
      if (!m) throw new Error('gone');
      tx.put('milestones', { ...m, status: 'delayed', version: m.version + 1 }, { action: 'milestone.update' });
    });
    expect(cardText(posted)).to.include('Status as of').and.include('it may have changed since');
    expect(cardText(await refreshed(member))).to.include('Amber');
  });

  it('with more than 60 people who may update, lists no userIds and shows a Refresh button, which answers like the automatic refresh', async function () {
    this.timeout(30_000);
    await teams.bot.store.transact(setup, (tx) => {
      for (let i = 0; i < MAX_REFRESH_USERS + 1; i += 1) {
        const aad = `c0c0c0c0-0000-4000-8000-${String(i).padStart(12, '0')}`;
        tx.put('people', { id: `P-MANY-${i}`, displayName: `Coordinator ${i}`, organisationId: 'rmbc', roles: ['coordinator'], identities: [{ platform: 'teams', aadObjectId: aad, tenantId: TENANT }], createdAt: tx.now, updatedAt: tx.now }, { action: 'person.add' });
      }
    });
    try {
      const card = await sharedCard(otherId);
      expect(card.refresh?.action?.verb).to.equal('milestone.refresh');
      expect(card.refresh).not.to.have.property('userIds');
      const refresh = cardButtons(card).find((b) => b.title === 'Refresh');
      expect(refresh).to.deep.include({ verb: 'milestone.refresh', data: { id: otherId } });
      expect(titles(await refreshed(member, otherId, 'manual'))).to.deep.equal(['Current details', 'Refresh']);
      expect(titles(await refreshed(coordinator, otherId, 'manual'))).to.deep.equal(['Current details', 'Update', 'Refresh']);
    } finally {
      await teams.bot.store.transact(setup, (tx) => {
        for (let i = 0; i < MAX_REFRESH_USERS + 1; i += 1) tx.delete('people', `P-MANY-${i}`, { action: 'person.remove' });
      });
    }
  });

  it('a client that ignores refresh: the card as posted is safe, its Update refused to a member when the dialog opens and when it is submitted', async () => {
    const card = await sharedCard(milestoneId);
    const update = cardButtons(card).find((b) => b.title === 'Update');
    expect(update?.dialog, 'Update opens a dialog').to.equal(true);
    const before = teams.bot.store.get('milestones', milestoneId);
    const inChannel = { conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${CHANNEL};messageid=1764933000000` }, channelData: { channel: { id: CHANNEL }, tenant: { id: TENANT } } };
    // Opening the dialog from the posted card, as the member (task/fetch with the button's data).
    const opened = fixture('task-fetch', member, {});
    const fetchAnswer = (await post({ ...opened, ...inChannel, value: { data: { msteams: { type: 'task/fetch' }, verb: update?.verb, ...update?.data }, context: { theme: 'default' } } })).body as { task?: { type?: string; value?: unknown } };
    expect(fetchAnswer.task?.type).to.equal('message');
    expect(String(fetchAnswer.task?.value)).to.include('Only the milestone owner');
    // A forged submit (the form's data without having been given the form) is refused too.
    const submitted = fixture('task-submit', member, { VERSION: String(before?.version ?? 1) });
    const submitAnswer = (await post({ ...submitted, ...inChannel })).body as { task?: { type?: string; value?: unknown } };
    expect(String(submitAnswer.task?.value)).to.include('Only the milestone owner');
    expect(teams.bot.store.get('milestones', milestoneId)?.version).to.equal(before?.version);
  });

  it('each viewer’s card as Teams draws it (official renderer, Chromium): no parser problems', async function () {
    this.timeout(60_000);
    const browser = await startCardBrowser();
    try {
      for (const [label, who] of [['updater', owner], ['viewer', member]] as const) {
        const { page, problems } = await browser.render(await refreshed(who), 450);
        expect(problems, label).to.deep.equal([]);
        await browser.screenshot(page, `milestone-refresh-${label}`);
      }
    } finally {
      await browser.close();
    }
  });
});
