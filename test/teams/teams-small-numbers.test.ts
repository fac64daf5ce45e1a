// Small numbers over real HTTP: every summary the forum sees (the `tensions` card, the meeting pack
// asked for in a chat, and the pack a subscribed channel is sent before a meeting) shows a count of
// 1 or 2 reports as "fewer than 3", so it never points at one family; 3 or more are shown as they are.
import { TZDate } from '@date-fns/tz';
import { expect } from 'chai';
import type { IntelReport } from '../../src/domain/model.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { subscribeTeamsChannel } from '../helpers/reminder-setup.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardOf, cardText, mentionActivity, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { anIntelReport } from '../store/store-fixtures.ts';

const KEPPEL = 'E05013004';
const ROTHER_VALE = 'E05013009';
const BOSTON_CASTLE = 'E05012996';
const WATH = 'E05013016';
const CHANNEL = '19:forum-small-numbers@thread.tacv2';
const DAY = 86_400_000;

describe('Teams: small numbers in every intelligence summary', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  let clock = new Date();
  const coordinator = teamsUser('Chris Coordinator');
  const member = teamsUser('Mo Member');

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot({}, () => clock);
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    await registerTeamsPerson(bot.store, member, ['member'], 'rmbc');
    // Since the seed's last held meeting (about 40 days ago): Keppel 1, Rother Vale 2, Boston Castle 3
    // this week, and Wath 1 a fortnight ago, alone in its week.
    const at = (ms: number) => new Date(ms).toISOString();
    const reports: IntelReport[] = [
      ...[KEPPEL, ROTHER_VALE, ROTHER_VALE, BOSTON_CASTLE, BOSTON_CASTLE, BOSTON_CASTLE].map((areaId, i) =>
        anIntelReport({ id: `INT-SN-${i}`, areaId, occurredAt: at(clock.getTime() - 60_000), reportedAt: at(clock.getTime() - 30_000), tensionLevel: areaId === KEPPEL ? 4 : 2 }),
      ),
      anIntelReport({ id: 'INT-SN-W', areaId: WATH, occurredAt: at(clock.getTime() - 15 * DAY), reportedAt: at(clock.getTime() - 15 * DAY), tensionLevel: 1 }),
    ];
    await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      for (const r of reports) tx.put('intelReports', r, { action: 'test.setup' });
    });
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  /** The wards' rows as "name: figure" pairs, read from the card the person receives. */
  const rowsOf = (card: unknown): string[] => {
    const rows: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.type === 'ColumnSet' && Array.isArray(record.columns)) {
        const texts = record.columns.map((c) => cardText(c));
        if (texts[0] && texts[0] !== 'Area') rows.push(`${texts[0]}: ${texts[1]}`);
        return;
      }
      Object.values(record).forEach(walk);
    };
    walk(card);
    return rows;
  };

  it('`tensions`: wards with 1 or 2 reports, and a week with 1, show "fewer than 3"; 3 or more are exact', async () => {
    const card = cardOf((await postActivity(bot.url, mentionActivity('tensions', { from: member }))).activities[0]);
    expect(rowsOf(card)).to.deep.equal(['Keppel: fewer than 3', 'Boston Castle: 3', 'Rother Vale: fewer than 3', 'Wath: fewer than 3']);
    const text = cardText(card);
    expect(text).to.include('7 reports in 4 areas');
    expect(text).to.match(/: 6 reports, highest level 4/);
    expect(text).to.match(/: fewer than 3 reports, highest level 1/);
    expect(text).to.not.match(/\b[12] reports?\b/);
  });

  it('the meeting pack asked for in a chat says "fewer than 3" for Keppel, Rother Vale and Wath', async () => {
    const text = cardText(cardOf((await postActivity(bot.url, messageActivity('meeting pack', { from: member }))).activities[0]));
    expect(text).to.include('7 reports in 4 areas since the last meeting');
    expect(text).to.include('Keppel: \nFewer than 3 reports, highest level 4: Critical');
    expect(text).to.include('Rother Vale: \nFewer than 3 reports, highest level 2: Heightened');
    expect(text).to.include('Boston Castle: \n3 reports, highest level 2: Heightened');
    expect(text).to.include('Wath: \nFewer than 3 reports');
    expect(text).to.not.match(/\b[12] reports?\b/);
  });

  it('the meeting pack posted to a subscribed channel before the meeting does the same', async () => {
    await subscribeTeamsChannel(bot.url, coordinator, CHANNEL, connector.url);
    const next = [...bot.store.all('meetings')].filter((m) => m.status === 'scheduled' && m.startsAt > clock.toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    const start = new TZDate(Date.parse(String(next?.startsAt)), 'Europe/London');
    clock = new Date(new TZDate(start.getFullYear(), start.getMonth(), start.getDate() - 7, 9, 1, 'Europe/London').getTime());
    await bot.jobs.scheduler.tick();
    const posts = connector.calls.filter((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(CHANNEL)));
    expect(posts).to.have.length(1);
    const text = cardText(posts[0]?.body);
    expect(text).to.include('the meeting pack');
    expect(text).to.include('Keppel: \nFewer than 3 reports');
    expect(text).to.include('Boston Castle: \n3 reports');
    expect(text).to.not.match(/\b[12] reports?\b/);
  });
});
