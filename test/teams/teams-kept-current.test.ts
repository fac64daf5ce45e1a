// Milestone cards the bot posted in a Teams channel are kept current (issue 18 §3): `milestone ID`
// asked in a channel posts the card (to the stand-in Bot Connector, which gives it an id); after a
// saved change to that milestone, from a dialog or from Slack, the bot replaces that message with
// the milestone's current card (updateActivity: PUT .../activities/{id}). A message the connector
// refuses (deleted, bot removed) is forgotten.
import { expect } from 'chai';
import { addDays, format, parseISO } from 'date-fns';
import { assignOwner, registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type ConnectorCall, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardText, dialogActivity, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const CHANNEL = '19:keptcurrent0channel@thread.tacv2';

describe('Teams: milestone cards posted in a channel are replaced by the current card after a change (updateActivity)', function () {
  this.timeout(30_000);
  let bot: RunningBot;
  let connector: StandInConnector;
  const owner = teamsUser('Kim Owner');
  let milestoneId = '';

  const puts = (from: number) => connector.calls.slice(from).filter((c) => c.method === 'PUT');
  async function waitForPut(from: number, activityId: string): Promise<ConnectorCall> {
    for (let i = 0; i < 100; i += 1) {
      const found = puts(from).find((c) => c.path.endsWith(`/activities/${encodeURIComponent(activityId)}`));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no PUT of ${activityId}; calls: ${connector.calls.slice(from).map((c) => `${c.method} ${c.path}`).join(', ')}`);
  }
  /** `milestone ID` said in the channel: the card is posted to the connector, whose answer gives it an id. */
  async function postedCardId(): Promise<string> {
    const from = connector.calls.length;
    const answer = await postActivity(bot.url, messageActivity(`milestone ${milestoneId}`, { from: owner, conversation: 'channel', conversationId: CHANNEL, serviceUrl: connector.url, expectReplies: false }));
    expect(answer.status).to.equal(200);
    const posted = connector.calls.slice(from).find((c) => c.method === 'POST' && c.path.includes('/activities'));
    const id = Object(posted?.answer).id as unknown;
    if (typeof id !== 'string') throw new Error('the card was not posted to the connector');
    return id;
  }
  async function save(status: string, revisedDays?: number): Promise<void> {
    const m = bot.store.get('milestones', milestoneId);
    const revisedDue = revisedDays === undefined ? '' : format(addDays(parseISO(m?.originalDue ?? '2027-01-01'), revisedDays), 'yyyy-MM-dd');
    const answer = await postActivity(bot.url, dialogActivity('task/submit', { verb: 'milestone.update', id: milestoneId, version: m?.version, status, commentary: `Now ${status}.`, revisedDue, evidence: '' }, { from: owner, serviceUrl: connector.url }));
    expect(answer.status).to.equal(200);
    expect(bot.store.get('milestones', milestoneId)?.status).to.equal(status);
  }

  before(async () => {
    bot = await startRunningBot();
    connector = await startStandInConnector();
    const person = await registerTeamsPerson(bot.store, owner, ['member']);
    milestoneId = bot.store.all('milestones').find((m) => m.status === 'on-track')?.id ?? '';
    await assignOwner(bot.store, milestoneId, person.id);
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  it('replaces the posted card with the current, dated card after a save made in a dialog elsewhere', async () => {
    const activityId = await postedCardId();
    const from = connector.calls.length;
    await save('delayed', 30);
    const put = await waitForPut(from, activityId);
    expect(put.path).to.include(encodeURIComponent(CHANNEL));
    const card = (put.body.attachments as { content: unknown }[] | undefined)?.[0]?.content;
    expect(cardText(card), cardText(card)).to.include(`Milestone ${milestoneId}`).and.include('Amber').and.include('Status as of');
  });

  it('forgets a message the connector refuses (404: deleted), and does not try it again', async () => {
    const activityId = await postedCardId();
    connector.failFor(`/activities/${encodeURIComponent(activityId)}`, 404);
    let from = connector.calls.length;
    await save('on-track');
    await waitForPut(from, activityId);
    from = connector.calls.length;
    await save('delayed', 40);
    // The first card (still there) is updated; the refused one is not asked for again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(puts(from).filter((c) => c.path.endsWith(`/activities/${encodeURIComponent(activityId)}`))).to.deep.equal([]);
    expect(puts(from).length).to.be.at.least(1);
  });
});
