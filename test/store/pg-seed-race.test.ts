// Two (three) instances started at the same moment on one empty PostgreSQL database: the schema
// migrations run once (node-pg-migrate's advisory lock), the forum's rows are created once
// (INSERT ... ON CONFLICT DO NOTHING), and the action plan is seeded exactly once (seedEmptyStore
// checks for an empty store inside its transaction, which holds the forum's row lock).
import { expect } from 'chai';
import pg from 'pg';
import { sharedPostgres } from '../../scripts/postgres-server.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('instances starting together on an empty PostgreSQL database', function () {
  this.timeout(120_000);
  let bots: RunningBot[] = [];
  after(async () => {
    for (const bot of bots) await bot.stop();
    removeTempDirs();
  });

  it('seed the plan exactly once, whichever wins', async () => {
    const url = await (await sharedPostgres()).createDatabase();
    const env = { DATABASE_URL: url, APP_SECRET: 'seed-race-secret-0123456789abcdefghij', LOG_LEVEL: 'info' };
    bots = await Promise.all([startRunningBot(env), startRunningBot(env), startRunningBot(env)]);
    const seeded = bots.map((bot) => bot.logs.filter((l) => l.msg === 'empty store seeded with the action plan').length);
    expect(seeded.reduce((a, b) => a + b, 0), `seeded by each: ${seeded.join(', ')}`).to.equal(1);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const forums = await client.query<{ n: string }>('SELECT count(*) AS n FROM forums');
      const migrations = await client.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id');
      const loads = await client.query<{ n: string }>("SELECT count(DISTINCT seq) AS n FROM audit_events WHERE event->>'action' = 'seed.load'");
      const rows = await client.query<{ collection: string; n: string }>('SELECT collection, count(*) AS n FROM records GROUP BY collection');
      expect(Number(forums.rows[0]?.n)).to.equal(1);
      expect(migrations.rows.map((r) => r.name)).to.deep.equal(['1_forum_store', '2_short_lived']);
      expect(Number(loads.rows[0]?.n), 'one seeding transaction').to.equal(1);
      const inDatabase = Object.fromEntries(rows.rows.map((r) => [r.collection, Number(r.n)]));
      for (const bot of bots) {
        for (const collection of ['themes', 'organisations', 'actions', 'milestones', 'meetings'] as const) {
          expect(bot.store.count(collection), `${collection} on each instance`).to.equal(inDatabase[collection]);
        }
      }
      expect(inDatabase.milestones).to.be.greaterThan(0);
    } finally {
      await client.end();
    }
  });
});
