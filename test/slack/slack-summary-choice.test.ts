// Where the intelligence summary goes in Slack (issue 19, §5): a channel subscribed by @mention is
// judged by the Events API envelope's `is_ext_shared_channel` (Slack Connect: the summary is left
// out of its meeting pack by default; an internal channel keeps it); a slash command says nothing
// about the channel, so the summary is left out until a coordinator includes it. The reminders
// posted to each channel follow its choice.
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { eventBody, mentionEvent, postSlack, slackEnv, slashCommand, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { anIntelReport } from '../store/store-fixtures.ts';

const INTERNAL = 'C0INTERNAL';
const CONNECT = 'C0CONNECT';
const BY_COMMAND = 'C0COMMAND';

describe('Slack: the tensions summary in a channel\'s meeting pack', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  let clock = new Date();
  const coordinator = slackUser('Cass Coordinator');

  /** An @mention as the Events API delivers it, with the envelope's Slack Connect flag. */
  const mention = (text: string, channel: string, externallyShared: boolean) =>
    JSON.stringify({ ...(JSON.parse(eventBody(mentionEvent(coordinator, `<@UFORUMBOT> ${text}`, { channel }))) as Record<string, unknown>), is_ext_shared_channel: externallyShared });
  const answerIn = async (channel: string, body: string) => {
    const from = api.calls.length;
    expect((await postSlack(bot.url, body)).status).to.equal(200);
    return textOf((await api.waitFor('chat.postMessage', (c) => c.args.channel === channel, { from })).args);
  };

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url), () => clock);
    await registerSlackPerson(bot.store, coordinator, ['coordinator'], 'voluntary-action-rotherham', api);
    const at = new Date(clock.getTime() - 60_000).toISOString();
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      for (const i of [1, 2, 3]) tx.put('intelReports', anIntelReport({ id: `INT-SL-${i}`, areaId: 'E05012996', occurredAt: at, reportedAt: at }), { action: 'test.setup' });
    });
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  it('an internal channel keeps the summary; a Slack Connect channel, and one subscribed by slash command, leave it out', async () => {
    expect(await answerIn(INTERNAL, mention('subscribe reminders', INTERNAL, false))).to.include('includes the community tensions summary');
    expect(await answerIn(CONNECT, mention('subscribe reminders', CONNECT, true))).to.include('leaves out the community tensions summary').and.include('members from other organisations');
    const from = api.calls.length;
    await postSlack(bot.url, slashCommand(coordinator, 'subscribe reminders', { responseUrl: api.responseUrl('by-command'), channel: BY_COMMAND, channelName: 'forum-command' }));
    const told = await api.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Subscribed'), { from });
    expect(JSON.stringify(told.args)).to.include('I cannot tell whether this conversation has members from other organisations').and.include('with tensions');
  });

  it('the reminders follow each channel\'s choice', async () => {
    const job = [...bot.store.all('jobs')].filter((j) => j.kind === 'meeting-reminder' && j.status === 'pending').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    const from = api.calls.length;
    clock = new Date(Date.parse(String(job?.dueAt)) + 60_000);
    await bot.jobs.scheduler.tick();
    const posted = (channel: string) => JSON.stringify(api.calls.slice(from).find((c) => c.method === 'chat.postMessage' && c.args.channel === channel)?.args.blocks ?? null);
    expect(posted(INTERNAL)).to.include('Boston Castle');
    for (const channel of [CONNECT, BY_COMMAND]) expect(posted(channel), channel).to.include('Not shown in this conversation').and.not.include('Boston Castle');
  });

  it('a coordinator includes it by slash command, for that channel only', async () => {
    const from = api.calls.length;
    await postSlack(bot.url, slashCommand(coordinator, 'subscribe reminders with tensions', { responseUrl: api.responseUrl('with'), channel: BY_COMMAND, channelName: 'forum-command' }));
    const told = await api.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Subscription updated'), { from });
    expect(JSON.stringify(told.args)).to.include('includes the community tensions summary');
    const choices = Object.fromEntries(bot.store.all('subscriptions').map((s) => [s.target.platform === 'slack' ? s.target.channelId : '', s.intelSummary]));
    expect(choices).to.deep.equal({ [INTERNAL]: true, [CONNECT]: false, [BY_COMMAND]: true });
  });
});
