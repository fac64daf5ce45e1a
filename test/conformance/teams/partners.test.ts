// Partners from other organisations in Teams, over /api/messages with fixtures in the shapes
// Microsoft documents (fixtures/message-shared-channel-external-member.json, message-guest-user.json,
// compose-extension-fetch-task-message.json) and the Bot Connector's member lookup answered by the
// stand-in as "Get single member details" shows it (tenantId, userRole):
// - a member of the council's shared channel from another tenant is known by their object id with
//   their OWN tenant (not the host's), may use the channel's features, is refused the private ones
//   with why and what to do, and is refused altogether when their tenant is not allowed;
// - a B2B guest (an account of the council's tenant) uses everything, with no lookup;
// - an admin giving a role to someone the bot cannot reach privately is warned in the reply.
import { expect } from 'chai';
import { registerTeamsPerson } from '../../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../../helpers/stand-in-connector.ts';
import { cardActionActivity, cardOf, cardText, invokeResult, messageActivity, postActivity, TENANT, teamsUser, type Activity } from '../../helpers/teams-activities.ts';
import { ownerOfAMilestone, teamsFixture } from '../../helpers/teams-fixtures.ts';
import { removeTempDirs } from '../../helpers/temp-dir.ts';

/** The partner organisation's own tenant (another Microsoft 365 than the council's). */
const PARTNER_TENANT = 'e0e0e0e0-0000-4000-8000-0000000000f2';
const NOT_ALLOWED_TENANT = 'd0d0d0d0-0000-4000-8000-0000000000d3';
/** As in the fixture: the shared-channel member's Teams id and object id in their own tenant. */
const EXTERNAL = { id: '29:1xyzOfficerFromAnotherOrganisation', name: 'Pat External', aadObjectId: 'b7e7e7e7-0000-4000-8000-00000000e001' };
const SHARED_CHANNEL = '19:sharedForumChannel@thread.tacv2';

