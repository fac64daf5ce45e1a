// Issue 16's benchmark: the same commands as the `overhead` benchmark (help, milestones overdue, a
// durable milestone update, Slack's acknowledgement of a slash command), answered by the compiled
// bot on PostgreSQL against the same compiled bot on the JSON data folder, both holding the same
// 3-year data set (bench/dataset.ts, copied into the database by store:copy's code). Each bot runs
// in its own process, this process is the only client, and every point alternates one request to
// each (the order swapped every other pair). PostgreSQL runs on loopback with fsync and
// synchronous_commit on (scripts/postgres-server.ts). Target (issue 16): medians within 1.5x.
import path from 'node:path';
import pg from 'pg';
import { sharedPostgres } from '../scripts/postgres-server.ts';
import { recordCodec } from '../src/store/field-cipher.ts';
import { copyStore } from '../src/store/store-copy.ts';
import { freePort } from '../test/helpers/bot-process.ts';
import { slackEnv, slackUser, slashCommand } from '../test/helpers/slack-requests.ts';
import { startStandInSlackApi } from '../test/helpers/stand-in-slack-api.ts';
import type { Benchmark, BenchmarkResult, BenchOptions, Metric } from './bench-types.ts';
import { COMPILED, compileForBenchmark, startServer, type ServerChild } from './child-server.ts';
import { buildDataset, FULL_SIZE, QUICK_SIZE, writeDataset } from './dataset.ts';
import { interleaved, post, ratioMetric, slackHeaders, waitReady, type Plan } from './overhead-bench.ts';
import { toMB } from './stats.ts';
import { teamsActivities } from './teams-activity.ts';

const FULL: Plan = { samples: 1000, warmup: 100, coldStarts: 1, resamples: 1000 };
const QUICK: Plan = { samples: 30, warmup: 5, coldStarts: 1, resamples: 200 };
const TARGET = { ratio: 1.5, why: 'issue 16: round-trip medians on PostgreSQL within 1.5x of the JSON backend at 3-year data' };

export const benchmark: Benchmark = {
  name: 'postgres',
  description: 'The compiled bot on PostgreSQL against the same bot on the JSON data folder, same 3-year data, interleaved',
  run: runPostgresBenchmark,
};

const BENCH_AAD = '00000000-0000-4000-8000-00000000be16';
const slackBenchUser = slackUser('Bench Postgres Officer');

/** The database's size and its durability settings, as the server reports them. */
async function databaseFacts(url: string): Promise<{ bytes: number; fsync: string; synchronousCommit: string; records: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const size = await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    const fsync = await client.query<{ fsync: string }>('SHOW fsync');
    const sync = await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    const records = await client.query<{ n: string }>('SELECT count(*) AS n FROM records');
    return { bytes: Number(size.rows[0]?.bytes), fsync: fsync.rows[0]?.fsync ?? '?', synchronousCommit: sync.rows[0]?.synchronous_commit ?? '?', records: Number(records.rows[0]?.n) };
  } finally {
    await client.end();
  }
}

