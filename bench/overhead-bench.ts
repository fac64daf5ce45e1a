// Issue 15's benchmark: the compiled bot in its own process, against baselines on the same stack
// compiled the same way, each in its own process, with this process as the only HTTP client.
// - an echo-card bot (botbuilder CloudAdapter + restify) answering a pre-built reply of the same
//   bytes as the bot's (so the ratio is what building the answer from data costs); for a milestone
//   update the same bot also appends and fdatasyncs a line the size of the bot's journal line;
// - a bare Bolt app acknowledging slash commands, for Slack's acknowledgement.
// Every point alternates one request to the bot and one to its baseline (the order swapped every
// other pair), so both meet the same machine; each figure has a bootstrap 95 % interval on the
// ratio, and a target counts as missed only when the whole interval lies beyond it. At 1x (the
// benchmark data set, bench/dataset.ts) and at 10x (the same generator, ten times the records).
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { JOURNAL_FILE } from '../src/store/load-data-folder.ts';
import { freePort } from '../test/helpers/bot-process.ts';
import { BOT_TOKEN, SIGNING_SECRET, signature, slackEnv, slackUser, slashCommand } from '../test/helpers/slack-requests.ts';
import { startStandInSlackApi, type StandInSlackApi } from '../test/helpers/stand-in-slack-api.ts';
import type { Benchmark, BenchmarkResult, BenchOptions, Metric } from './bench-types.ts';
import { ratioInterval, ratioOfRatiosInterval } from './bootstrap.ts';
import { COMPILED, compileForBenchmark, startServer, type ServerChild } from './child-server.ts';
import { buildDataset, FULL_SIZE, QUICK_SIZE, writeDataset, type BenchDataset, type DatasetSize } from './dataset.ts';
import { median, percentile, toMB } from './stats.ts';
import { teamsActivities } from './teams-activity.ts';

const FULL = { samples: 2000, warmup: 100, coldStarts: 3, resamples: 1000 };
const QUICK = { samples: 40, warmup: 5, coldStarts: 1, resamples: 200 };
export type Plan = typeof FULL;
const SCALE = 10;

export const benchmark: Benchmark = {
  name: 'overhead',
  description: 'The compiled bot in its own process against an echo-card bot and a bare Bolt app, interleaved, at 1x and 10x the data',
  run: runOverheadBenchmark,
};

const BENCH_AAD = '00000000-0000-4000-8000-00000000be15';
const slackBenchUser = slackUser('Bench Partner Officer');

/** Ratio targets at 1x (issue 15), by case and percentile. */
const TARGETS: Record<string, { p50?: number; p95?: number; why: string }> = {
  help: { p50: 1.2, why: 'issue 15: help within 1.2x the echo-card bot' },
  overdue: { p50: 1.5, p95: 2, why: 'issue 15: milestones overdue median within 1.5x, p95 within 2x the echo-card bot' },
  update: { p50: 1.5, why: 'issue 15: milestone update median within 1.5x the writing echo-card bot' },
  slack: { p50: 1.5, why: 'issue 15: Slack acknowledgement median within 1.5x a bare Bolt app' },
};
const SIZE_TARGET = 1.15;
const COLD_START_TARGET = 2;
const RSS_TARGET_MB = 200;

function scaled(size: DatasetSize, k: number): DatasetSize {
  return { ...size, organisations: size.organisations * k, people: size.people * k, actions: size.actions * k, intelReports: size.intelReports * k, meetings: size.meetings * k };
}

const { message, invoke } = teamsActivities({ idPrefix: 'bench15', name: 'Bench Coordinator', aadObjectId: BENCH_AAD });

/** One POST; its time in ms and the answer's text. Anything but 200 throws. */
export async function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<{ ms: number; text: string }> {
  const start = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  const ms = performance.now() - start;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return { ms, text };
}

export function slackHeaders(body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature(body, timestamp) };
}

