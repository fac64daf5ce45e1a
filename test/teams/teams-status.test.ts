// The admins' `status` card from Teams, over real HTTP on a fake clock: what it says after a fresh
// start, what it counts once a welcome was refused (a logged error) and a channel refused a reminder
// (an undelivered message, an inactive subscription), and that both drop out after 24 hours.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { formatInstant } from '../../src/cards/format.ts';
import { formatBytes } from '../../src/bot/views/status-view.ts';
import { APP_VERSION } from '../../src/version.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { baseActivity, cardOf, cardText, mentionActivity, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const CHANNEL = '19:forum-status@thread.tacv2';

describe('Teams: the admins\' status card', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const started = new Date();
  let clock = started;
  const admin = teamsUser('Ada Admin');
  const coordinator = teamsUser('Chris Coordinator');
  const member = teamsUser('Mo Member');

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot({ ADMINS: `teams:${admin.aadObjectId}` }, () => clock);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
    await registerTeamsPerson(bot.store, member, ['member']);
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  /** Every post goes through the stand-in connector, so the admins' private alerts reach somewhere real. */
  async function status(from = admin) {
    const answer = await postActivity(bot.url, messageActivity('status', { from, serviceUrl: connector.url }));
    expect(answer.status).to.equal(200);
    expect(answer.activities).to.have.length(1);
    return answer.activities[0] ?? {};
  }
  const errorLines = () => bot.logs.filter((l) => Number(l.level) >= 50).length;
  /** The newest backup's time as written inside the backup files, independently of how the bot finds it. */
  function newestBackupTime(): string {
    const folder = path.join(bot.dataDir, 'backups');
    const times = readdirSync(folder).map((f) => String((JSON.parse(readFileSync(path.join(folder, f), 'utf8')) as { createdAt: string }).createdAt));
    return times.sort().at(-1) ?? '';
  }

  it('refuses members, coordinators and unknown people in words, as the other admin-only commands do', async () => {
    for (const person of [member, coordinator, teamsUser('Una Known')]) {
      const reply = await status(person);
      expect(cardOf(reply), 'no card').to.equal(undefined);
      expect(reply.text).to.equal("Only forum admins can see the bot's status.");
    }
  });

  it('shows version, uptime, data size, the newest backup, what waits to be sent and the subscriptions', async () => {
    const text = cardText(cardOf(await status()));
    const waiting = bot.store.all('jobs').filter((j) => j.status === 'pending').length;
    expect(text).to.include('Bot status');
    expect(text).to.include(`${APP_VERSION} (Node.js ${process.version})`);
    expect(text).to.include(`under a minute (since ${formatInstant(started.toISOString())})`);
    expect(text).to.include(`${formatBytes(bot.store.info().dataBytes)} in the data files`);
    expect(text).to.include(formatInstant(newestBackupTime()));
    expect(text).to.include(waiting === 0 ? 'nothing' : `${waiting} scheduled message`);
    expect(text).to.include('0 active, 0 inactive');
    expect(text).to.include(`${errorLines()} logged error`);
    expect(text).to.include('0 scheduled messages not delivered');
    expect(text, 'the card says what it counts').to.include('error lines this bot process logged in the last 24 hours');
  });

  it('counts logged errors and a reminder a channel refused (undelivered, subscription inactive), for 24 hours', async () => {
    // A subscribed channel that removed the bot: its reminder fails for good and the subscription goes inactive.
    const subscribed = await postActivity(bot.url, mentionActivity('subscribe reminders', { from: coordinator, conversationId: CHANNEL, serviceUrl: connector.url }));
    expect(subscribed.activities[0]?.text).to.include('Subscribed');
    connector.failFor('forum-status', 403);
    const reminder = [...bot.store.all('jobs')].filter((j) => j.kind === 'meeting-reminder' && j.status === 'pending').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    expect(reminder, 'a reminder planned for the channel').to.not.equal(undefined);
    clock = new Date(Date.parse(String(reminder?.dueAt)) + 60_000);
    const before = errorLines();
    await bot.jobs.scheduler.tick();
    expect(bot.store.get('jobs', String(reminder?.id))?.status).to.equal('failed');

    // The bot added to a conversation whose Bot Connector refuses the welcome: the turn fails and is logged as an error.
    connector.failFor('refusing', 403);
    const added = baseActivity('conversationUpdate', { from: member, serviceUrl: connector.url, expectReplies: false, conversationId: 'a:refusing' });
    expect((await postActivity(bot.url, { ...added, membersAdded: [{ id: '28:scf-bot' }] })).status).to.equal(200);
    const logged = errorLines() - before;
    expect(logged, 'error lines since the clock moved').to.be.greaterThan(0);

    const card = cardOf(await status());
    const text = cardText(card);
    expect(text).to.include('Needs a look');
    expect(text).to.include(`${logged} logged error${logged === 1 ? '' : 's'}; 1 scheduled message not delivered`);
    expect(text).to.include('0 active, 1 inactive');
    expect(text).to.include('Not delivered in the last 24 hours');
    expect(text).to.include(`Meeting reminder to Teams: ${bot.store.all('subscriptions')[0]?.label ?? 'a channel or group chat whose name Teams did not give'}, due ${formatInstant(String(reminder?.dueAt))}`);
    expect(text).to.include(String(bot.store.get('jobs', String(reminder?.id))?.lastError));

    // A day and an hour later (before the next reminder is due) neither counts any more.
    clock = new Date(clock.getTime() + 25 * 3_600_000);
    const later = cardText(cardOf(await status()));
    expect(later).to.include('0 logged errors; 0 scheduled messages not delivered');
    expect(later).to.not.include('Not delivered in the last 24 hours');
    expect(later).to.include('0 active, 1 inactive');
  });
});
