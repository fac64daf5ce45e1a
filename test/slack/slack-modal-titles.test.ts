// One short title per form, the same every time: a modal's title is named by what the form does,
// never by its heading (cut at 24 characters: "Log community intellige…"), nor by the record it
// shows ("Update BSC-3.3-M1" one time, "Stronger Communities" the next).
import { expect } from 'chai';
import { hasInputs } from '../../src/channels/slack/card-reading.ts';
import { sampleEntries } from '../../src/cards/card-samples.ts';
import { FORM_TITLES, formVerb } from '../../src/cards/form-titles.ts';
import { findMilestones } from '../../src/domain/milestones/milestone-queries.ts';
import { localDate } from '../../src/domain/calendar.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { blockActions, postSlack, slackEnv, slashCommand, slackUser } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { buttonsIn, startStandInSlackApi, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Slack: modal titles', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const coordinator = slackUser('Tia Titles');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, coordinator, ['coordinator', 'admin'], 'rmbc', api);
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const titleOf = (opened: SlackApiCall) => String(Object(Object(opened.args.view).title).text);
  async function openWith(text: string): Promise<SlackApiCall> {
    const from = api.calls.length;
    await postSlack(bot.url, slashCommand(coordinator, text, { responseUrl: api.responseUrl(`t-${from}`), triggerId: `trigger-${from}` }));
    return api.waitFor('views.open', (c) => c.args.trigger_id === `trigger-${from}`, { from });
  }

  it('gives every form its own short title, the same for every record it opens on', async () => {
    const [first, second] = findMilestones(bot.store, { today: localDate(new Date()), statuses: ['not-started', 'on-track'] });
    expect(titleOf(await openWith(`update ${first?.id}`))).to.equal('Update a milestone');
    expect(titleOf(await openWith(`update ${second?.id}`))).to.equal('Update a milestone');
    expect(titleOf(await openWith('log intel'))).to.equal('Log intelligence');
    expect(titleOf(await openWith('new meeting'))).to.equal('Forum meeting');
    expect(titleOf(await openWith('add person'))).to.equal('Add a person');
  });

  it('keeps the title when a form is opened from a button on a record (Edit meeting)', async () => {
    const from = api.calls.length;
    const responseUrl = api.responseUrl(`list-${from}`);
    await postSlack(bot.url, slashCommand(coordinator, 'meetings', { responseUrl }));
    const list = await api.waitFor('response_url', (c) => c.path.endsWith(`list-${from}`), { from });
    const edit = buttonsIn(list.args.blocks).find((b) => b.text === 'Edit');
    expect(edit, 'an Edit button on the meetings list').to.not.equal(undefined);
    const click = api.calls.length;
    await postSlack(bot.url, blockActions(coordinator, edit?.value ?? '', { messageTs: '1700000000.000400', ephemeral: true, responseUrl, triggerId: `trigger-edit-${click}` }));
    const opened = await api.waitFor('views.open', (c) => c.args.trigger_id === `trigger-edit-${click}`, { from: click });
    expect(titleOf(opened)).to.equal('Forum meeting');
  });

  it('has a title of at most 24 characters for the submit of every form card the bot can send', () => {
    for (const entry of sampleEntries()) {
      const card = entry.render();
      if (!hasInputs(card)) continue;
      const verb = formVerb(card);
      expect(verb, `${entry.card} (${entry.label}) submits with a verb that has a form title`).to.be.a('string');
      expect(FORM_TITLES[verb ?? '']?.length, `${entry.card}'s title`).to.be.within(1, 24);
    }
  });
});
