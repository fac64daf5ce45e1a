// Teams' own shapes, through /api/messages with Bot Framework authentication on: each fixture in
// fixtures/ is an activity as Microsoft's documentation or samples show it (ids changed, source
// named in the file), and each test checks what the bot made of it: the answer, and what it
// wrote or did not write.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Person } from '../../../src/domain/model.ts';
import { AUTHED_APP_ID, startAuthedTeamsBot, type AuthedTeamsBot } from '../../helpers/authed-teams-bot.ts';
import { cardButtons, cardOf, cardText, TENANT, type Activity, type BotAnswer } from '../../helpers/teams-activities.ts';
import { removeTempDirs } from '../../helpers/temp-dir.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const CHANNEL = '19:5f0c1d2e3a4b4c5d8e9f0a1b2c3d4e5f@thread.tacv2';

interface Fixture {
  source: string;
  changed: string;
  activity: Activity;
}

const PEOPLE: { id: string; name: string; aad: string; roles: Person['roles']; tenant?: string }[] = [
  { id: 'P-COORD', name: 'Cora Coordinator', aad: 'a1b2c3d4-0000-4000-8000-00000000c001', roles: ['coordinator'] },
  { id: 'P-OWNER', name: 'Owen Owner', aad: 'a1b2c3d4-0000-4000-8000-00000000c002', roles: ['member'] },
];

