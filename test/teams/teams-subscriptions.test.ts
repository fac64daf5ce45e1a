// Subscribing a Teams channel to forum reminders: coordinators only, in a channel or group chat,
// stored with the conversation reference that proactive sends need; listed and removed.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardOf, cardText, mentionActivity, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Teams: subscribing a channel to forum reminders', function () {
  let bot: RunningBot;
  const coordinator = teamsUser('Chris Coordinator');
  const member = teamsUser('Mo Member');
  const inChannel = (user: typeof member, text: string) =>
    postActivity(bot.url, mentionActivity(text, { from: user, conversationId: '19:forum-partners@thread.tacv2', overrides: { channelData: { tenant: { id: '72f988bf-0000-4000-8000-000000000001' }, channel: { id: '19:forum-partners@thread.tacv2', name: 'Forum partners' } } } }));

  before(async () => {
    bot = await startRunningBot();
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    await registerTeamsPerson(bot.store, member, ['member'], 'rmbc');
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  it('refuses members, and 1:1 chats, changing nothing', async () => {
    expect((await inChannel(member, 'subscribe reminders')).activities[0]?.text).to.include('Only forum coordinators and admins');
    expect((await postActivity(bot.url, messageActivity('subscribe reminders', { from: coordinator }))).activities[0]?.text).to.include('Reminders go to forum channels');
    expect(bot.store.count('subscriptions')).to.equal(0);
  });

  it('subscribes the channel once, with its conversation reference, and adds the digest on request', async () => {
    expect((await inChannel(coordinator, 'subscribe reminders')).activities[0]?.text).to.include('Subscribed: this conversation gets meeting reminders');
    expect((await inChannel(coordinator, 'subscribe reminders digest')).activities[0]?.text).to.include('Subscription updated: this conversation gets meeting reminders and the weekly digest');
    const all = bot.store.all('subscriptions');
    expect(all).to.have.length(1);
    const [subscription] = all;
    expect(subscription?.label).to.equal('Forum partners');
    expect(subscription?.target).to.deep.include({ platform: 'teams', conversationId: '19:forum-partners@thread.tacv2' });
    const reference = subscription?.target.conversationReference ?? {};
    expect(reference).to.have.property('serviceUrl');
    expect(Object(reference.conversation).id).to.equal('19:forum-partners@thread.tacv2');
  });

  it('lists subscriptions for coordinators, and unsubscribes', async () => {
    const list = await postActivity(bot.url, messageActivity('subscriptions', { from: coordinator }));
    expect(cardText(cardOf(list.activities[0]))).to.include('Teams: Forum partners').and.include('Gets meeting reminders and the weekly digest');
    expect((await postActivity(bot.url, messageActivity('subscriptions', { from: member }))).activities[0]?.text).to.include('Only forum coordinators');
    expect((await inChannel(coordinator, 'unsubscribe')).activities[0]?.text).to.include('Unsubscribed');
    expect(bot.store.count('subscriptions')).to.equal(0);
    expect((await inChannel(coordinator, 'unsubscribe')).activities[0]?.text).to.include('not subscribed');
  });

  // Microsoft's docs ("Conversation basics" / channel message payloads) show a channel message's
  // conversation id as the channel's id plus the post's thread: `19:…@thread.tacv2;messageid=…`.
  // Each new post in the channel has its own.
  it('treats posts in different threads of one channel as one channel: one subscription, posts start new threads', async () => {
    const channel = '19:forum-reminders@thread.tacv2';
    const inPost = (messageId: string, text: string) =>
      postActivity(bot.url, mentionActivity(text, { from: coordinator, conversationId: `${channel};messageid=${messageId}`, overrides: { channelData: { tenant: { id: '72f988bf-0000-4000-8000-000000000001' }, channel: { id: channel, name: 'Forum reminders' }, team: { id: '19:team-general@thread.tacv2' } } } }));
    expect((await inPost('1764000000001', 'subscribe reminders')).activities[0]?.text).to.include('Subscribed');
    expect((await inPost('1764000000002', 'subscribe reminders')).activities[0]?.text, 'a second post in the channel finds the same subscription').to.include('Already subscribed');
    const all = bot.store.all('subscriptions');
    expect(all).to.have.length(1);
    expect(all[0]?.target).to.deep.include({ conversationId: channel });
    expect(Object(all[0]?.target.conversationReference?.conversation).id, 'reminders start a new post, not a reply in the subscribing thread').to.equal(channel);
    expect((await inPost('1764000000003', 'unsubscribe')).activities[0]?.text).to.include('Unsubscribed');
    expect(bot.store.count('subscriptions')).to.equal(0);
  });
});
