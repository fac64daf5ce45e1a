// Shared milestone cards kept current in Slack (issue 18 §3): where the app posts a milestone's
// card in a channel ("Share a milestone", or `milestone ID` asked with an @mention there), it
// remembers the message (channel and ts); after a committed change to that milestone, from Slack
// or from Teams, it replaces each one with chat.update on the stand-in Web API. A message Slack no
// longer has (message_not_found) is forgotten. Link unfurls are the person's messages and cannot be
// updated: they stay as unfurled, dated ("Status as of ...").
import { expect } from 'chai';
import { addDays, format, parseISO } from 'date-fns';
import { removeTempDirs } from '../../helpers/temp-dir.ts';
import { textOf, type SlackApiCall } from '../../helpers/stand-in-slack-api.ts';
import { appMention } from './fixtures/app-mention.ts';
import { shareSubmission } from './fixtures/share-milestone.ts';
import { IDS } from './fixtures/ids.ts';
import { freshIds, person, startConformance, type Conformance } from './harness.ts';
import { dialogActivity, postActivity, teamsUser } from '../../helpers/teams-activities.ts';
import { registerTeamsPerson } from '../../helpers/forum-people.ts';

const PUBLIC_URL = 'https://forum-bot.example.org';

describe('Slack: milestone cards posted in channels are kept current with chat.update', function () {
  this.timeout(60_000);
  let slack: Conformance;
  const coordinator = person('Cora Coordinator');
  const member = person('Mo Member');
  let milestoneId = '';

  /** A revised due date the rules accept (delayed and off-track need one). */
  const revised = (days = 30, id = milestoneId) => format(addDays(parseISO(slack.bot.store.get('milestones', id)?.originalDue ?? '2027-01-01'), days), 'yyyy-MM-dd');
  const updatesOf = (from: number, channel: string, ts: string): SlackApiCall[] => slack.api.calls.slice(from).filter((c) => c.method === 'chat.update' && c.args.channel === channel && c.args.ts === ts);
  /** The coordinator saves a status through the real form (`/forum update ID`, the modal, its submission). */
  async function saveStatus(status: string, id = milestoneId): Promise<void> {
    const { from, triggerId } = await slack.command(coordinator, `update ${id}`);
    const form = await slack.opened(triggerId, from);
    const answer = await slack.submit(coordinator, form, { status, commentary: `Now ${status}.`, revisedDue: status === 'off-track' ? revised(120, id) : status === 'delayed' ? revised(30, id) : '', evidence: '' });
    expect(answer.json).to.deep.equal({ response_action: 'clear' });
  }
  async function sharedTs(id = milestoneId): Promise<string> {
    const from = slack.mark();
    await slack.post(shareSubmission(member, 'V0KEEP0001', { milestoneId: id, conversation: IDS.channel }, freshIds()));
    const posted = await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === IDS.channel && JSON.stringify(c.args.blocks).includes('shared this milestone'), { from });
    return String(Object(posted.response).ts);
  }

  before(async () => {
    slack = await startConformance({ PUBLIC_URL, ALLOWED_SLACK_TEAMS: IDS.team });
    await slack.register(coordinator, ['coordinator'], 'rmbc');
    await slack.register(member, ['member'], 'rmbc');
    milestoneId = slack.bot.store.all('milestones').find((m) => m.status === 'on-track')?.id ?? '';
  });
  after(async () => {
    await slack.stop();
    removeTempDirs();
  });

  it('a shared card and a card shown in a channel are both replaced (chat.update, same channel and ts) after the milestone is saved', async () => {
    const shareTs = await sharedTs();
    // `milestone ID` asked in the channel with an @mention: the app's answer in the thread.
    let from = slack.mark();
    const ids = freshIds();
    await slack.post(appMention(member, `milestone ${milestoneId}`, { ...ids, channel: IDS.channel }));
    const shown = await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === IDS.channel && textOf(c.args).includes(milestoneId), { from });
    const shownTs = String(Object(shown.response).ts);

    from = slack.mark();
    await saveStatus('off-track');
    const shareUpdate = await slack.api.waitFor('chat.update', (c) => c.args.channel === IDS.channel && c.args.ts === shareTs, { from });
    const shownUpdate = await slack.api.waitFor('chat.update', (c) => c.args.channel === IDS.channel && c.args.ts === shownTs, { from });
    for (const call of [shareUpdate, shownUpdate]) {
      const text = JSON.stringify(call.args.blocks);
      expect(text).to.include(`Milestone ${milestoneId}`).and.include('Status as of');
      expect(text).to.include('Red');
    }
  });

  it('a change made in Teams updates the Slack cards too', async () => {
    const shareTs = await sharedTs();
    const owner = teamsUser('Tess Teams');
    await registerTeamsPerson(slack.bot.store, owner, ['coordinator']);
    const from = slack.mark();
    const version = slack.bot.store.get('milestones', milestoneId)?.version ?? 1;
    const answer = await postActivity(slack.bot.url, dialogActivity('task/submit', { verb: 'milestone.update', id: milestoneId, version, status: 'delayed', commentary: 'From Teams.', revisedDue: revised(), evidence: '' }, { from: owner }));
    expect(answer.status).to.equal(200);
    const updated = await slack.api.waitFor('chat.update', (c) => c.args.channel === IDS.channel && c.args.ts === shareTs, { from });
    expect(JSON.stringify(updated.args.blocks)).to.include('Amber');
  });

  it('a message Slack no longer has (message_not_found) is forgotten: the next change does not try it again', async () => {
    const other = slack.bot.store.all('milestones').find((m) => m.status === 'on-track' && m.id !== milestoneId)?.id ?? '';
    const gone = await sharedTs(other);
    slack.api.failNext('chat.update', 'message_not_found');
    const from = slack.mark();
    await saveStatus('delayed', other);
    const refused = await slack.api.waitFor('chat.update', (c) => c.args.ts === gone, { from });
    expect(Object(refused.response).error).to.equal('message_not_found');
    // The next change: the card that is gone is not tried again (a newly shared one is).
    const fresh = await sharedTs(other);
    const again = slack.mark();
    await saveStatus('on-track', other);
    await slack.api.waitFor('chat.update', (c) => c.args.ts === fresh, { from: again });
    expect(updatesOf(again, IDS.channel, gone)).to.deep.equal([]);
  });
});
