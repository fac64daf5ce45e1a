// Proactive sends through the Slack adapter (what reminders will use): a ConversationReference
// keeps `team:channel[:thread]`, and continueConversation posts, updates and deletes there through
// the Web API (a stand-in on loopback).
import { expect } from 'chai';
import { CardFactory } from 'botbuilder';
import { DirectMessages } from '../../src/bot/direct-messages.ts';
import { Outbox } from '../../src/bot/outbox-delivery.ts';
import { Links } from '../../src/links/links.ts';
import { linkKeys } from '../../src/links/link-tokens.ts';
import { appSecretFrom } from '../../src/config/app-secret.ts';
import { ForumBot } from '../../src/bot/forum-bot.ts';
import { createSlackChannel, type SlackChannel } from '../../src/channels/slack/slack-channel.ts';
import { renderCard } from '../../src/cards/render-card.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { HOME_TEAM, startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: proactive sends (continueConversation)', function () {
  let running: RunningBot;
  let api: StandInSlackApi;
  let slack: SlackChannel;

  before(async () => {
    api = await startStandInSlackApi();
    running = await startRunningBot();
    const logger = createLogger('silent');
    const secret = appSecretFrom('a test secret of at least thirty-two characters', 'APP_SECRET');
    const directMessages = new DirectMessages(running.store, logger);
    const outbox = new Outbox({ store: running.store, directMessages, logger, now: () => new Date(), timeZone: 'Europe/London' });
    const bot = new ForumBot({ store: running.store, logger, now: () => new Date(), timeZone: 'Europe/London', admins: [], directMessages, outbox, intel: { retentionMonths: 12, wardAlertThreshold: 5 }, links: new Links(running.store, linkKeys(secret), () => 'http://127.0.0.1'), reminders: { replan: async () => true } });
    slack = createSlackChannel({ mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: api.url, responseUrlOrigin: new URL(api.url).origin }, [], bot, running.store, logger, secret);
    await slack.start();
  });
  after(async () => {
    await slack.stop();
    await running.stop();
    await api.close();
    removeTempDirs();
  });

  it('posts to the stored channel and thread, escaped, then updates and deletes that message', async () => {
    const from = api.calls.length;
    const reference = { channelId: 'slack', conversation: { id: `${HOME_TEAM}:C0REMINDERS:1700000000.000100`, isGroup: true, conversationType: 'channel', name: '' }, serviceUrl: '' };
    let ts = '';
    await slack.adapter.continueConversation(reference, async (context) => {
      const sent = await context.sendActivity('Forum meeting tomorrow at 10:00 <!channel>');
      ts = sent?.id ?? '';
      await context.updateActivity({ id: ts, type: 'message', text: 'Forum meeting moved to Thursday' });
      await context.deleteActivity(ts);
    });
    const post = await api.waitFor('chat.postMessage', () => true, { from });
    expect(post.args).to.include({ channel: 'C0REMINDERS', thread_ts: '1700000000.000100', text: 'Forum meeting tomorrow at 10:00 &lt;!channel&gt;' });
    expect(ts).to.equal(post.response?.ts);
    expect((await api.waitFor('chat.update', () => true, { from })).args).to.include({ channel: 'C0REMINDERS', ts, text: 'Forum meeting moved to Thursday' });
    expect((await api.waitFor('chat.delete', () => true, { from })).args).to.include({ channel: 'C0REMINDERS', ts });
  });

  it('sends a card as Block Kit', async () => {
    const from = api.calls.length;
    const card = renderCard('help', { intro: 'Reminder card', commands: [{ usage: 'next meeting', summary: 'when and where' }], buttons: [], moreText: 'More', referenceIntro: 'Type one of these.' });
    await slack.adapter.continueConversation({ conversation: { id: `${HOME_TEAM}:C0REMINDERS`, isGroup: true, conversationType: 'channel', name: '' }, serviceUrl: '', channelId: 'slack' }, async (context) => {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
    });
    const post = await api.waitFor('chat.postMessage', () => true, { from });
    expect(post.args.thread_ts).to.equal(undefined);
    expect(textOf(post.args.blocks)).to.include('Reminder card');
  });

  it('refuses a reference that is not a Slack one', async () => {
    let failure: unknown;
    try {
      await slack.adapter.continueConversation({ conversation: { id: 'a:teams-conversation', isGroup: false, conversationType: 'personal', name: '' }, serviceUrl: '', channelId: 'msteams' }, async () => undefined);
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.include('Not a Slack conversation reference');
  });
});