async function runPostgresBenchmark(options: BenchOptions): Promise<BenchmarkResult> {
  const plan = options.quick ? QUICK : FULL;
  options.log('postgres: compiling (tsc -p tsconfig.bench.json)');
  await compileForBenchmark();
  const data = buildDataset(options.quick ? QUICK_SIZE : FULL_SIZE);
  const jsonDir = path.join(options.workDir, 'data-json');
  options.log(`postgres: writing ${data.milestones.length} milestones, ${data.milestoneUpdates.length} updates, ${data.intelReports.length} reports`);
  await writeDataset(jsonDir, data);
  const server = await sharedPostgres();
  const url = await server.createDatabase();
  const copied = await copyStore({ kind: 'folder', dir: jsonDir }, { kind: 'postgres', url, forumId: 'default' }, recordCodec());
  if (!copied.ok) throw new Error('copying the data set into PostgreSQL did not verify');
  const facts = await databaseFacts(url);
  if (facts.fsync !== 'on' || facts.synchronousCommit !== 'on') throw new Error(`PostgreSQL must run with fsync and synchronous_commit on (fsync ${facts.fsync}, synchronous_commit ${facts.synchronousCommit})`);

  const api = await startStandInSlackApi();
  api.setUser(slackBenchUser.userId, slackBenchUser.name);
  const common = { HOST: '127.0.0.1', SEED_ON_FIRST_START: 'false', LOG_LEVEL: 'warn', ADMINS: `teams:${BENCH_AAD}`, ...slackEnv(api.url) };
  const { message, invoke } = teamsActivities({ idPrefix: 'bench16', name: 'Bench Coordinator', aadObjectId: BENCH_AAD });
  const helpFirst = async (u: string) => void (await post(`${u}/api/messages`, message('help')));
  let jsonBot: ServerChild | undefined;
  let pgBot: ServerChild | undefined;
  try {
    jsonBot = await startServer(COMPILED.bot, await freePort(), { ...common, DATA_DIR: jsonDir }, helpFirst);
    pgBot = await startServer(COMPILED.bot, await freePort(), { ...common, DATA_DIR: path.join(options.workDir, 'data-unused'), DATABASE_URL: url, APP_SECRET: 'bench-postgres-secret-0123456789abcdef' }, helpFirst);
    await waitReady(jsonBot.url);
    await waitReady(pgBot.url);
    const bots = { json: jsonBot, pg: pgBot };

    // Each bot updates the same milestones in turn, each against its own current version.
    const updatable = data.milestones.filter((m) => m.status !== 'closed' && m.status !== 'complete').slice(0, 500);
    const updater = (bot: ServerChild) => {
      const versions = new Map(updatable.map((m) => [m.id, m.version]));
      let next = 0;
      return async () => {
        const milestone = updatable[next % updatable.length];
        next += 1;
        if (!milestone) throw new Error('no milestone to update');
        const version = versions.get(milestone.id) ?? 1;
        const reply = await post(`${bot.url}/api/messages`, invoke('milestone.update', { id: milestone.id, version, status: 'on-track', commentary: `bench update ${version}`, evidence: '', revisedDue: '' }));
        if (reply.text.includes('Not saved yet')) throw new Error(`the bot refused a benchmark update of ${milestone.id}`);
        versions.set(milestone.id, version + 1);
        return reply.ms;
      };
    };
    const update = { json: updater(bots.json), pg: updater(bots.pg) };
    const slackAck = (bot: ServerChild, side: string) => async (i: number) => {
      const body = slashCommand(slackBenchUser, 'milestones overdue', { responseUrl: api.responseUrl(`bench16-${side}-${i}`) });
      return (await post(`${bot.url}/slack/events`, body, slackHeaders(body))).ms;
    };
    const slackAnswered = (side: string) => async (i: number) => void (await api.waitFor('response_url', (call) => call.path.endsWith(`/bench16-${side}-${i}`), { timeoutMs: 30_000 }));

    const cases = [
      { id: 'help', label: '`help`', toPg: async () => (await post(`${bots.pg.url}/api/messages`, message('help'))).ms, toJson: async () => (await post(`${bots.json.url}/api/messages`, message('help'))).ms },
      { id: 'overdue', label: '`milestones overdue`', toPg: async () => (await post(`${bots.pg.url}/api/messages`, message('milestones overdue'))).ms, toJson: async () => (await post(`${bots.json.url}/api/messages`, message('milestones overdue'))).ms },
      { id: 'update', label: 'milestone update (Save, durable)', toPg: update.pg, toJson: update.json },
    ];
    const metrics: Metric[] = [];
    for (const c of cases) {
      options.log(`postgres: ${plan.samples} x ${c.id}, PostgreSQL and JSON interleaved`);
      const point = await interleaved(plan, bots.pg, bots.json, c.toPg, c.toJson);
      metrics.push(
        ratioMetric(`postgres.${c.id}.p50`, `${c.label} on PostgreSQL, median`, 50, point.bot, point.base, 'the same on the JSON data folder, median', plan, TARGET),
        ratioMetric(`postgres.${c.id}.p95`, `${c.label} on PostgreSQL, p95`, 95, point.bot, point.base, 'the same on the JSON data folder, p95', plan),
        { id: `postgres.${c.id}.cpu`, label: `${c.label}: the PostgreSQL bot's CPU per request`, unit: 'ms', value: point.botCpuMs, baseline: { label: "the JSON bot's CPU per request", value: point.baseCpuMs } },
      );
    }
    options.log(`postgres: ${plan.samples} x /forum milestones overdue (Slack acknowledgement), interleaved`);
    // Each side waits for its own answer to reach Slack before the next request, so both meet an idle bot.
    const pgSlack = slackAck(bots.pg, 'pg');
    const pgDone = slackAnswered('pg');
    const jsonSlack = slackAck(bots.json, 'json');
    const jsonDone = slackAnswered('json');
    const slack = await interleaved(plan, bots.pg, bots.json, pgSlack, async (i) => {
      const ms = await jsonSlack(i);
      await jsonDone(i);
      return ms;
    }, pgDone);
    metrics.push(
      ratioMetric('postgres.slack.p50', 'Slack `/forum milestones overdue` acknowledged on PostgreSQL, median', 50, slack.bot, slack.base, 'the same on the JSON data folder, median', plan, TARGET),
      ratioMetric('postgres.slack.p95', 'Slack `/forum milestones overdue` acknowledged on PostgreSQL, p95', 95, slack.bot, slack.base, 'the same on the JSON data folder, p95', plan),
    );
    const [pgFigures, jsonFigures] = [await bots.pg.figures(), await bots.json.figures()];
    metrics.push(
      { id: 'postgres.rss', label: 'Bot RSS on PostgreSQL after the run (after a full GC)', unit: 'MB', value: toMB(pgFigures.rss), baseline: { label: 'the bot on the JSON data folder', value: toMB(jsonFigures.rss) } },
      { id: 'postgres.heap', label: 'Bot heap used on PostgreSQL after the run (after a full GC)', unit: 'MB', value: toMB(pgFigures.heapUsed), baseline: { label: 'the bot on the JSON data folder', value: toMB(jsonFigures.heapUsed) } },
      { id: 'postgres.databaseSize', label: 'Database size holding the data set (pg_database_size, before the run)', unit: 'MB', value: toMB(facts.bytes) },
    );
    return {
      name: 'postgres',
      metrics,
      context: {
        samplesPerPoint: plan.samples,
        warmupPairs: plan.warmup,
        bootstrapResamples: plan.resamples,
        client: 'the benchmark process, one request at a time, alternating the PostgreSQL bot and the JSON bot',
        postgres: `loopback, fsync ${facts.fsync}, synchronous_commit ${facts.synchronousCommit}`,
        records: facts.records,
        milestones: data.milestones.length,
        updates: data.milestoneUpdates.length,
        intelReports: data.intelReports.length,
      },
    };
  } finally {
    await pgBot?.stop();
    await jsonBot?.stop();
    await api.close();
  }
}