export interface Point {
  bot: number[];
  base: number[];
  /** CPU ms per request, over the measured requests, of each process. */
  botCpuMs: number;
  baseCpuMs: number;
}

/**
 * `samples` pairs (after `warmup` unmeasured ones), one request to each, the order swapped every
 * other pair. `afterBot` runs untimed after each bot request (e.g. waiting until its answer reached
 * Slack), so every request meets an idle bot.
 */
export async function interleaved(plan: Plan, bot: ServerChild, base: ServerChild, toBot: (i: number) => Promise<number>, toBase: (i: number) => Promise<number>, afterBot?: (i: number) => Promise<void>): Promise<Point> {
  const one = async (i: number, times: { bot: number[]; base: number[] } | undefined) => {
    const botFirst = i % 2 === 0;
    const runBot = async () => {
      const ms = await toBot(i);
      if (afterBot) await afterBot(i);
      times?.bot.push(ms);
    };
    const runBase = async () => times?.base.push(await toBase(i));
    if (botFirst) {
      await runBot();
      await runBase();
    } else {
      await runBase();
      await runBot();
    }
  };
  for (let i = 0; i < plan.warmup; i += 1) await one(-1 - i, undefined);
  const times = { bot: [] as number[], base: [] as number[] };
  const [botCpu0, baseCpu0] = [await bot.cpuMicros(), await base.cpuMicros()];
  for (let i = 0; i < plan.samples; i += 1) await one(i, times);
  const [botCpu1, baseCpu1] = [await bot.cpuMicros(), await base.cpuMicros()];
  return { ...times, botCpuMs: (botCpu1 - botCpu0) / 1000 / plan.samples, baseCpuMs: (baseCpu1 - baseCpu0) / 1000 / plan.samples };
}

export function ratioMetric(id: string, label: string, p: number, bot: number[], base: number[], baselineLabel: string, plan: Plan, target?: { ratio: number; why: string }): Metric {
  const value = percentile(bot, p);
  const baseline = percentile(base, p);
  const interval = ratioInterval(bot, base, p, plan.resamples);
  return {
    id,
    label,
    unit: 'ms',
    value,
    baseline: { label: baselineLabel, value: baseline },
    interval,
    ...(target ? { target: { max: target.ratio * baseline, why: `${target.why} (ratio <= ${target.ratio})` } } : {}),
  };
}

/** A reply as the echo-card bot should send it: the bot's activities without the per-request fields. */
function replyActivities(text: string): Record<string, unknown>[] {
  const parsed: unknown = JSON.parse(text);
  const activities = parsed && typeof parsed === 'object' && 'activities' in parsed && Array.isArray(parsed.activities) ? (parsed.activities as unknown[]) : [];
  const drop = new Set(['id', 'timestamp', 'localTimestamp', 'conversation', 'from', 'recipient', 'replyToId', 'serviceUrl', 'channelId', 'type']);
  return activities.map((a) => Object.fromEntries(Object.entries(a && typeof a === 'object' ? a : {}).filter(([k]) => !drop.has(k))));
}