describe('Teams partners: shared-channel members of other tenants, guests, and roles given to people the bot cannot reach', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const admin = teamsUser('Ada Admin');
  let milestoneId = '';

  const values = (text: string): Record<string, string> => ({ TENANT, BOT_ID: '28:forum-bot', SERVICE_URL: connector.url, TEXT: text, MILESTONE_ID: milestoneId });
  /** The external member's message in the shared channel, replies in the HTTP response. */
  const inSharedChannel = async (text: string) => {
    const answer = await postActivity(bot.url, teamsFixture('message-shared-channel-external-member', values(text), { deliveryMode: 'expectReplies' }));
    expect(answer.status).to.equal(200);
    return answer.activities.map((a) => String(a.text ?? cardText(cardOf(a)))).join('\n');
  };
  const lookups = () => connector.calls.filter((c) => c.method === 'GET' && c.path.includes(`/members/${encodeURIComponent(EXTERNAL.id)}`));
  const lastSeq = () => bot.store.info().lastSeq;

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot({ ALLOWED_TENANTS: `${TENANT},${PARTNER_TENANT}` });
    await registerTeamsPerson(bot.store, admin, ['admin']);
    // Pat was registered with their own organisation's account, and owns a milestone.
    milestoneId = (await ownerOfAMilestone(bot.store, { ...EXTERNAL }, ['member'], PARTNER_TENANT)).milestoneId;
    connector.setMember({ ...EXTERNAL, tenantId: PARTNER_TENANT, userRole: 'user' });
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  describe('a shared-channel member from another tenant', () => {
    it('is known by their own tenant, learnt from the Bot Connector (the activity names only the host tenant): whoami gives the code with their tenant', async () => {
      const before = lookups().length;
      const text = await inSharedChannel('whoami');
      expect(text).to.include('You are Pat External').and.include(`teams:${EXTERNAL.aadObjectId}@${PARTNER_TENANT}`);
      expect(lookups().length, 'the Connector was asked once').to.equal(before + 1);
    });

    it('uses the channel features as themselves: the owner gets the update form of their milestone (and the lookup is remembered)', async () => {
      const before = lookups().length;
      const text = await inSharedChannel(`update ${milestoneId}`);
      expect(text).to.not.include('Only the milestone owner');
      expect(text).to.include(milestoneId);
      expect(lookups().length, 'no second lookup within minutes').to.equal(before);
    });

    for (const command of ['log intel', 'home', 'intel']) {
      it(`is refused "${command}" (private), saying why and what to do; nothing written`, async () => {
        const seq = lastSeq();
        const text = await inSharedChannel(command);
        expect(text).to.include('private features').and.include('Teams does not let me chat with people of another organisation 1:1').and.include('as a guest');
        expect(text).to.include('update the milestones you own');
        expect(lastSeq()).to.equal(seq);
      });
    }

    it('is refused "Log as community intelligence" from a message\'s menu: the dialog says why, nothing is written', async () => {
      const seq = lastSeq();
      const base = teamsFixture('compose-extension-fetch-task-message', { ...values(''), COMMAND_ID: 'logIntel', FROM_AAD: EXTERNAL.aadObjectId, MESSAGE_HTML: '<p>Something heard</p>' });
      const shared: Activity = {
        ...base,
        from: { id: EXTERNAL.id, name: EXTERNAL.name, aadObjectId: EXTERNAL.aadObjectId },
        conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${SHARED_CHANNEL};messageid=1764932400000` },
        channelData: { channel: { type: 'shared', id: SHARED_CHANNEL, name: 'Forum partners (shared)' }, team: { id: '19:teamGeneralChannelOfTheForum@thread.tacv2' }, tenant: { id: TENANT }, source: { name: 'compose' } },
      };
      const answer = await postActivity(bot.url, shared);
      // A message action's answer is always a dialog (a card with the refusal, no form).
      const task = (answer.body as { task?: { type?: string; value?: { card?: { content?: unknown } } } }).task;
      expect(task?.type).to.equal('continue');
      expect(cardText(task?.value?.card?.content)).to.include('Teams does not let me chat with people of another organisation 1:1');
      expect(JSON.stringify(task?.value?.card?.content)).to.not.include('Input.');
      expect(lastSeq()).to.equal(seq);
    });

    it('is refused altogether when their own tenant is not on ALLOWED_TENANTS (the host tenant is)', async () => {
      connector.setMember({ ...EXTERNAL, id: '29:1xyzSomeoneElsewhere', tenantId: NOT_ALLOWED_TENANT, userRole: 'user' });
      const answer = await postActivity(bot.url, teamsFixture('message-shared-channel-external-member', values('summary'), { deliveryMode: 'expectReplies', from: { id: '29:1xyzSomeoneElsewhere', name: 'Sam Elsewhere', aadObjectId: 'c3c3c3c3-0000-4000-8000-0000000000c3' } }));
      expect(String(answer.activities[0]?.text)).to.include('tenant is not set up to use it');
      expect(answer.activities).to.have.length(1);
    });

    it('when the Connector cannot say whose they are: someone the forum does not know (channel reading only), and a warning in the log', async () => {
      const answer = await postActivity(bot.url, teamsFixture('message-shared-channel-external-member', values(`update ${milestoneId}`), { deliveryMode: 'expectReplies', from: { id: '29:1xyzNotInTheRoster', name: 'Nic Unknown', aadObjectId: EXTERNAL.aadObjectId } }));
      expect(String(answer.activities[0]?.text)).to.include('Only the milestone owner');
      expect(bot.logs.some((l) => String(l.msg).includes('could not ask the Bot Connector which tenant'))).to.equal(true);
    });
  });

  describe('a B2B guest (an account of the council\'s tenant)', () => {
    const guestAad = 'a1b2c3d4-0000-4000-8000-00000000c0e5';
    before(async () => {
      await registerTeamsPerson(bot.store, { id: '29:1xyzGuestFromAPartnerCharity', name: 'Gita Guest', aadObjectId: guestAad }, ['member'], 'vcs');
    });

    it('uses every feature in their 1:1 chat: the private report form opens, and the Connector is not asked', async () => {
      const before = connector.calls.length;
      const answer = await postActivity(bot.url, teamsFixture('message-guest-user', values(''), { deliveryMode: 'expectReplies' }));
      expect(answer.status).to.equal(200);
      const text = answer.activities.map((a) => String(a.text ?? cardText(cardOf(a)))).join('\n');
      expect(text).to.not.include('private features');
      expect(text.toLowerCase()).to.include('intelligence');
      expect(connector.calls.length).to.equal(before);
    });
  });

  describe('giving a role to someone the bot cannot reach privately', () => {
    const saveInSharedChannel = (data: Record<string, unknown>) =>
      postActivity(
        bot.url,
        cardActionActivity('person.save', data, {
          from: admin,
          conversation: 'channel',
          conversationId: `${SHARED_CHANNEL};messageid=1764931500000`,
          serviceUrl: connector.url,
          overrides: { channelData: { channel: { type: 'shared', id: SHARED_CHANNEL }, team: { id: '19:teamGeneralChannelOfTheForum@thread.tacv2' }, tenant: { id: TENANT } } },
        }),
      );

    it('warns the admin in the reply, and says the role was still given', async () => {
      connector.setMember({ id: admin.id, name: admin.name, aadObjectId: admin.aadObjectId, tenantId: TENANT, userRole: 'user' });
      const partnerAad = 'b7e7e7e7-0000-4000-8000-00000000e0f9';
      const answer = await saveInSharedChannel({ displayName: 'Priya Police', account: `teams:${partnerAad}@${PARTNER_TENANT}`, organisationId: 'rmbc', roles: 'intel-reviewer' });
      const text = cardText(invokeResult(answer).value);
      expect(text).to.include('Added Priya Police').and.include('Warning: Priya Police belongs to another organisation').and.include('was still given');
      const saved = bot.store.all('people').find((p) => p.displayName === 'Priya Police');
      expect(saved?.roles).to.deep.equal(['intel-reviewer']);
      expect(saved?.identities).to.deep.equal([{ platform: 'teams', aadObjectId: partnerAad, tenantId: PARTNER_TENANT }]);
    });

    it('no warning for an account of the council\'s own tenant (a code without a tenant is the host\'s)', async () => {
      const answer = await saveInSharedChannel({ displayName: 'Colin Council', account: 'teams:a1b2c3d4-0000-4000-8000-0000000000aa', organisationId: 'rmbc', roles: 'coordinator' });
      const text = cardText(invokeResult(answer).value);
      expect(text).to.include('Added Colin Council').and.not.include('Warning');
    });

    it('naming an owner the bot cannot reach: the coordinator alone is told, with the ownership given', async () => {
      const other = bot.store.all('milestones').find((m) => m.id !== milestoneId && m.status !== 'complete');
      if (!other) throw new Error('no second milestone');
      const partner = bot.store.all('people').find((p) => p.displayName === 'Pat External');
      const answer = await postActivity(bot.url, cardActionActivity('milestone.assign', { id: other.id, personId: partner?.id }, { from: admin, serviceUrl: connector.url }));
      const result = invokeResult(answer);
      expect(String(result.value)).to.include('named the owner').and.include('Warning: Pat External belongs to another organisation').and.include('Ownership was still given');
      expect(bot.store.get('milestones', other.id)?.owner.personId).to.equal(partner?.id);
    });
  });

  it('a plain message from the council\'s tenant is unaffected (no lookup outside shared channels)', async () => {
    const before = connector.calls.length;
    const answer = await postActivity(bot.url, messageActivity('whoami', { from: admin }));
    expect(String(answer.activities[0]?.text)).to.include('You are Ada Admin').and.include(`teams:${admin.aadObjectId}\``);
    expect(connector.calls.length).to.equal(before);
  });
});
