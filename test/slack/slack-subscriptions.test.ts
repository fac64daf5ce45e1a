// Subscribing a Slack channel to forum reminders with /forum: stored as team + channel (and a
// reference the Slack adapter can continue from), answered privately.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { blockActions, modalValues, postSlack, slackEnv, slashCommand, slackUser, viewSubmission } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { buttonsIn, startStandInSlackApi, textOf, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: subscribing a channel to forum reminders', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  let clock = new Date();
  let pack: SlackApiCall | undefined;
  const coordinator = slackUser('Cass Coordinator');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url), () => clock);
    await registerSlackPerson(bot.store, coordinator, ['coordinator'], 'voluntary-action-rotherham', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  it('subscribes the channel the command was run in, and says so to the coordinator only', async () => {
    const from = api.calls.length;
    const answer = await postSlack(bot.url, slashCommand(coordinator, 'subscribe reminders', { responseUrl: api.responseUrl('sub'), channel: 'C0FORUMCH', channelName: 'forum-partners' }));
    expect(answer.status).to.equal(200);
    const told = await api.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Subscribed'), { from });
    expect(JSON.stringify(told.args)).not.to.include('"response_type":"in_channel"');
    const [subscription] = bot.store.all('subscriptions');
    expect(subscription?.label).to.equal('#forum-partners');
    expect(subscription?.target).to.deep.include({ platform: 'slack', teamId: coordinator.teamId, channelId: 'C0FORUMCH' });
  });

  it('announces the subscription in the channel, since the command\'s answer is private', async () => {
    const announced = api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0FORUMCH' && textOf(c.args).includes('subscribed this channel'));
    expect(announced).to.have.length(1);
    expect(textOf(announced[0]?.args)).to.include('Cass Coordinator subscribed this channel to Stronger Communities Forum meeting reminders');
  });

  it('lists the subscribed channel as a real Slack channel link (<#C…>), and a Teams one by its name', async () => {
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      tx.put('subscriptions', { id: 'SUB-TEAMSLIST', target: { platform: 'teams', conversationId: '19:list@thread.tacv2', conversationReference: {} }, kinds: ['meeting-reminders'], label: 'Forum partners › Reminders', createdBy: 'test setup', createdAt: new Date().toISOString() }, { action: 'subscription.add' });
    });
    const from = api.calls.length;
    await postSlack(bot.url, slashCommand(coordinator, 'subscriptions', { responseUrl: api.responseUrl('list') }));
    const list = await api.waitFor('response_url', (c) => c.path.endsWith('/list'), { from });
    const text = JSON.stringify(list.args.blocks);
    expect(text).to.include('<#C0FORUMCH>');
    expect(text, 'no raw address or markdown link').not.to.include('app_redirect').and.not.to.include('](');
    expect(text).to.include('Teams: Forum partners › Reminders');
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => tx.delete('subscriptions', 'SUB-TEAMSLIST', { action: 'subscription.remove' }));
  });

  it('refuses to subscribe a channel the bot cannot post in, says how to add it, and saves nothing', async () => {
    const before = bot.store.all('subscriptions').length;
    api.failNext('chat.postMessage', 'not_in_channel');
    const from = api.calls.length;
    await postSlack(bot.url, slashCommand(coordinator, 'subscribe reminders', { responseUrl: api.responseUrl('sub-private'), channel: 'C0PRIVATE', channelName: 'private-forum' }));
    const told = await api.waitFor('response_url', (c) => JSON.stringify(c.args).includes('I cannot post in this channel'), { from });
    expect(JSON.stringify(told.args)).to.include('/invite @Stronger Communities').and.include('Nothing was kept');
    expect(bot.store.all('subscriptions')).to.have.length(before);
    expect(bot.store.all('subscriptions').some((s) => s.target.platform === 'slack' && s.target.channelId === 'C0PRIVATE')).to.equal(false);
  });

  it('posts the meeting pack to the subscribed channel once, as Block Kit, when the reminder is due', async () => {
    const job = [...bot.store.all('jobs')].filter((j) => j.kind === 'meeting-reminder' && j.status === 'pending').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    expect(job, 'a reminder planned for the channel').to.not.equal(undefined);
    const from = api.calls.length;
    clock = new Date(Date.parse(String(job?.dueAt)) + 60_000);
    await bot.jobs.scheduler.tick();
    await bot.jobs.scheduler.tick();
    const posts = api.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0FORUMCH');
    expect(posts).to.have.length(1);
    expect(JSON.stringify(posts[0]?.args.blocks)).to.include('the meeting pack');
    expect(JSON.stringify(posts[0]?.args.blocks)).to.include('Attending');
    pack = posts[0];
  });

  it('"Reply with a note" on the channel pack opens a modal; sending it updates the pack message in the channel and keeps the note', async () => {
    const ts = String(pack?.response?.ts);
    const button = buttonsIn(pack?.args.blocks).find((b) => b.text === 'Reply with a note');
    let from = api.calls.length;
    await postSlack(bot.url, blockActions(coordinator, String(button?.value), { channel: 'C0FORUMCH', messageTs: ts, triggerId: 'trigger-rsvp-note' }));
    const opened = await api.waitFor('views.open', (c) => c.args.trigger_id === 'trigger-rsvp-note', { from });
    const view = Object(opened.args.view);
    expect(textOf(view)).to.include('Note for the chair (optional)');
    from = api.calls.length;
    const values = modalValues(view, { response: 'apologies', note: 'On leave that week' });
    const answer = await postSlack(bot.url, viewSubmission(coordinator, { id: String(Object(opened.response?.view).id), privateMetadata: String(view.private_metadata), values }));
    expect(answer.json).to.deep.equal({ response_action: 'clear' });
    const updated = await api.waitFor('chat.update', (c) => c.args.ts === ts, { from });
    expect(updated.args.channel).to.equal('C0FORUMCH');
    expect(textOf(updated.args.blocks)).to.include('0 attending, 1 apology so far');
    expect(JSON.stringify(updated.args), 'the note stays out of the channel').to.not.include('On leave');
    const told = await api.waitFor('chat.postEphemeral', (c) => JSON.stringify(c.args).includes('Thank you, Cass Coordinator'), { from });
    expect(told.args.user, 'the confirmation is for the person who replied only').to.equal(coordinator.userId);
    expect(JSON.stringify(told.args)).to.include('is Apologies, with your note for the chair');
    const meetingId = JSON.parse(String(button?.value)).data.meetingId as string;
    expect(bot.store.get('meetings', meetingId)?.rsvps.map((r) => [r.name, r.response, r.note])).to.deep.equal([['Cass Coordinator', 'apologies', 'On leave that week']]);
  });
});