async function register(echo: ServerChild, key: string, reply: { activities?: Record<string, unknown>[]; invokeBody?: unknown; lineBytes?: number }): Promise<void> {
  const response = await fetch(`${echo.url}/bench/replies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, ...reply }) });
  await response.arrayBuffer();
  if (response.status !== 204) throw new Error(`registering ${key} with the echo-card bot failed: ${response.status}`);
}

export async function waitReady(url: string, limitMs = 300_000): Promise<void> {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const response = await fetch(`${url}/readyz`);
    await response.arrayBuffer();
    if (response.status === 200) return;
    if (performance.now() > deadline) throw new Error(`the bot was not ready within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface SizeRun {
  points: Map<string, Point>;
  metrics: Metric[];
  context: Record<string, string | number>;
}

async function runSize(label: string, data: BenchDataset, options: BenchOptions, plan: Plan, echo: ServerChild, bolt: ServerChild, api: StandInSlackApi): Promise<SizeRun> {
  const dataDir = path.join(options.workDir, `data-${label}`);
  options.log(`overhead ${label}: writing ${data.milestones.length} milestones, ${data.milestoneUpdates.length} updates, ${data.intelReports.length} reports`);
  await writeDataset(dataDir, data);
  const env = { HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_ON_FIRST_START: 'false', LOG_LEVEL: 'warn', ADMINS: `teams:${BENCH_AAD}`, ...slackEnv(api.url) };
  const helpFirst = async (url: string) => void (await post(`${url}/api/messages`, message('help')));
  // Cold starts, alternating with the echo-card bot started the same way; the last bot stays up.
  const botStarts: number[] = [];
  const echoStarts: number[] = [];
  let bot: ServerChild | undefined;
  for (let i = 0; i < plan.coldStarts; i += 1) {
    const echoCold = await startServer(COMPILED.echoCardBot, await freePort(), { BENCH_WRITE_DIR: options.workDir }, helpFirst);
    echoStarts.push(echoCold.startMs);
    await echoCold.stop();
    await bot?.stop();
    bot = await startServer(COMPILED.bot, await freePort(), env, helpFirst);
    botStarts.push(bot.startMs);
  }
  if (!bot) throw new Error('no bot started');
  const metrics: Metric[] = [];
  const points = new Map<string, Point>();
  try {
    await waitReady(bot.url);
    const botMessages = `${bot.url}/api/messages`;
    const echoMessages = `${echo.url}/api/messages`;
    const bytes: Record<string, number> = {};
    // The echo-card bot's replies: what the bot answered, byte for byte.
    for (const [id, text] of [['help', 'help'], ['overdue', 'milestones overdue']] as const) {
      const reply = await post(botMessages, message(text));
      bytes[id] = reply.text.length;
      await register(echo, `${id}-${label}`, { activities: replyActivities(reply.text) });
    }
    // Updates, spread over the milestones that can still be updated, each against its current version.
    const updatable = data.milestones.filter((m) => m.status !== 'closed' && m.status !== 'complete').slice(0, 500);
    const versions = new Map(updatable.map((m) => [m.id, m.version]));
    let nextUpdate = 0;
    const update = async () => {
      const milestone = updatable[nextUpdate % updatable.length];
      nextUpdate += 1;
      if (!milestone) throw new Error('no milestone to update');
      const version = versions.get(milestone.id) ?? 1;
      // On track with a new note each time: a real write that no status rule can refuse.
      const reply = await post(botMessages, invoke('milestone.update', { id: milestone.id, version, status: 'on-track', commentary: `bench update ${version}`, evidence: '', revisedDue: '' }));
      if (reply.text.includes('Not saved yet')) throw new Error(`the bot refused a benchmark update of ${milestone.id}: ${(reply.text.match(/"text":"[^"]*"/g) ?? []).join(' ').slice(0, 600)}`);
      versions.set(milestone.id, version + 1);
      return reply;
    };
    // The journal line of one update: the journal's growth over single updates (a checkpoint empties it).
    const journal = path.join(dataDir, JOURNAL_FILE);
    const growth: number[] = [];
    let lastUpdate = { ms: 0, text: '' };
    for (let i = 0; i < 11; i += 1) {
      const before = statSync(journal).size;
      lastUpdate = await update();
      const after = statSync(journal).size;
      if (after > before) growth.push(after - before);
    }
    const lineBytes = Math.round(median(growth));
    if (!Number.isFinite(lineBytes) || lineBytes <= 0) throw new Error('could not size the journal line of an update');
    bytes.update = lastUpdate.text.length;
    const invokeBody: unknown = JSON.parse(lastUpdate.text);
    await register(echo, `update-${label}`, { invokeBody, lineBytes });

    const cases = [
      { id: 'help', label: '`help`', base: 'echo-card bot', toBot: () => post(botMessages, message('help')), toBase: () => post(echoMessages, message(`help-${label}`)) },
      { id: 'overdue', label: '`milestones overdue`', base: 'echo-card bot', toBot: () => post(botMessages, message('milestones overdue')), toBase: () => post(echoMessages, message(`overdue-${label}`)) },
      { id: 'update', label: 'milestone update (Save, durable)', base: 'echo-card bot writing + fdatasyncing the same line', toBot: update, toBase: () => post(echoMessages, invoke(`update-${label}`, {})) },
    ];
    for (const c of cases) {
      options.log(`overhead ${label}: ${plan.samples} x ${c.id}, interleaved with the ${c.base}`);
      const point = await interleaved(plan, bot, echo, async () => (await c.toBot()).ms, async () => (await c.toBase()).ms);
      points.set(c.id, point);
      const t = label === '1x' ? TARGETS[c.id] : undefined;
      metrics.push(
        ratioMetric(`overhead.${label}.${c.id}.p50`, `${c.label} at ${label}, median`, 50, point.bot, point.base, `${c.base}, median`, plan, t?.p50 ? { ratio: t.p50, why: t.why } : undefined),
        ratioMetric(`overhead.${label}.${c.id}.p95`, `${c.label} at ${label}, p95`, 95, point.bot, point.base, `${c.base}, p95`, plan, t?.p95 ? { ratio: t.p95, why: t.why } : undefined),
        { id: `overhead.${label}.${c.id}.cpu`, label: `${c.label} at ${label}, the bot's CPU per request`, unit: 'ms', value: point.botCpuMs, baseline: { label: `${c.base}'s CPU per request`, value: point.baseCpuMs } },
      );
    }

    // Slack: the acknowledgement of a slash command against a bare Bolt app's.
    options.log(`overhead ${label}: ${plan.samples} x /forum milestones overdue, interleaved with a bare Bolt app`);
    const respondName = (i: number) => `bench15-${label}-${i}`;
    const slack = await interleaved(
      plan,
      bot,
      bolt,
      async (i) => {
        const body = slashCommand(slackBenchUser, 'milestones overdue', { responseUrl: api.responseUrl(respondName(i)) });
        return (await post(`${bot?.url ?? ''}/slack/events`, body, slackHeaders(body))).ms;
      },
      async () => {
        const body = slashCommand(slackBenchUser, 'milestones overdue', { responseUrl: api.responseUrl('bare-bolt') });
        return (await post(`${bolt.url}/slack/events`, body, slackHeaders(body))).ms;
      },
      async (i) => void (await api.waitFor('response_url', (call) => call.path.endsWith(`/${respondName(i)}`), { timeoutMs: 30_000 })),
    );
    points.set('slack', slack);
    const st = label === '1x' ? TARGETS.slack : undefined;
    metrics.push(
      ratioMetric(`overhead.${label}.slack.p50`, `Slack \`/forum milestones overdue\` acknowledged at ${label}, median`, 50, slack.bot, slack.base, 'bare Bolt app, median', plan, st?.p50 ? { ratio: st.p50, why: st.why } : undefined),
      ratioMetric(`overhead.${label}.slack.p95`, `Slack \`/forum milestones overdue\` acknowledged at ${label}, p95`, 95, slack.bot, slack.base, 'bare Bolt app, p95', plan),
    );

    const figures = await bot.figures();
    const requests = plan.coldStarts + 2 + 11 + (plan.warmup + plan.samples) * 4;
    metrics.push(
      {
        id: `overhead.${label}.coldStart`,
        label: `Cold start to the first reply at ${label} (median of ${plan.coldStarts})`,
        unit: 'ms',
        value: median(botStarts),
        baseline: { label: 'echo-card bot started the same way', value: median(echoStarts) },
        ...(label === '1x' ? { target: { max: COLD_START_TARGET * median(echoStarts), why: `issue 15: within ${COLD_START_TARGET}x the echo bot's cold start` } } : {}),
      },
      {
        id: `overhead.${label}.rss`,
        label: `Bot RSS at ${label} after ${requests} requests (after a full GC)`,
        unit: 'MB',
        value: toMB(figures.rss),
        baseline: { label: 'echo-card bot RSS', value: toMB((await echo.figures()).rss) },
        ...(label === '1x' ? { target: { max: RSS_TARGET_MB, why: 'issue 15: RSS at most 200 MB at 3-year data' } } : {}),
      },
      { id: `overhead.${label}.heap`, label: `Bot heap used at ${label} (after a full GC)`, unit: 'MB', value: toMB(figures.heapUsed) },
    );
    const context = { [`${label}.milestones`]: data.milestones.length, [`${label}.updates`]: data.milestoneUpdates.length, [`${label}.intelReports`]: data.intelReports.length, [`${label}.replyBytes`]: Object.entries(bytes).map(([k, v]) => `${k} ${v}`).join(' / '), [`${label}.journalLineBytes`]: lineBytes };
    return { points, metrics, context };
  } finally {
    await bot.stop();
  }
}

async function runOverheadBenchmark(options: BenchOptions): Promise<BenchmarkResult> {
  const plan = options.quick ? QUICK : FULL;
  options.log('overhead: compiling (tsc -p tsconfig.bench.json)');
  await compileForBenchmark();
  const writeDir = path.join(options.workDir, 'echo-writes');
  mkdirSync(writeDir, { recursive: true });
  const api = await startStandInSlackApi();
  api.setUser(slackBenchUser.userId, slackBenchUser.name);
  const echo = await startServer(COMPILED.echoCardBot, await freePort(), { BENCH_WRITE_DIR: writeDir }, async (url) => void (await post(`${url}/api/messages`, message('hello'))));
  const bareBody = slashCommand(slackBenchUser, '', { responseUrl: api.responseUrl('bare-bolt') });
  const bolt = await startServer(COMPILED.bareBolt, await freePort(), { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url }, async (url) => void (await post(`${url}/slack/events`, bareBody, slackHeaders(bareBody))));
  try {
    const base = options.quick ? QUICK_SIZE : FULL_SIZE;
    const one = await runSize('1x', buildDataset(base), options, plan, echo, bolt, api);
    const ten = await runSize(`${SCALE}x`, buildDataset(scaled(base, SCALE)), options, plan, echo, bolt, api);
    const sizeMetrics: Metric[] = [];
    for (const id of ['help', 'overdue', 'update', 'slack']) {
      const a = one.points.get(id);
      const b = ten.points.get(id);
      if (!a || !b) continue;
      for (const p of [50, 95]) {
        const name = p === 50 ? 'median' : `p${p}`;
        // The 1x and 10x runs are minutes apart: each is taken against its own interleaved baseline,
        // so a machine busier during one of them does not pass for a cost of size.
        const drift = percentile(b.base, p) / percentile(a.base, p);
        sizeMetrics.push({
          id: `overhead.size.${id}.p${p}`,
          label: `${id} at ${SCALE}x against 1x, ${name} (each over its baseline)`,
          unit: 'ms',
          value: percentile(b.bot, p),
          baseline: { label: `the same at 1x, ${name}, times the baseline's own change between the runs`, value: percentile(a.bot, p) * drift },
          interval: ratioOfRatiosInterval(b.bot, b.base, a.bot, a.base, p, plan.resamples),
          target: { max: SIZE_TARGET * percentile(a.bot, p) * drift, why: `issue 15: at ${SCALE}x the data within ${SIZE_TARGET}x of 1x (ratio <= ${SIZE_TARGET})` },
        });
      }
    }
    return {
      name: 'overhead',
      metrics: [...one.metrics, ...ten.metrics, ...sizeMetrics],
      context: { samplesPerPoint: plan.samples, warmupPairs: plan.warmup, bootstrapResamples: plan.resamples, client: 'the benchmark process, one request at a time, alternating bot and baseline', ...one.context, ...ten.context },
    };
  } finally {
    await Promise.all([echo.stop(), bolt.stop()]);
    await api.close();
  }
}
