// Real @mentions where a channel post concerns people (issue 18 §4): the meeting pack posted to a
// subscribed Teams channel and Slack channel names the chair and the owners of the milestones it
// lists, and an overdue list asked for in a channel names their owners, as mentions on the
// platform where the person's account is known and as plain names elsewhere. Teams: `<at>Name</at>`
// in a TextBlock with a matching `msteams.entities` mention (Microsoft Teams docs, "Mention support
// within Adaptive Cards"); Slack: `<@U…>` in the mrkdwn. Read from what the stand-in Bot Connector
// and the stand-in Slack Web API received; the Teams card checked against the Adaptive Card 1.5
// schema and the official renderer, with a screenshot.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { saveMeeting, subscribeSlackChannel, subscribeTeamsChannel } from '../helpers/reminder-setup.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { eventBody, mentionEvent, postSlack, slackEnv, slackUser } from '../helpers/slack-requests.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { cardOf, cardText, mentionActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { adaptiveCardSchemaValidator, rendererProblems } from '../helpers/schema-validation.ts';
import { startCardBrowser } from '../helpers/card-in-browser.ts';
import type { Person } from '../../src/domain/model.ts';

const TEAMS_CHANNEL = '19:forum-mentions@thread.tacv2';
const SLACK_CHANNEL = 'C0MENTION1';
const MEETING = { title: 'Spring forum', date: '2027-03-31' };
const setup = { actor: { name: 'test setup' }, via: 'cli' } as const;

type Entity = { type: string; text: string; mentioned: { id: string; name: string } };
const entitiesOf = (card: unknown): Entity[] => ((card as { msteams?: { entities?: Entity[] } } | undefined)?.msteams?.entities ?? []);

describe('mentions: the meeting pack and overdue lists name the people they concern, as real @mentions', function () {
  this.timeout(60_000);
  let connector: StandInConnector;
  let api: StandInSlackApi;
  let bot: RunningBot;
  let clock = new Date('2027-03-23T12:00:00Z');
  const coordinator = teamsUser('Chris Coordinator');
  const teamsOwner = teamsUser('Tia Teams');
  const chair = teamsUser('Cath Chair');
  const slackCoordinator = slackUser('Cass Coordinator');
  const slackOwner = slackUser('Sol Slack');
  let tia: Person;
  let sol: Person;

  before(async () => {
    connector = await startStandInConnector();
    api = await startStandInSlackApi();
    bot = await startRunningBot({ ...slackEnv(api.url), REMINDER_DAYS_BEFORE: '7' }, () => clock);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
    tia = await registerTeamsPerson(bot.store, teamsOwner, ['member']);
    const cath = await registerTeamsPerson(bot.store, chair, ['member']);
    await registerSlackPerson(bot.store, slackCoordinator, ['coordinator'], 'voluntary-action-rotherham', api);
    sol = await registerSlackPerson(bot.store, slackOwner, ['member'], 'voluntary-action-rotherham', api);
    await subscribeTeamsChannel(bot.url, coordinator, TEAMS_CHANNEL, connector.url);
    await subscribeSlackChannel(bot.url, slackCoordinator, SLACK_CHANNEL, api);
    await saveMeeting(bot.url, coordinator, MEETING);
    // Two milestones due first before the meeting, one owned by each; the one overdue first, Sol's.
    await bot.store.transact(setup, (tx) => {
      const open = tx.all('milestones').filter((m) => m.status === 'on-track' || m.status === 'not-started');
      const [a, b, c] = open;
      if (!a || !b || !c) throw new Error('the seed has too few open milestones');
      tx.put('milestones', { ...a, originalDue: '2027-03-24', revisedDue: undefined, owner: { ...a.owner, personId: tia.id } }, { action: 'milestone.assign' });
      tx.put('milestones', { ...b, originalDue: '2027-03-24', revisedDue: undefined, owner: { ...b.owner, personId: sol.id } }, { action: 'milestone.assign' });
      tx.put('milestones', { ...c, originalDue: '2020-01-02', revisedDue: undefined, owner: { ...c.owner, personId: sol.id } }, { action: 'milestone.assign' });
      const meeting = tx.all('meetings').find((m) => m.title === MEETING.title);
      if (!meeting) throw new Error('the meeting was not saved');
      tx.put('meetings', { ...meeting, chairPersonId: cath.id }, { action: 'meeting.edit' });
    });
    clock = new Date('2027-03-24T09:00:30Z');
    await bot.jobs.scheduler.tick();
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    await api.close();
    removeTempDirs();
  });

  const teamsPack = () => connector.calls.find((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(TEAMS_CHANNEL)) && cardText(c.body).includes('the meeting pack'));
  const slackPack = () => api.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === SLACK_CHANNEL && JSON.stringify(c.args).includes('the meeting pack'));

  it('Teams: the chair and the Teams owner are <at> mentions with entities (Entra object ids); the Slack owner is a plain name', () => {
    const card = cardOf(teamsPack()?.body as Record<string, unknown>);
    const text = cardText(card);
    expect(text).to.include('<at>Cath Chair</at>').and.include('<at>Tia Teams</at>').and.include('Sol Slack');
    expect(text).not.to.include('<at>Sol Slack</at>');
    expect(entitiesOf(card)).to.deep.include.members([
      { type: 'mention', text: '<at>Cath Chair</at>', mentioned: { id: chair.aadObjectId, name: 'Cath Chair' } },
      { type: 'mention', text: '<at>Tia Teams</at>', mentioned: { id: teamsOwner.aadObjectId, name: 'Tia Teams' } },
    ]);
    // Every mention in the text has its entity, and no entity is left without its text.
    for (const entity of entitiesOf(card)) expect(text).to.include(entity.text);
  });

  it('Slack: the Slack owner is <@U…> in the mrkdwn; the Teams people are plain names, no <at> tag left', () => {
    const blocks = JSON.stringify(slackPack()?.args.blocks);
    expect(blocks).to.include(`<@${slackOwner.userId}>`);
    expect(blocks).to.include('Tia Teams').and.include('Cath Chair');
    expect(blocks).not.to.match(/&lt;at&gt;|<at>/);
  });

  it('an overdue list asked for in a channel mentions its owners (Teams entities; Slack <@U…>)', async () => {
    const teams = await postActivity(bot.url, mentionActivity('milestones overdue', { from: coordinator, conversationId: TEAMS_CHANNEL }));
    const card = cardOf(teams.activities[0]);
    expect(cardText(card)).to.include('Sol Slack');
    const from = api.calls.length;
    await postSlack(bot.url, eventBody(mentionEvent(slackCoordinator, '<@UFORUMBOT> milestones overdue', { channel: SLACK_CHANNEL })));
    const posted = await api.waitFor('chat.postMessage', (c) => c.args.channel === SLACK_CHANNEL && JSON.stringify(c.args).includes('Overdue'), { from });
    expect(JSON.stringify(posted.args.blocks)).to.include(`<@${slackOwner.userId}>`);
  });

  it('the Teams card with mentions is valid Adaptive Card 1.5 and the official renderer draws it (screenshot)', async () => {
    const card = cardOf(teamsPack()?.body as Record<string, unknown>);
    expect(adaptiveCardSchemaValidator().validate(card)).to.deep.equal([]);
    expect(rendererProblems(card)).to.deep.equal([]);
    const browser = await startCardBrowser();
    try {
      const { page, problems } = await browser.render(card, 450);
      expect(problems).to.deep.equal([]);
      await browser.screenshot(page, 'meeting-pack-mentions');
    } finally {
      await browser.close();
    }
  });
});
