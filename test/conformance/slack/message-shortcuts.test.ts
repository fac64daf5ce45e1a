// Slack message shortcuts over POST /slack/events, in the shape Slack documents
// (fixtures/message-action.ts): "Log as community intelligence" on a channel message. The privacy
// rule as a person would meet it: the channel gets nothing (no post, no ephemeral, no use of the
// shortcut's response_url), no log line holds the message's text, its author and ts are stored
// nowhere, and a modal closed without submitting leaves nothing in the store or its files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { ModalView } from '../../../src/channels/slack/block-kit/index.ts';
import { startupWritesDone } from '../../helpers/fuzz.ts';
import { removeTempDirs } from '../../helpers/temp-dir.ts';
import { IDS } from './fixtures/ids.ts';
import { inputBlocksOf } from './fixtures/view-submission.ts';
import { CONFORMANCE_FORMS, type FormPeople } from './forms.ts';
import { person, startConformance, type Conformance } from './harness.ts';

const AUTHOR = 'U0AUTHOR77';
/** The channel message, as Slack sends its text (mrkdwn, entities escaped). */
const MESSAGE = 'Overheard at the bus station: a group &amp; their friends plan to leaflet the Wellgate mosque on Friday, call 07700 900461';

function filesContaining(folder: string, text: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => readFileSync(file, 'utf8').includes(text));
}

const initialOf = (view: ModalView, blockId: string): unknown => {
  const element = inputBlocksOf(view).find((b) => b.block_id === blockId)?.element;
  return element && 'initial_value' in element ? element.initial_value : undefined;
};

describe('Slack message shortcuts: a channel message into a private report', function () {
  this.timeout(30_000);
  let slack: Conformance;
  const member = person('Mo Member');
  const stranger = person('Sam Stranger');

  before(async () => {
    slack = await startConformance();
    await slack.register(member, ['member'], 'rmbc');
    await startupWritesDone(slack.bot.store);
  });
  after(async () => {
    await slack.stop();
    removeTempDirs();
  });

  /** Anything the bot sent toward the channel the message was in, or through the shortcut's response_url. */
  const toTheChannel = (from: number) => slack.api.calls.slice(from).filter((c) => c.method === 'response_url' || String(c.args.channel ?? '') === IDS.channel);

  it('opens the report form as a modal with the message as the draft description and its identifiers shown; the channel sees nothing, no file or log holds the text', async () => {
    const { from, triggerId } = await slack.shortcut(member, { callbackId: 'forum.log_intel', author: AUTHOR, text: MESSAGE });
    const opened = await slack.opened(triggerId, from);
    expect(initialOf(opened.view, 'description')).to.equal(MESSAGE.replace('&amp;', '&'));
    expect(JSON.stringify(opened.view.blocks)).to.include('07700 900461').and.include('Nothing is saved until you submit');
    expect(toTheChannel(from)).to.deep.equal([]);
    expect(slack.bot.store.all('intelReports')).to.have.length(0);
    expect(filesContaining(slack.bot.dataDir, 'bus station')).to.deep.equal([]);
    expect(slack.bot.logText()).to.not.include('bus station').and.not.include('07700').and.not.include(AUTHOR);
  });

  it('submitted: the report is saved, the confirmation goes to the reporter alone, and the channel, the store and the logs hold nothing of where it came from', async () => {
    const { from, triggerId } = await slack.shortcut(member, { callbackId: 'forum.log_intel', author: AUTHOR, text: MESSAGE });
    const opened = await slack.opened(triggerId, from);
    const form = CONFORMANCE_FORMS['intel.submit'];
    if (!form) throw new Error('no intel form');
    const people = { member } as unknown as FormPeople;
    const answers = { ...form.answers(opened, slack, people), description: 'A group plans to leaflet a mosque on Friday', reportedToPolice: [], policeReference: '' };
    const answer = await slack.submit(member, opened, answers);
    expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
    const confirmation = await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === member.user, { from });
    expect(JSON.stringify(confirmation.args)).to.match(/logged/i);
    const reports = slack.bot.store.all('intelReports');
    expect(reports).to.have.length(1);
    const stored = JSON.stringify(reports);
    for (const kept of [AUTHOR, IDS.channel, 'bus station']) expect(stored, `the report keeps no ${kept}`).to.not.include(kept);
    expect(toTheChannel(from), 'nothing toward the channel').to.deep.equal([]);
    expect(slack.bot.logText()).to.not.include('bus station').and.not.include('leaflet');
  });

  it('someone the forum does not know is told so privately (their DM with the app); the channel sees nothing', async () => {
    const { from } = await slack.shortcut(stranger, { callbackId: 'forum.log_intel', author: AUTHOR, text: MESSAGE });
    const told = await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === stranger.user, { from });
    expect(JSON.stringify(told.args)).to.include('I need to know who you are');
    expect(toTheChannel(from)).to.deep.equal([]);
  });

  it("a shortcut that is not the app's is refused before it reaches the bot", async () => {
    const from = slack.mark();
    const { answer } = await slack.shortcut(member, { callbackId: 'someone_else.shortcut', author: AUTHOR, text: MESSAGE }).catch((error: unknown) => ({ answer: { status: String(error) } }));
    expect(String(answer.status)).to.match(/400/);
    expect(slack.api.calls.slice(from).filter((c) => c.method !== 'users.info')).to.deep.equal([]);
  });
});
