// The same bot in Slack, over real HTTP: DMs, the /forum slash command, @mentions, paging with a
// button (the message is updated in place), the Home tab, and user text never reaching Slack as
// markup. A stand-in Web API on loopback records what the bot sent.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { blockActions, dmChannelOf, dmEvent, eventBody, homeOpenedEvent, mentionEvent, postSlack, slackEnv, slashCommand, slackUser, BOT_TOKEN } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { BOT_USER_ID, buttonsIn, startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: commands through the adapter', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const member = slackUser('Pat Volunteer');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, member, ['member'], 'voluntary-action-rotherham', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const milestoneIds = () => bot.store.all('milestones').map((m) => m.id);
  const mark = () => api.calls.length;

  it('answers a DM `milestones overdue` with a Block Kit list in the DM, as the bot', async () => {
    const from = mark();
    const answer = await postSlack(bot.url, eventBody(dmEvent(member, 'milestones overdue')));
    expect(answer.status).to.equal(200);
    const post = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    expect(post.authorization).to.equal(`Bearer ${BOT_TOKEN}`);
    expect(post.args.thread_ts).to.equal(undefined);
    const shown = textOf(post.args.blocks);
    expect(shown).to.include('Overdue');
    expect(milestoneIds().some((id) => shown.includes(id)), 'a milestone id in the blocks').to.equal(true);
    expect(String(post.args.text)).to.not.equal('');
  });

  it('replies in the thread when the DM was in a thread, and looks the name up once', async () => {
    const parent = '1700000000.000100';
    const from = mark();
    await postSlack(bot.url, eventBody(dmEvent(member, 'whoami', { thread_ts: parent })));
    const post = await api.waitFor('chat.postMessage', (c) => c.args.thread_ts === parent, { from });
    expect(textOf(post.args.blocks) + String(post.args.text)).to.include(`slack:${member.teamId}:${member.userId}`);
    expect(api.callsTo('users.info').filter((c) => c.args.user === member.userId)).to.have.length(1);
  });

  it('goes on with the user id as the name when users.info fails', async () => {
    const unknown = slackUser('Not In Directory');
    const from = mark();
    await postSlack(bot.url, eventBody(dmEvent(unknown, 'whoami')));
    const post = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(unknown), { from });
    expect(api.calls.slice(from).find((c) => c.method === 'users.info')?.response).to.deep.include({ ok: false });
    expect(textOf(post.args.blocks) + String(post.args.text)).to.include(`slack:${unknown.teamId}:${unknown.userId}`);
  });

  it('acknowledges `/forum summary` without waiting for its answer, and answers privately through the response_url', async () => {
    const from = mark();
    // The answer's delivery is held: the acknowledgement must come back all the same.
    const release = api.hold('response_url');
    let answer;
    try {
      answer = await postSlack(bot.url, slashCommand(member, 'summary', { responseUrl: api.responseUrl('summary-1') }));
    } finally {
      release();
    }
    expect(answer.status).to.equal(200);
    const reply = await api.waitFor('response_url', (c) => c.path.endsWith('/summary-1'), { from });
    expect(reply.args.response_type).to.equal('ephemeral');
    expect(textOf(reply.args.blocks)).to.include('Building Stronger Communities');
    expect(api.calls.slice(from).filter((c) => c.method === 'chat.postMessage')).to.have.length(0);
  });

  it('answers an @mention in a channel with the mention taken out of the command', async () => {
    const from = mark();
    await postSlack(bot.url, eventBody(mentionEvent(member, `<@${BOT_USER_ID}> milestones overdue`)));
    const post = await api.waitFor('chat.postMessage', (c) => c.args.channel === 'C0FORUMCH', { from });
    const shown = textOf(post.args.blocks);
    expect(shown).to.include('Overdue');
    expect(shown).to.not.include("I don't know");
  });

  it('pages with Next: the same message is updated in place', async () => {
    const from = mark();
    await postSlack(bot.url, eventBody(dmEvent(member, 'milestones all')));
    const post = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    const next = buttonsIn(post.args.blocks).find((b) => b.text === 'Next');
    expect(next, 'a Next button on a long list').to.not.equal(undefined);
    const ts = String(post.response?.ts);

    const clickFrom = mark();
    const click = await postSlack(bot.url, blockActions(member, next?.value ?? '', { channel: dmChannelOf(member), messageTs: ts, responseUrl: api.responseUrl('next-1') }));
    expect(click.status).to.equal(200);
    const update = await api.waitFor('chat.update', () => true, { from: clickFrom });
    expect(update.args).to.include({ channel: dmChannelOf(member), ts });
    expect(textOf(update.args.blocks)).to.include('page 2');
    expect(buttonsIn(update.args.blocks).map((b) => b.text)).to.include('Previous');
    expect(api.calls.slice(clickFrom).filter((c) => c.method === 'chat.postMessage')).to.have.length(0);
  });

  it('pages an ephemeral /forum list through its response_url (replace_original), not chat.update', async () => {
    const from = mark();
    await postSlack(bot.url, slashCommand(member, 'milestones all', { responseUrl: api.responseUrl('list-1') }));
    const list = await api.waitFor('response_url', (c) => c.path.endsWith('/list-1'), { from });
    const next = buttonsIn(list.args.blocks).find((b) => b.text === 'Next');
    expect(next, 'a Next button').to.not.equal(undefined);

    const clickFrom = mark();
    await postSlack(bot.url, blockActions(member, next?.value ?? '', { messageTs: '1700000001.000200', ephemeral: true, responseUrl: api.responseUrl('list-1-click') }));
    const replaced = await api.waitFor('response_url', (c) => c.path.endsWith('/list-1-click'), { from: clickFrom });
    expect(replaced.args.replace_original).to.equal(true);
    expect(textOf(replaced.args.blocks)).to.include('page 2');
    expect(api.calls.slice(clickFrom).filter((c) => c.method === 'chat.update')).to.have.length(0);
  });

  it('answers a click with text only to the person who clicked', async () => {
    const id = milestoneIds()[0] ?? '';
    const from = mark();
    const value = JSON.stringify({ kind: 'execute', verb: 'milestone.edit', data: { id } });
    await postSlack(bot.url, blockActions(member, value, { messageTs: '1700000001.000300' }));
    const note = await api.waitFor('chat.postEphemeral', (c) => c.args.user === member.userId, { from });
    expect(String(note.args.text)).to.include('Only the milestone owner');
    expect(note.args.channel).to.equal('C0FORUMCH');
    expect(api.calls.slice(from).map((c) => c.method)).to.not.include.members(['chat.update', 'chat.postMessage', 'views.open']);
  });

  it('never sends what a person typed as Slack markup: <!channel> is escaped', async () => {
    const from = mark();
    await postSlack(bot.url, eventBody(mentionEvent(member, `<@${BOT_USER_ID}> <!channel> <@U0SOMEONE> look & see`)));
    const post = await api.waitFor('chat.postMessage', (c) => c.args.channel === 'C0FORUMCH', { from });
    const sent = JSON.stringify(api.calls.slice(from).map((c) => c.args));
    expect(textOf(post.args.blocks)).to.include('&lt;!channel&gt;');
    expect(sent).to.not.include('<!channel>');
    expect(sent).to.not.include('<@U0SOMEONE>');
  });

  it('ignores its own messages, edits and other subtypes', async () => {
    const from = mark();
    await postSlack(bot.url, eventBody(dmEvent(member, 'milestones', { subtype: 'message_changed' })));
    await postSlack(bot.url, eventBody(dmEvent(member, 'milestones', { bot_id: 'BSOMEBOT' })));
    await postSlack(bot.url, eventBody(dmEvent(member, 'help')));
    const post = await api.waitFor('chat.postMessage', () => true, { from });
    expect(textOf(post.args.blocks)).to.include('What I can do').and.include('All commands');
    expect(api.calls.slice(from).filter((c) => c.method === 'chat.postMessage')).to.have.length(1);
  });

  it('publishes the Home tab, naming the person, each time it is opened', async () => {
    const from = mark();
    await postSlack(bot.url, eventBody(homeOpenedEvent(member)));
    const publish = await api.waitFor('views.publish', (c) => c.args.user_id === member.userId, { from });
    const view = publish.args.view;
    expect(view).to.deep.include({ type: 'home' });
    expect(textOf(view)).to.include('Stronger Communities Forum');
    expect(textOf(view)).to.include('You are Pat Volunteer');
  });
});
