// Conformance: Slack Connect. Someone from a partner organisation's own workspace, in a channel
// shared with ours, @mentions the app (fixtures/slack-connect.ts: the envelope names their team,
// `authorizations` ours, the event carries user_team/source_team). When ALLOWED_SLACK_TEAMS lists
// their workspace they are answered like anyone of ours; when it does not, they get one polite line
// that only they see, and nothing else happens (no forum data read or written, nothing posted).
import { expect } from 'chai';
import { COLLECTION_NAMES } from '../../../src/domain/model.ts';
import { removeTempDirs } from '../../helpers/temp-dir.ts';
import { IDS } from './fixtures/ids.ts';
import { sharedChannelMention } from './fixtures/slack-connect.ts';
import { freshIds, person, startConformance, type Conformance } from './harness.ts';
import { textOf } from '../../helpers/stand-in-slack-api.ts';

describe('Slack conformance: people from another organisation (Slack Connect)', function () {
  const partner = person('Pia Partner', IDS.partnerTeam);
  let slack: Conformance | undefined;
  afterEach(async () => {
    await slack?.stop();
    slack = undefined;
  });
  after(removeTempDirs);

  const forumData = (s: Conformance) => COLLECTION_NAMES.filter((c) => c !== 'receivedEvents').map((c) => s.bot.store.collectionVersion(c)).join(',');

  it('answers a partner\'s @mention in the shared channel when their workspace is allowed, knowing them by their own team', async () => {
    slack = await startConformance({ ALLOWED_SLACK_TEAMS: `${IDS.team},${IDS.partnerTeam}` });
    await slack.register(partner, ['member'], 'voluntary-action-rotherham');
    const from = slack.mark();
    expect((await slack.post(sharedChannelMention(partner, 'whoami', freshIds()))).status).to.equal(200);
    // `whoami` is about the person: only they see it, in a thread under the mention.
    const answer = await slack.api.waitFor('chat.postEphemeral', (c) => c.args.channel === IDS.sharedChannel && c.args.user === partner.user, { from });
    expect(String(answer.args.text)).to.include('You are Pia Partner').and.include(`slack:${IDS.partnerTeam}:${partner.user}`);
  });

  it('refuses a partner whose workspace is not allowed: one line to them only, nothing else', async () => {
    slack = await startConformance({ ALLOWED_SLACK_TEAMS: IDS.team });
    const before = forumData(slack);
    const from = slack.mark();
    expect((await slack.post(sharedChannelMention(partner, 'milestones overdue', freshIds()))).status).to.equal(200);
    const refusal = await slack.api.waitFor('chat.postEphemeral', (c) => c.args.user === partner.user, { from });
    expect(refusal.args.channel).to.equal(IDS.sharedChannel);
    expect(String(refusal.args.text)).to.include('this Slack workspace is not set up to use it');
    const calls = slack.api.calls.slice(from).map((c) => c.method);
    expect(calls, 'no post, no look-up of who they are').to.deep.equal(['chat.postEphemeral']);
    expect(forumData(slack)).to.equal(before);
    expect(slack.bot.logs.some((l) => l.msg === 'refused a Slack workspace not on the allow-list' && l.team === IDS.partnerTeam)).to.equal(true);
  });

  it('refuses the partner\'s slash command from their workspace the same way, through its response_url', async () => {
    slack = await startConformance({ ALLOWED_SLACK_TEAMS: IDS.team });
    const { from, responseUrl } = await slack.command(partner, 'summary', { teamDomain: IDS.partnerDomain, channel: IDS.sharedChannel });
    const refusal = await slack.api.waitFor('response_url', (c) => c.path === new URL(responseUrl).pathname, { from });
    expect(String(refusal.args.text)).to.include('this Slack workspace is not set up to use it');
    expect(refusal.args.response_type).to.equal('ephemeral');
  });

  describe('giving a role to someone of another workspace (Slack Connect), whom the app cannot message directly', () => {
    const admin = person('Ada Admin');
    const addPerson = async (account: string, roles: string[]) => {
      if (!slack) throw new Error('not started');
      const { from, triggerId } = await slack.command(admin, 'add person');
      const form = await slack.opened(triggerId, from);
      return slack.submit(admin, form, { displayName: 'Pia Partner', account, organisationId: 'rmbc', roles });
    };

    it('warns the admin in the form\'s answer, and says the role was still given', async () => {
      slack = await startConformance({ ALLOWED_SLACK_TEAMS: `${IDS.team},${IDS.partnerTeam}` });
      await slack.register(admin, ['admin'], 'rmbc');
      const answer = await addPerson(`slack:${IDS.partnerTeam}:${partner.user}`, ['member', 'intel-reviewer']);
      const text = textOf(Object(answer.json).view);
      expect(text).to.include('Added Pia Partner').and.include('belongs to another Slack workspace').and.include('was still given');
      const added = slack.bot.store.all('people').find((p) => p.displayName === 'Pia Partner');
      expect(added?.roles).to.include('intel-reviewer');
      expect(added?.identities).to.deep.equal([{ platform: 'slack', teamId: IDS.partnerTeam, userId: partner.user }]);
    });

    it('no warning for a member of the forum\'s own workspace', async () => {
      slack = await startConformance({ ALLOWED_SLACK_TEAMS: IDS.team });
      await slack.register(admin, ['admin'], 'rmbc');
      const text = textOf(Object((await addPerson(`slack:${IDS.team}:U0COLLEAGUE`, ['coordinator'])).json).view);
      expect(text).to.include('Added Pia Partner').and.not.include('Warning');
    });
  });
});
