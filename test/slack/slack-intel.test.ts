// Community intelligence from Slack: `/forum log intel` opens the form as a modal (private even
// in a channel), the personal-data check comes back in the modal, and the confirmation reaches the
// person only. An @mention in a channel is refused without a word about any report.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { expect } from 'chai';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { dmChannelOf, dmEvent, eventBody, mentionEvent, modalValues, postSlack, slackEnv, slashCommand, slackUser, viewSubmission } from '../helpers/slack-requests.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInSlackApi, textOf, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const DESCRIPTION = 'Posters about a march were put up near the library';

describe('Slack: logging community intelligence', function () {
  let bot: RunningBot;
  let api: StandInSlackApi;
  const officer = slackUser('Vic Volunteer');
  const reviewer = slackUser('Remi Reviewer');

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await registerSlackPerson(bot.store, officer, ['member'], 'voluntary-action-rotherham', api);
    await registerSlackPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police', api);
    // The reviewer has written to the bot in a DM: that is where alerts reach them.
    const from = mark();
    await postSlack(bot.url, eventBody(dmEvent(reviewer, 'whoami')));
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(reviewer), { from });
  });
  after(async () => {
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  const mark = () => api.calls.length;
  const viewOf = (call: SlackApiCall) => call.args.view;
  const open = async (): Promise<SlackApiCall> => {
    const from = mark();
    const answer = await postSlack(bot.url, slashCommand(officer, 'log intel', { responseUrl: api.responseUrl(`intel-${from}`), triggerId: `trigger-${from}`, channel: 'C0FORUMCH', channelName: 'forum-partners' }));
    expect(answer.status).to.equal(200);
    return api.waitFor('views.open', (c) => c.args.trigger_id === `trigger-${from}`, { from });
  };
  const answers = (description: string): Record<string, string | string[]> => ({
    occurredDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    occurredTime: '18:30',
    areaId: 'E05012996',
    category: 'protest-or-march',
    description,
    sourceType: 'own-observation',
    sourceReliability: 'reliable',
    informationConfidence: 'known-directly',
    tensionLevel: '2',
    tensionTrend: 'stable',
    handling: 'OFFICIAL',
  });

  it('opens the form as a modal from a channel, with the 999/101 reminder', async () => {
    const opened = await open();
    expect(textOf(viewOf(opened))).to.include('999').and.include('101');
    expect(api.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0FORUMCH'), 'nothing posted in the channel').to.have.length(0);
  });

  it('answers likely identifiers in the modal and saves the confirmed report privately', async () => {
    const opened = await open();
    const viewId = String(Object(opened.response?.view).id);
    const metadata = String(Object(viewOf(opened)).private_metadata);
    const first = await postSlack(bot.url, viewSubmission(officer, { id: viewId, privateMetadata: metadata, values: modalValues(viewOf(opened), answers(`${DESCRIPTION}; call 07700 900123`)) }));
    expect(first.status).to.equal(200);
    expect(JSON.stringify(first.json)).to.include('07700 900123');
    expect(bot.store.count('intelReports')).to.equal(0);

    const from = mark();
    const saved = await postSlack(bot.url, viewSubmission(officer, { id: viewId, privateMetadata: metadata, values: modalValues(viewOf(opened), answers(DESCRIPTION)) }));
    expect(saved.status).to.equal(200);
    expect(bot.store.count('intelReports')).to.equal(1);
    // The time picked in the modal (Slack's `selected_time`) is the time stored, not noon.
    const report = bot.store.all('intelReports')[0];
    expect(format(new TZDate(Date.parse(report?.occurredAt ?? ''), 'Europe/London'), 'HH:mm')).to.equal('18:30');
    expect(report?.occurredTimeKnown).to.not.equal(false);
    const channelPosts = api.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0FORUMCH');
    expect(channelPosts, 'nothing about the report in the channel').to.have.length(0);
    // The confirmation goes back where the form came from: the person who ran /forum, privately.
    const told = await api.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Report logged'), { from });
    expect(JSON.stringify(told.args)).to.match(/Report logged: INT-/);
    expect(JSON.stringify(told.args)).not.to.include('"response_type":"in_channel"');
  });

  it('lists a house-number address, a social-media handle and a labelled phone number in the modal, and saves nothing', async () => {
    const opened = await open();
    const viewId = String(Object(opened.response?.view).id);
    const metadata = String(Object(viewOf(opened)).private_metadata);
    const before = bot.store.count('intelReports');
    const description = `${DESCRIPTION}; the organiser lives at 9b Station Road, posts as @someone on Twitter, tel:0114 496 0000`;
    const answer = await postSlack(bot.url, viewSubmission(officer, { id: viewId, privateMetadata: metadata, values: modalValues(viewOf(opened), answers(description)) }));
    expect(answer.status).to.equal(200);
    const shown = JSON.stringify(answer.json);
    expect(shown).to.include('a house number and street').and.include('9b Station Road');
    expect(shown).to.include('a social-media account or link').and.include('@someone');
    expect(shown).to.include('a phone number').and.include('0114 496 0000');
    expect(bot.store.count('intelReports')).to.equal(before);
  });

  it('answers the forum\'s rules beside the fields they concern (response_action: errors), not as a list above the form', async () => {
    const opened = await open();
    const viewId = String(Object(opened.response?.view).id);
    const metadata = String(Object(viewOf(opened)).private_metadata);
    const before = bot.store.count('intelReports');
    const answer = await postSlack(bot.url, viewSubmission(officer, { id: viewId, privateMetadata: metadata, values: modalValues(viewOf(opened), { ...answers(DESCRIPTION), category: 'hate-incident', location: '14 Station Road' }) }));
    expect(answer.status).to.equal(200);
    expect(answer.json).to.have.property('response_action', 'errors');
    const errors = Object(Object(answer.json).errors);
    expect(errors).to.have.all.keys('hateStrands', 'location');
    expect(errors.hateStrands).to.equal('A hate incident needs at least one hate strand');
    expect(errors.location).to.include('without a house number');
    expect(bot.store.count('intelReports')).to.equal(before);
  });

  it('alerts the reviewer in their DM for a level 4 report, with its id and never its text', async () => {
    const opened = await open();
    const viewId = String(Object(opened.response?.view).id);
    const metadata = String(Object(viewOf(opened)).private_metadata);
    const from = mark();
    await postSlack(bot.url, viewSubmission(officer, { id: viewId, privateMetadata: metadata, values: modalValues(viewOf(opened), { ...answers('Threats were painted on a wall'), tensionLevel: '4' }) }));
    const alert = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(reviewer) && JSON.stringify(c.args).includes('Intelligence alert'), { from });
    expect(JSON.stringify(alert.args)).to.include('tension level 4');
    expect(JSON.stringify(alert.args)).not.to.include('Threats were painted');
  });

  it('answers an @mention in a channel by sending the form to the person\'s DM, and says only that in the channel', async () => {
    const from = mark();
    await postSlack(bot.url, eventBody(mentionEvent(officer, 'log intel')));
    const reply = await api.waitFor('chat.postMessage', (c) => c.args.channel === 'C0FORUMCH', { from });
    expect(textOf(reply.args)).to.include('I have sent you a private message');
    expect(JSON.stringify(reply.args)).not.to.include(DESCRIPTION);
    const opened = await api.waitFor('conversations.open', (c) => c.args.users === officer.userId, { from });
    expect(opened.response?.ok).to.equal(true);
    const form = await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(officer), { from });
    expect(textOf(form.args)).to.include('999');
  });

  it('refuses an @mention in a channel, without saying anything about reports, when Slack will not open a DM', async () => {
    const someone = slackUser('Nia Newcomer');
    await registerSlackPerson(bot.store, someone, ['member'], 'rmbc', api);
    api.failNext('conversations.open', 'missing_scope');
    const from = mark();
    await postSlack(bot.url, eventBody(mentionEvent(someone, 'log intel')));
    const reply = await api.waitFor('chat.postMessage', () => true, { from });
    expect(reply.args.channel).to.equal('C0FORUMCH');
    expect(JSON.stringify(reply.args)).to.include('only in our 1:1 chat');
    expect(JSON.stringify(reply.args)).not.to.include(DESCRIPTION);
  });
});
