// Conformance: the Events API requests the bot handles, in the shapes Slack documents (see each
// fixture's source), through POST /slack/events with a real signature: a DM (message.im), an
// @mention with the `authorizations` envelope, the Home and Messages tabs opening, Slack checking
// the Request URL (url_verification) and the certificate (ssl_check), and an event delivered again
// (x-slack-retry-num / x-slack-retry-reason).
import { expect } from 'chai';
import { buttonsIn, textOf } from '../../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../../helpers/temp-dir.ts';
import { appHomeOpened } from './fixtures/app-home-opened.ts';
import { appMention } from './fixtures/app-mention.ts';
import { IDS } from './fixtures/ids.ts';
import { dmChannelOf, messageIm } from './fixtures/message-im.ts';
import { retryHeaders } from './fixtures/retries.ts';
import { sslCheck } from './fixtures/ssl-check.ts';
import { urlVerification } from './fixtures/url-verification.ts';
import { freshIds, person, startConformance, type Conformance } from './harness.ts';

describe('Slack conformance: Events API requests', function () {
  let slack: Conformance;
  const member = person('Ola Member');

  before(async () => {
    slack = await startConformance();
    await slack.register(member, ['member'], 'voluntary-action-rotherham');
  });
  after(async () => {
    await slack.stop();
    removeTempDirs();
  });

  it('message.im: answers a direct message in the DM', async () => {
    const from = slack.mark();
    expect((await slack.post(messageIm(member, 'whoami', freshIds()))).status).to.equal(200);
    const answer = await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    expect(textOf(answer.args) + String(answer.args.text)).to.include('You are Ola Member');
  });

  it('app_mention with the authorizations envelope: answers in the channel, without the mention in the command', async () => {
    const from = slack.mark();
    const ids = freshIds();
    expect((await slack.post(appMention(member, 'summary', ids))).status).to.equal(200);
    const answer = await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === IDS.channel, { from });
    expect(textOf(answer.args.blocks)).to.match(/plan/i);
  });

  it('app_home_opened on the Home tab: publishes the Home view for that person', async () => {
    const from = slack.mark();
    expect((await slack.post(appHomeOpened(member, 'home', freshIds()))).status).to.equal(200);
    const published = await slack.api.waitFor('views.publish', (c) => c.args.user_id === member.user, { from });
    expect(published.args.view).to.deep.include({ type: 'home' });
    expect(textOf(published.args.view)).to.include('You are Ola Member');
    expect(buttonsIn(published.args.view).length).to.be.greaterThan(0);
  });

  it('app_home_opened on the Home tab again (with the view Slack echoes back): publishes afresh', async () => {
    const from = slack.mark();
    await slack.post(appHomeOpened(member, 'home', { ...freshIds(), publishedViewId: 'V0HOMEVIEW1' }));
    await slack.api.waitFor('views.publish', (c) => c.args.user_id === member.user, { from });
  });

  it('app_home_opened on the Messages tab: publishes nothing and posts nothing', async () => {
    const from = slack.mark();
    expect((await slack.post(appHomeOpened(member, 'messages', freshIds()))).status).to.equal(200);
    // A later DM, answered: anything the Messages tab made the bot do would have come first.
    await slack.post(messageIm(member, 'whoami', freshIds()));
    await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    expect(slack.api.calls.slice(from).map((c) => c.method).filter((m) => m !== 'users.info')).to.deep.equal(['chat.postMessage']);
  });

  it('url_verification: answers the challenge', async () => {
    const answer = await slack.post(urlVerification('c0nf0rmChallenge3eZbrw1aBm2rZgRNFdxV2595E9CY3g'));
    expect(answer.status).to.equal(200);
    expect(answer.json).to.deep.equal({ challenge: 'c0nf0rmChallenge3eZbrw1aBm2rZgRNFdxV2595E9CY3g' });
  });

  it('ssl_check: answers 200 with an empty body, and does nothing else', async () => {
    const from = slack.mark();
    const answer = await slack.post(sslCheck());
    expect(answer.status).to.equal(200);
    expect(answer.text).to.equal('');
    expect(slack.api.calls.slice(from)).to.have.length(0);
  });

  it('a retry (x-slack-retry-num 1, http_timeout) of an event never taken is answered; its next retries are not', async () => {
    const ids = freshIds();
    const body = messageIm(member, 'whoami', ids);
    const from = slack.mark();
    expect((await slack.post(body, { headers: retryHeaders(1, 'http_timeout') })).status).to.equal(200);
    await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    expect((await slack.post(body, { headers: retryHeaders(2, 'connection_failed') })).status).to.equal(200);
    expect((await slack.post(body, { headers: retryHeaders(3, 'http_error') })).status).to.equal(200);
    const later = slack.mark();
    await slack.post(messageIm(member, 'help', freshIds()));
    await slack.api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from: later });
    const answers = slack.api.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && String(c.args.text).includes('You are Ola Member'));
    expect(answers).to.have.length(1);
  });
});