describe('Teams conformance: activities in the shapes Microsoft documents, with authentication on', function () {
  let teams: AuthedTeamsBot;
  let milestoneId = '';
  const values = () => ({ TENANT, BOT_ID: `28:${AUTHED_APP_ID}`, SERVICE_URL, MILESTONE_ID: milestoneId, VERSION: String(teams.bot.store.get('milestones', milestoneId)?.version ?? 1) });

  /** The fixture with its placeholders filled in; non-invokes ask for their replies in the response. */
  function fixture(name: string, overrides: Activity = {}): Activity {
    const text = readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8').replace(/\$\{(\w+)\}/g, (_m, key: string) => values()[key as keyof ReturnType<typeof values>] ?? `\${${key}}`);
    const parsed = JSON.parse(text) as Fixture;
    expect(parsed.source, `${name} names its source`).to.match(/docs|issue|sample/i);
    const activity = { ...parsed.activity, ...overrides };
    return activity.type === 'invoke' ? activity : { ...activity, deliveryMode: 'expectReplies' };
  }
  const send = async (name: string, overrides: Activity = {}): Promise<BotAnswer> => {
    const answer = await teams.post(fixture(name, overrides));
    expect(answer.status, `${name}: ${JSON.stringify(answer.body)?.slice(0, 200)}`).to.equal(200);
    return answer;
  };
  const errorLines = () => teams.bot.logs.filter((l) => Number(l.level) >= 50).map((l) => String(l.msg));
  const lastSeq = () => teams.bot.store.info().lastSeq;

  before(async () => {
    teams = await startAuthedTeamsBot({ ALLOWED_TENANTS: TENANT });
    const setup = { actor: { name: 'conformance setup' }, via: 'cli' } as const;
    const milestone = teams.bot.store.all('milestones').find((m) => m.status === 'on-track');
    if (!milestone) throw new Error('no on-track milestone in the seed');
    milestoneId = milestone.id;
    await teams.bot.store.transact(setup, (tx) => {
      for (const p of PEOPLE) tx.put('people', { id: p.id, displayName: p.name, organisationId: 'rmbc', roles: p.roles, identities: [{ platform: 'teams', aadObjectId: p.aad, tenantId: p.tenant ?? TENANT }], createdAt: tx.now, updatedAt: tx.now }, { action: 'person.add' });
      tx.put('milestones', { ...milestone, owner: { ...milestone.owner, personId: 'P-OWNER' } }, { action: 'milestone.assign' });
      tx.put('subscriptions', { id: 'SUB-CONF', target: { platform: 'teams', conversationId: `${CHANNEL};messageid=1764000000000`, conversationReference: { conversation: { id: `${CHANNEL};messageid=1764000000000` }, serviceUrl: SERVICE_URL } }, kinds: ['meeting-reminders'], label: 'Stronger Communities Forum › Forum reminders', createdBy: 'Cora Coordinator', createdAt: tx.now }, { action: 'subscription.add' });
    });
  });
  after(async () => {
    expect(errorLines(), 'no error-level log line from any fixture').to.deep.equal([]);
    await teams.stop();
    removeTempDirs();
  });

  describe('installationUpdate', () => {
    for (const scope of ['personal', 'groupchat', 'team']) {
      it(`add in ${scope} scope: 200, no reply (the welcome comes with conversationUpdate), nothing written`, async () => {
        const before = lastSeq();
        const answer = await send(`installation-update-add-${scope}`);
        expect(answer.activities).to.deep.equal([]);
        expect(lastSeq()).to.equal(before);
      });
    }
    it('remove in a team: 200 and nothing written (a subscription there stops at its first refused post)', async () => {
      const before = lastSeq();
      expect((await send('installation-update-remove-team')).activities).to.deep.equal([]);
      expect(lastSeq()).to.equal(before);
    });
  });

  describe('conversationUpdate with the bot among membersAdded', () => {
    it('in a team: a welcome for the channel that names nobody', async () => {
      const text = cardText(cardOf((await send('conversation-update-bot-added-team')).activities[0]));
      expect(text).to.include('Stronger Communities Forum').and.include('@mention me').and.include('subscribe reminders');
      expect(text).to.not.include('Cora').and.not.match(/roles?:/);
    });
    it('in a group chat: the same welcome, naming nobody', async () => {
      const text = cardText(cardOf((await send('conversation-update-bot-added-groupchat')).activities[0]));
      expect(text).to.include('@mention me').and.not.include('Cora');
    });
    it('in a 1:1 chat: the welcome tells the person who they are to the forum', async () => {
      const text = cardText(cardOf((await send('conversation-update-bot-added-personal')).activities[0]));
      expect(text).to.include('You are Cora Coordinator').and.include('roles: coordinator');
    });
  });

  describe('messages that @mention the bot', () => {
    it('in a channel: the mention is stripped and the command answered (summary)', async () => {
      const text = cardText(cardOf((await send('message-mention-channel')).activities[0]));
      expect(text).to.include('Building Stronger Communities: action plan');
    });
    it('in a group chat: milestones overdue, the whole plan (not "mine")', async () => {
      const text = cardText(cardOf((await send('message-mention-groupchat')).activities[0]));
      expect(text).to.include('Overdue').and.not.include('Your milestones');
    });
  });

  it('adaptiveCard/action: the verb is routed and the answer is the card that replaces the clicked one', async () => {
    const answer = await send('adaptive-card-action');
    const body = answer.body as { statusCode?: number; type?: string; value?: unknown };
    expect(body.statusCode).to.equal(200);
    expect(body.type).to.equal('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).to.include('Overdue');
  });

  describe('dialogs', () => {
    it('task/fetch: the form opens in a dialog (a TaskInfo with the card), its buttons Action.Submit', async () => {
      const body = (await send('task-fetch')).body as { task?: { type?: string; value?: { title?: string; card?: { contentType?: string; content?: unknown } } } };
      expect(body.task?.type).to.equal('continue');
      expect(body.task?.value?.title).to.include(milestoneId);
      expect(body.task?.value?.card?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
      const card = body.task?.value?.card?.content;
      expect(JSON.stringify(card)).to.include('"id":"status"').and.not.include('Action.Execute');
      expect(cardButtons(card).map((b) => b.title), 'Save and Cancel, as Action.Submit').to.include.members(['Save', 'Cancel']);
    });
    it('task/fetch from a Home button (My milestones): the list opens in a dialog over the Home, its buttons working there', async () => {
      const fetched = fixture('task-fetch');
      const body = (await send('task-fetch', { id: 'f:2b8d0c4e-0000-4000-8000-0000000000db', value: { ...Object(fetched.value), data: { msteams: { type: 'task/fetch' }, verb: 'milestones.page', query: 'milestones mine', page: 1 } } })).body as { task?: { type?: string; value?: { card?: { content?: unknown } } } };
      expect(body.task?.type, JSON.stringify(body).slice(0, 300)).to.equal('continue');
      expect(JSON.stringify(body.task?.value?.card?.content)).to.match(/milestones?/i).and.not.include('Action.Execute');
    });
    it('task/fetch by someone who may not update it: the dialog says why, no form', async () => {
      const body = (await send('task-fetch', { id: 'f:2b8d0c4e-0000-4000-8000-0000000000d9', from: { id: '29:1xyzSomeoneElse', name: 'Sam Else', aadObjectId: 'a1b2c3d4-0000-4000-8000-0000000000ff' } })).body as { task?: { type?: string; value?: unknown } };
      expect(body.task?.type, JSON.stringify(body)).to.equal('message');
      expect(String(body.task?.value)).to.include('Only the milestone owner');
    });
    it('task/submit: a form with problems comes back in the dialog with each problem under its field; nothing saved', async () => {
      const before = teams.bot.store.get('milestones', milestoneId)?.version;
      const body = (await send('task-submit')).body as { task?: { type?: string; value?: { card?: { content?: { body: Record<string, unknown>[] } } } } };
      expect(body.task?.type).to.equal('continue');
      const items = JSON.stringify(body.task?.value?.card?.content);
      // The progress note's problem sits right after the progress note input.
      expect(items).to.match(/"id":"commentary"[^}]*\}(,\{[^{}]*"type":"TextBlock"[^{}]*needs a progress note)/);
      expect(teams.bot.store.get('milestones', milestoneId)?.version).to.equal(before);
    });
    it('task/submit: a valid form saves and closes the dialog with what was done', async () => {
      const version = teams.bot.store.get('milestones', milestoneId)?.version ?? 0;
      const activity = fixture('task-submit');
      const value = activity.value as { data: Record<string, unknown> };
      const body = (await teams.post({ ...activity, id: 'f:2b8d0c4e-0000-4000-8000-0000000000da', value: { ...value, data: { ...value.data, status: 'on-track', commentary: 'Checked in the dialog.' } } })).body as { task?: { type?: string; value?: unknown } };
      expect(body.task?.type, JSON.stringify(body)).to.equal('message');
      expect(String(body.task?.value)).to.include('Saved by Owen Owner').and.include(`version ${version + 1}`);
      expect(teams.bot.store.get('milestones', milestoneId)?.commentary).to.equal('Checked in the dialog.');
    });
  });

  it('a guest (an account of the host tenant the forum does not know): answered as someone not known yet, nothing written', async () => {
    const before = lastSeq();
    const answer = await send('message-guest-user');
    expect(String(answer.activities[0]?.text)).to.include('I need to know who you are before you can log intelligence');
    expect(lastSeq()).to.equal(before);
  });

  // A shared-channel member of another organisation: partners.test.ts (the bot asks the Bot
  // Connector for the member's own tenant, which this authenticated harness cannot answer).

  describe('channel events', () => {
    it('channelRenamed: the subscription is listed under the new name', async () => {
      await send('conversation-update-channel-renamed');
      expect(teams.bot.store.get('subscriptions', 'SUB-CONF')?.label).to.equal('Stronger Communities Forum › Forum meeting reminders');
    });
    it('channelDeleted: the subscription stops and says why', async () => {
      await send('conversation-update-channel-deleted');
      expect(teams.bot.store.get('subscriptions', 'SUB-CONF')?.inactive?.reason).to.equal('the Teams channel was deleted');
    });
  });
});
