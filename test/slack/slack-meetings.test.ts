// Making and moving a forum meeting entirely in Slack: `/forum new meeting` opens the form as a
// modal, Slack sends the times back as `selected_time` (the field it documents for a timepicker),
// and the meeting is saved at that time; Edit on the meetings list opens the same form with the
// meeting's times filled in, and a changed time is saved.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { blockActions, modalValues, postSlack, slackEnv, slashCommand, slackUser, viewSubmission, type SlackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { buttonsIn, startStandInSlackApi, textOf, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: making and moving a meeting in a modal', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const coordinator = slackUser('Cass Coordinator');
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const london = (iso: string) => format(new TZDate(Date.parse(iso), 'Europe/London'), 'yyyy-MM-dd HH:mm');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, coordinator, ['coordinator'], 'rmbc', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const mark = () => api.calls.length;
  const viewOf = (call: SlackApiCall) => call.args.view;
  const submit = (user: SlackUser, opened: SlackApiCall, answers: Record<string, string>) =>
    postSlack(bot.url, viewSubmission(user, { id: String(Object(opened.response?.view).id), privateMetadata: String(Object(viewOf(opened)).private_metadata), values: modalValues(viewOf(opened), answers) }));
  const command = async (text: string): Promise<{ from: number; trigger: string; responseUrl: string }> => {
    const from = mark();
    const trigger = `trigger-${from}`;
    const responseUrl = api.responseUrl(`meetings-${from}`);
    expect((await postSlack(bot.url, slashCommand(coordinator, text, { responseUrl, triggerId: trigger }))).status).to.equal(200);
    return { from, trigger, responseUrl };
  };
  const meetingTitled = (title: string) => bot.store.all('meetings').find((m) => m.title === title);

  it('saves a new meeting at the start and end times picked in the modal', async () => {
    const { from, trigger } = await command('new meeting');
    const opened = await api.waitFor('views.open', (c) => c.args.trigger_id === trigger, { from });
    const date = inDays(21);
    const answer = await submit(coordinator, opened, { title: 'Slack-made meeting', date, startTime: '18:30', endTime: '20:00', repeat: 'none', location: 'Riverside House' });
    expect(answer.status).to.equal(200);
    expect(JSON.stringify(answer.json ?? {}), 'no complaint about the times').not.to.include('start time');
    const meeting = meetingTitled('Slack-made meeting');
    expect(meeting, 'the meeting is saved').to.not.equal(undefined);
    expect(london(meeting?.startsAt ?? '')).to.equal(`${date} 18:30`);
    expect(london(meeting?.endsAt ?? '')).to.equal(`${date} 20:00`);
  });

  it('opens Edit with the meeting\'s times filled in, and saves a changed start time', async () => {
    const meeting = meetingTitled('Slack-made meeting');
    const { from, responseUrl } = await command('meetings');
    const list = await api.waitFor('response_url', (c) => c.path.endsWith(encodeURIComponent(`meetings-${from}`)), { from });
    expect(meeting, 'the meeting saved by the test before').to.not.equal(undefined);
    const edit = buttonsIn(list.args.blocks).find((b) => b.text === 'Edit' && b.value.includes(String(meeting?.id)));
    expect(edit, 'an Edit button for the meeting').to.not.equal(undefined);
    const clickFrom = mark();
    const trigger = `trigger-edit-${clickFrom}`;
    await postSlack(bot.url, blockActions(coordinator, edit?.value ?? '', { channel: 'C0FORUMCH', messageTs: '1700000000.000100', ephemeral: true, responseUrl, triggerId: trigger }));
    const opened = await api.waitFor('views.open', (c) => c.args.trigger_id === trigger, { from: clickFrom });
    const start = Object(viewOf(opened)).blocks.find((b: { block_id?: string }) => b.block_id === 'startTime');
    expect(start?.element).to.deep.include({ type: 'timepicker', initial_time: '18:30' });
    expect(textOf(viewOf(opened))).to.include('Slack-made meeting');

    const date = london(meeting?.startsAt ?? '').slice(0, 10);
    const answer = await submit(coordinator, opened, { title: 'Slack-made meeting', date, startTime: '19:15', endTime: '20:45', location: 'Riverside House' });
    expect(answer.status).to.equal(200);
    const moved = bot.store.get('meetings', meeting?.id ?? '');
    expect(london(moved?.startsAt ?? '')).to.equal(`${date} 19:15`);
    expect(london(moved?.endsAt ?? '')).to.equal(`${date} 20:45`);
    expect(moved?.version).to.equal((meeting?.version ?? 0) + 1);
  });
});
