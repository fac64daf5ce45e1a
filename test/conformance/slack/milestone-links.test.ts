// A milestone's address pasted in Slack: the link_shared event (fixtures/link-shared.ts) answered
// with chat.unfurl, the milestone's card as blocks, for our workspace only; nothing for other links.
import { expect } from 'chai';
import { removeTempDirs } from '../../helpers/temp-dir.ts';
import { linkShared } from './fixtures/link-shared.ts';
import { blockSuggestion, globalShortcut, shareSubmission } from './fixtures/share-milestone.ts';
import { IDS } from './fixtures/ids.ts';
import { freshIds, person, type Conformance } from './harness.ts';
import { startSlackWithMilestone } from '../../helpers/slack-milestone-setup.ts';

const PUBLIC_URL = 'https://forum-bot.example.org';

describe('Slack: a pasted milestone link unfurls into its card', function () {
  this.timeout(30_000);
  let slack: Conformance;
  const member = person('Mo Member');
  const partner = person('Pat Partner', IDS.partnerTeam);
  let milestoneId = '';

  before(async () => {
    ({ slack, milestoneId } = await startSlackWithMilestone({ PUBLIC_URL, ALLOWED_SLACK_TEAMS: IDS.team }, member));
  });
  after(async () => {
    await slack.stop();
    removeTempDirs();
  });

  const share = async (who: typeof member, urls: string[], source?: 'composer') => {
    const from = slack.mark();
    const ids = freshIds();
    const answer = await slack.post(linkShared(who, urls, ids, source));
    expect(answer.status).to.equal(200);
    return { from, ids };
  };
  const unfurlsSince = async (from: number) => {
    // Events are answered after their acknowledgement: give the unfurl time to be sent.
    await slack.api.waitFor('chat.unfurl', () => true, { from, timeoutMs: 1500 }).catch(() => undefined);
    return slack.api.calls.slice(from).filter((c) => c.method === 'chat.unfurl');
  };

  it("a posted message's milestone link: chat.unfurl by channel and ts, the card without buttons", async () => {
    const url = `${PUBLIC_URL}/m/${milestoneId}`;
    const { from, ids } = await share(member, [url]);
    const [call] = await unfurlsSince(from);
    expect(call?.args).to.include({ channel: IDS.channel, ts: ids.ts });
    const unfurls = call?.args.unfurls as Record<string, { blocks: { type: string }[] }>;
    const text = JSON.stringify(unfurls[url]?.blocks);
    expect(text).to.include(`Milestone ${milestoneId}`).and.include('Status as of');
    expect(unfurls[url]?.blocks.some((b) => b.type === 'actions')).to.equal(false);
  });

  it('a link still being written (the composer): answered by unfurl_id and source', async () => {
    const url = `${PUBLIC_URL}/m/${milestoneId.toLowerCase()}`;
    const { from, ids } = await share(member, [url], 'composer');
    const [call] = await unfurlsSince(from);
    expect(call?.args).to.include({ unfurl_id: `C0CONFORM1.${ids.ts}.7baf6a3a4f0d`, source: 'composer' });
  });

  it('a message with several links (as the documented event lists them): every distinct milestone among the first five unfurled in one chat.unfurl; other links, intelligence ids and repeats not', async () => {
    const milestones = slack.bot.store.all('milestones').map((m) => m.id);
    const [a, b, c] = milestones.filter((id) => id !== milestoneId);
    if (!a || !b || !c) throw new Error('the seed has too few milestones');
    const urls = [
      `${PUBLIC_URL}/m/${milestoneId}`,
      `${PUBLIC_URL}/grants`,
      `${PUBLIC_URL}/m/INT-2026-0001`,
      `${PUBLIC_URL}/m/${milestoneId}`,
      `${PUBLIC_URL}/m/${a}`,
      `${PUBLIC_URL}/m/${b}`,
      // The sixth distinct link: past the bound, not asked about.
      `${PUBLIC_URL}/m/${c}`,
    ];
    const { from, ids } = await share(member, urls);
    const calls = await unfurlsSince(from);
    expect(calls, 'one chat.unfurl for the message').to.have.length(1);
    expect(calls[0]?.args).to.include({ channel: IDS.channel, ts: ids.ts });
    const unfurls = calls[0]?.args.unfurls as Record<string, { blocks: unknown[] }>;
    expect(Object.keys(unfurls).sort()).to.deep.equal([`${PUBLIC_URL}/m/${milestoneId}`, `${PUBLIC_URL}/m/${a}`, `${PUBLIC_URL}/m/${b}`].sort());
    expect(JSON.stringify(unfurls[`${PUBLIC_URL}/m/${a}`]?.blocks)).to.include(`Milestone ${a}`);
    expect(JSON.stringify(unfurls)).to.not.include('INT-2026');
  });

  it('other links on the domain, unknown milestones and another workspace: no unfurl', async () => {
    for (const url of [`${PUBLIC_URL}/m/BSC-99.9-M9`, `${PUBLIC_URL}/grants`]) expect(await unfurlsSince((await share(member, [url])).from), url).to.deep.equal([]);
    const { from } = await share(partner, [`${PUBLIC_URL}/m/${milestoneId}`]);
    expect(await unfurlsSince(from), 'another workspace').to.deep.equal([]);
    expect(slack.api.calls.slice(from).filter((c) => c.method.startsWith('chat.')), 'and no refusal posted').to.deep.equal([]);
  });
});

