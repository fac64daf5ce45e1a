// The Slack path, over loopback HTTP: signed `/forum` slash commands POSTed to the whole app
// in-process (HTTP mode on /slack/events, the stand-in Web API on loopback), timing the
// acknowledgement Slack waits for (3 s at most). Baseline, measured in the same run: a bare Bolt
// app (its own HTTPReceiver and port, the same signing secret) acking an empty slash command.
// Also the Block Kit renderer's time per card template, against JSON.stringify of the same card.
// The client shares the bot's process, so an ack is read only once the work that follows it yields:
// the figures are an upper bound on what Slack would see.
import path from 'node:path';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { startApp } from '../src/app.ts';
import { sampleEntries } from '../src/cards/card-samples.ts';
import type { AdaptiveCard } from '../src/cards/render-card.ts';
import { renderMessage } from '../src/channels/slack/block-kit/index.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/logging/logger.ts';
import { BOT_TOKEN, SIGNING_SECRET, signature, slackEnv, slackUser, slashCommand } from '../test/helpers/slack-requests.ts';
import { startStandInSlackApi, type StandInSlackApi } from '../test/helpers/stand-in-slack-api.ts';
import type { Benchmark, BenchmarkResult, BenchOptions, Metric } from './bench-types.ts';
import { buildDataset, DATASET_TODAY, FULL_SIZE, QUICK_SIZE, writeDataset } from './dataset.ts';
import { median, percentile, sample } from './stats.ts';

const FULL = { requests: 300, warmup: 20, renders: 500 };
const QUICK = { requests: 15, warmup: 3, renders: 20 };
const ACK_P99_TARGET = { max: 100, why: 'issue 4: slash command acknowledged, p99 under 100 ms' };

export const benchmark: Benchmark = {
  name: 'slack',
  description: 'Slack slash commands over HTTP (/slack/events, signed) against a bare Bolt app; Block Kit rendering per card',
  run: runSlackBenchmark,
};

const user = slackUser('Bench Volunteer');

/** POSTs a signed request and returns how long the acknowledgement took (ms). */
async function timedPost(url: string, body: string): Promise<number> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature(body, timestamp) };
  const start = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  await response.arrayBuffer();
  const took = performance.now() - start;
  if (response.status !== 200) throw new Error(`bench slash command answered ${response.status}`);
  return took;
}

/**
 * `count` slash commands one at a time (after `warmup` unmeasured ones). `answered`, if given,
 * waits (untimed) until the request's answer reached Slack, so each acknowledgement is measured
 * with the bot idle rather than still busy with the previous answer.
 */
async function ackTimes(count: number, warmup: number, send: (i: number) => Promise<number>, answered?: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = -warmup; i < count; i += 1) {
    const took = await send(i);
    if (answered) await answered(i);
    if (i >= 0) times.push(took);
  }
  return times;
}

async function startBareBolt(apiUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({ token: BOT_TOKEN, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl } });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = await app.start(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: async () => void (await app.stop()) };
}

async function measureAcks(options: BenchOptions, api: StandInSlackApi, plan: typeof FULL): Promise<Metric[]> {
  const dataDir = path.join(options.workDir, 'slack-data');
  const data = buildDataset(options.quick ? QUICK_SIZE : FULL_SIZE);
  await writeDataset(dataDir, data);
  api.setUser(user.userId, user.name);
  const config = loadConfig({ HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_ON_FIRST_START: 'false', LOG_LEVEL: 'warn', ...slackEnv(api.url) }, process.cwd());
  const app = await startApp({ ...config, port: 0 }, createLogger('warn'), () => new Date(`${DATASET_TODAY}T10:00:00Z`));
  const bare = await startBareBolt(api.url);
  const metrics: Metric[] = [];
  let counter = 0;
  try {
    options.log(`slack: ${plan.requests} empty slash commands to a bare Bolt app (baseline)`);
    const baseline = await ackTimes(plan.requests, plan.warmup, () => timedPost(bare.url, slashCommand(user, '', { responseUrl: api.responseUrl('bare') })));
    const cases = [
      { id: 'summary', label: '`/forum summary` acknowledged', text: 'summary' },
      { id: 'overdue', label: '`/forum milestones overdue` acknowledged', text: 'milestones overdue' },
    ];
    for (const c of cases) {
      options.log(`slack: ${plan.requests} x /forum ${c.text}`);
      const name = (i: number) => `bench-${c.id}-${counter}-${i}`;
      counter += 1;
      const times = await ackTimes(
        plan.requests,
        plan.warmup,
        (i) => timedPost(`${app.url}/slack/events`, slashCommand(user, c.text, { responseUrl: api.responseUrl(name(i)) })),
        async (i) => void (await api.waitFor('response_url', (call) => call.path.endsWith(`/${name(i)}`), { timeoutMs: 10_000 })),
      );
      metrics.push(
        { id: `slack.ack.${c.id}.p50`, label: `${c.label}, median`, unit: 'ms', value: median(times), baseline: { label: 'bare Bolt app, median', value: median(baseline) } },
        { id: `slack.ack.${c.id}.p99`, label: `${c.label}, p99`, unit: 'ms', value: percentile(times, 99), baseline: { label: 'bare Bolt app, p99', value: percentile(baseline, 99) }, target: ACK_P99_TARGET },
      );
    }
  } finally {
    await bare.stop();
    await app.stop();
  }
  return metrics;
}

/** renderMessage per card template (all its samples), against JSON.stringify of the same cards. */
async function measureRendering(options: BenchOptions, renders: number): Promise<Metric[]> {
  const byCard = new Map<string, AdaptiveCard[]>();
  for (const entry of sampleEntries()) byCard.set(entry.card, [...(byCard.get(entry.card) ?? []), entry.render()]);
  options.log(`slack: rendering ${byCard.size} card templates, ${renders} times per sample`);
  const metrics: Metric[] = [];
  for (const [card, cards] of byCard) {
    const rendered: number[] = [];
    const stringified: number[] = [];
    for (const adaptive of cards) {
      rendered.push(...(await sample(renders, () => renderMessage(adaptive), 5)));
      stringified.push(...(await sample(renders, () => JSON.stringify(adaptive), 5)));
    }
    metrics.push({ id: `slack.render.${card}.p50`, label: `Block Kit rendering of ${card}, median`, unit: 'ms', value: median(rendered), baseline: { label: 'JSON.stringify of the card, median', value: median(stringified) } });
  }
  return metrics;
}

async function runSlackBenchmark(options: BenchOptions): Promise<BenchmarkResult> {
  const plan = options.quick ? QUICK : FULL;
  const api = await startStandInSlackApi();
  try {
    const metrics = [...(await measureAcks(options, api, plan)), ...(await measureRendering(options, plan.renders))];
    return { name: 'slack', metrics, context: { requestsPerCase: plan.requests, rendersPerSample: plan.renders, sequential: 'one request at a time, each answered before the next' } };
  } finally {
    await api.close();
  }
}
