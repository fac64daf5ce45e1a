// How the bot behaves in a Slack channel: an answer to an @mention goes in a thread under it (or in
// the thread it was asked in), not across the channel; an answer about the person who asked
// (`whoami`, their own milestones) is shown to them only; and every card message carries a real
// one-line summary as its fallback `text` (notifications, previews and screen readers read it).
import { expect } from 'chai';
import { findMilestones } from '../../src/domain/milestones/milestone-queries.ts';
import { localDate } from '../../src/domain/calendar.ts';
import { assignOwner } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { dmChannelOf, dmEvent, eventBody, mentionEvent, nextTs, postSlack, slackEnv, slackUser } from '../helpers/slack-requests.ts';
import { BOT_USER_ID, startStandInSlackApi, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: in a channel', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const member = slackUser('Tess Threads');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    const person = await registerSlackPerson(bot.store, member, ['member'], 'rmbc', api);
    const milestone = findMilestones(bot.store, { today: localDate(new Date()) })[0];
    await assignOwner(bot.store, milestone?.id ?? '', person.id);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  async function mention(text: string, overrides: Record<string, unknown> = {}): Promise<{ from: number; ts: string }> {
    const from = api.calls.length;
    const event = mentionEvent(member, `<@${BOT_USER_ID}> ${text}`, overrides);
    expect((await postSlack(bot.url, eventBody(event))).status).to.equal(200);
    return { from, ts: String(event.ts) };
  }
  const inChannel = (c: SlackApiCall) => c.args.channel === 'C0FORUMCH';

  it('answers an @mention in a thread under it', async () => {
    const { from, ts } = await mention('summary');
    const answer = await api.waitFor('chat.postMessage', inChannel, { from });
    expect(answer.args.thread_ts).to.equal(ts);
  });

  it('answers an @mention made in a thread in that thread', async () => {
    const parent = nextTs();
    const { from } = await mention('summary', { thread_ts: parent });
    const answer = await api.waitFor('chat.postMessage', inChannel, { from });
    expect(answer.args.thread_ts).to.equal(parent);
  });

  it('shows `whoami` to the person only, in the thread', async () => {
    const { from, ts } = await mention('whoami');
    const answer = await api.waitFor('chat.postEphemeral', inChannel, { from });
    expect(answer.args).to.include({ user: member.userId, thread_ts: ts });
    expect(String(answer.args.text)).to.include('You are Tess Threads');
    expect(api.calls.slice(from).filter((c) => c.method === 'chat.postMessage'), 'nothing for the whole channel').to.have.length(0);
  });

  it('shows "my milestones" to the person only; a list of the plan goes to the channel', async () => {
    const mine = await mention('milestones mine');
    const own = await api.waitFor('chat.postEphemeral', inChannel, { from: mine.from });
    expect(own.args.user).to.equal(member.userId);
    expect(String(own.args.text)).to.match(/^Your milestones/);
    const all = await mention('milestones overdue all');
    await api.waitFor('chat.postMessage', inChannel, { from: all.from });
  });

  it('gives every card message its reply\'s one-line summary as the fallback text', async () => {
    const from = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(member, 'help')));
    const help = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(member), { from });
    expect(help.args.text).to.equal('What I can do');
    const list = await mention('milestones overdue all');
    const posted = await api.waitFor('chat.postMessage', inChannel, { from: list.from });
    expect(String(posted.args.text)).to.match(/^Milestones: \d+/);
    expect(String(posted.args.text)).not.to.include('\n');
  });
});