describe('Slack: Share a milestone (global shortcut, a searching menu, a post in the chosen channel)', function () {
  this.timeout(30_000);
  let slack: Conformance;
  const member = person('Mo Member');
  const partner = person('Pat Partner', IDS.partnerTeam);
  let milestoneId = '';

  before(async () => {
    ({ slack, milestoneId } = await startSlackWithMilestone({ PUBLIC_URL, ALLOWED_SLACK_TEAMS: IDS.team }, member, (m) => m.status === 'on-track'));
  });
  after(async () => {
    await slack.stop();
    removeTempDirs();
  });

  it('the shortcut opens the share modal: a milestone menu that searches as you type, and where to share it', async () => {
    const from = slack.mark();
    const ids = freshIds();
    expect((await slack.post(globalShortcut(member, ids))).status).to.equal(200);
    const opened = await slack.api.waitFor('views.open', (c) => c.args.trigger_id === ids.triggerId, { from });
    const view = opened.args.view as { callback_id: string; blocks: { element?: { type: string } }[] };
    expect(view.callback_id).to.equal('forum.share');
    expect(view.blocks.map((b) => b.element?.type).filter(Boolean)).to.deep.equal(['external_select', 'conversations_select']);
  });

  it('typing in the menu: options found by id or words, each "id: status · due · description" within 75 characters', async () => {
    const byId = await slack.post(blockSuggestion(member, 'V0SHARE001', milestoneId));
    const options = (byId.json as { options: { text: { text: string }; value: string }[] }).options;
    expect(options[0]?.value).to.equal(milestoneId);
    expect(options.every((o) => o.text.text.length <= 75)).to.equal(true);
    const none = await slack.post(blockSuggestion(member, 'V0SHARE001', 'zzzz-nothing'));
    expect(none.json).to.deep.equal({ options: [] });
  });

  it("another workspace's search finds nothing, and nobody is messaged", async () => {
    const from = slack.mark();
    const answer = await slack.post(blockSuggestion(partner, 'V0SHARE002', milestoneId));
    expect(answer.json).to.deep.equal({ options: [] });
    expect(slack.api.calls.slice(from).filter((c) => c.method.startsWith('chat.'))).to.deep.equal([]);
  });

  it('submitted: the milestone card is posted in the chosen channel, saying who shared it', async () => {
    const from = slack.mark();
    const answer = await slack.post(shareSubmission(member, 'V0SHARE001', { milestoneId, conversation: IDS.channel }, freshIds()));
    expect(answer.status).to.equal(200);
    const posted = await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === IDS.channel, { from });
    const blocks = JSON.stringify(posted.args.blocks);
    expect(blocks).to.include('Mo Member shared this milestone').and.include(`Milestone ${milestoneId}`).and.include('Status as of');
  });

  it('without a milestone or a place, the modal says which is missing, beside it', async () => {
    const answer = await slack.post(shareSubmission(member, 'V0SHARE001', {}, freshIds()));
    expect(answer.json).to.deep.equal({ response_action: 'errors', errors: { milestone: 'Choose a milestone.', conversation: 'Choose a channel or group to share it in.' } });
  });
});
