// Conformance: slash commands and button clicks (block_actions) in the shapes Slack documents,
// through POST /slack/events with a real signature. The bot puts buttons in messages (ephemeral
// or not), in the Home tab and in modals; a click on each is answered where Slack allows.
import { expect } from 'chai';
import { buttonsIn, textOf, type SlackApiCall } from '../../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../../helpers/temp-dir.ts';
import { appHomeOpened } from './fixtures/app-home-opened.ts';
import { IDS } from './fixtures/ids.ts';
import { dmChannelOf, messageIm } from './fixtures/message-im.ts';
import { freshIds, person, startConformance, type Conformance } from './harness.ts';

describe('Slack conformance: slash commands and button clicks', function () {
  let slack: Conformance;
  const member = person('Kit Clicker');
  const button = (call: SlackApiCall, text: string) => {
    const found = buttonsIn(call.args.blocks ?? call.args.view).find((b) => b.text === text);
    expect(found, `a ${text} button`).to.not.equal(undefined);
    return { actionId: found?.actionId ?? '', text, value: found?.value ?? '' };
  };

  before(async () => {
    slack = await startConformance();
    await slack.register(member, ['member'], 'rmbc');
  });
  after(async () => {
    await slack.stop();
    removeTempDirs();
  });

  it('a slash command in a channel: answered to the person only, through its response_url', async () => {
    const { from, responseUrl } = await slack.command(member, 'summary');
    const answer = await slack.api.waitFor('response_url', (c) => c.path === new URL(responseUrl).pathname, { from });
    expect(answer.args).to.include({ response_type: 'ephemeral' });
    expect(textOf(answer.args.blocks)).to.match(/plan/i);
    expect(slack.api.calls.slice(from).filter((c) => c.method === 'chat.postMessage'), 'nothing in the channel').to.have.length(0);
  });

  it('a slash command in the app\'s DM (channel_name "directmessage"): answered the same way', async () => {
    const { from, responseUrl } = await slack.command(member, 'whoami', { channel: dmChannelOf(member), channelName: 'directmessage' });
    const answer = await slack.api.waitFor('response_url', (c) => c.path === new URL(responseUrl).pathname, { from });
    expect(String(answer.args.text)).to.include('You are Kit Clicker');
  });

  it('block_actions on an ephemeral message (is_ephemeral, response_url): the list is replaced through the response_url', async () => {
    const { from, responseUrl } = await slack.command(member, 'milestones all');
    const list = await slack.api.waitFor('response_url', (c) => c.path === new URL(responseUrl).pathname, { from });
    const clickUrl = slack.api.responseUrl(`next-${from}`);
    const click = await slack.click(member, button(list, 'Next'), { kind: 'message', channel: IDS.channel, messageTs: '1700000000.000800', ephemeral: true, responseUrl: clickUrl });
    const replaced = await slack.api.waitFor('response_url', (c) => c.path === new URL(clickUrl).pathname, { from: click.from });
    expect(replaced.args.replace_original).to.equal(true);
    expect(textOf(replaced.args.blocks)).to.match(/page 2/i);
  });

  it('block_actions on a message in the DM (with `message`): the message is updated with chat.update', async () => {
    const from = slack.mark();
    await slack.post(messageIm(member, 'milestones all', freshIds()));
    const posted = await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    const ts = String(posted.response?.ts);
    const click = await slack.click(member, button(posted, 'Next'), { kind: 'message', channel: dmChannelOf(member), messageTs: ts, ephemeral: false, responseUrl: slack.api.responseUrl(`dm-${from}`) });
    const updated = await slack.api.waitFor('chat.update', (c) => c.args.ts === ts, { from: click.from });
    expect(updated.args.channel).to.equal(dmChannelOf(member));
    expect(textOf(updated.args.blocks)).to.match(/page 2/i);
  });

  it('block_actions in the Home tab (container type "view"): opens over it; a button in that modal updates the modal', async () => {
    const from = slack.mark();
    await slack.post(appHomeOpened(member, 'home', freshIds()));
    const home = await slack.api.waitFor('views.publish', (c) => c.args.user_id === member.user, { from });
    const click = await slack.click(member, button(home, 'Overdue'), { kind: 'home', viewId: 'V0HOMEVIEW2' });
    const opened = await slack.opened(click.triggerId, click.from);
    expect(textOf(opened.view)).to.match(/overdue/i);
    const details = buttonsIn(opened.view).find((b) => b.text === 'Details');
    expect(details, 'Details on an overdue milestone, in the modal').to.not.equal(undefined);
    const next = await slack.click(member, { actionId: details?.actionId ?? '', text: 'Details', value: details?.value ?? '' }, { kind: 'modal', viewId: opened.viewId, callbackId: opened.view.callback_id, privateMetadata: opened.view.private_metadata });
    const updated = await slack.api.waitFor('views.update', (c) => c.args.view_id === opened.viewId, { from: next.from });
    expect(textOf(updated.args.view)).to.match(/Milestone [A-Z]+-/);
  });
});
