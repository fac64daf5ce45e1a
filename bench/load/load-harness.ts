// A load run: the real bot (its own process, a fresh data folder with the seeded plan), stand-in
// Bot Connector and Slack Web API on loopback, and simulated partner officers on Teams and Slack
// at once, each repeating a mix of actions until the time is up. Then a graceful shutdown, and the
// store opened again and checked against every write the officers were told was saved.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, subDays } from 'date-fns';
import { LOCK_FILE } from '../../src/store/data-lock.ts';
import { JOURNAL_FILE } from '../../src/store/load-data-folder.ts';
import { openStore } from '../../src/store/open-store.ts';
import { BOT_TOKEN, SIGNING_SECRET, slackUser, slashCommand, postSlack } from '../../test/helpers/slack-requests.ts';
import { buttonsIn } from '../../test/helpers/stand-in-slack-api.ts';
import { cardButtons, cardOf, messageActivity, postActivity, teamsUser } from '../../test/helpers/teams-activities.ts';
import { seededRandom } from '../dataset.ts';
import { median, percentile, toMB } from '../stats.ts';
import type { BotChild } from './bot-child.ts';
import { BotSupervisor } from './bot-supervisor.ts';
import { Ledger } from './ledger.ts';
import { prepareLoadData, type Officer, type OfficerAccount } from './load-data.ts';
import { commandRow, machine, memoryTrend, type LoadReport, type MemoryPoint, type Target } from './load-report.ts';
import { COMMANDS, notAccepted, Recorder } from './recorder.ts';
import { runProbe } from '../store-load.ts';
import { startLoadConnector, startLoadSlackApi, type LoadSlackApi, type LoadStandIn } from './stand-ins.ts';
import { FORUM_CHANNEL, isoDay, pickAction, SLACK_ACK_LIMIT_MS, type MeetingButtons, type RunContext } from './virtual-users.ts';
import { verifyStore } from './verify-store.ts';

export interface LoadOptions {
  users: number;
  seconds: number;
  /** Pause between one officer's actions (randomised 50-150 %); 0 for none. */
  thinkMs: number;
  soak: boolean;
  /** How often to ask the bot for its memory figures. */
  sampleEveryMs: number;
  /** Keep the data folder afterwards (its path is logged). */
  keepData?: boolean;
  /** Write a CPU profile of the bot process into this folder (node --cpu-prof). */
  cpuProfileDir?: string;
  /**
   * Send the bot SIGTERM this long into the run, while the officers keep going: a graceful shutdown
   * under load. Requests it no longer accepts are counted apart; anything it had accepted must be answered.
   */
  sigtermAfterMs?: number;
  /** A crash loop: this many kill -9s at random moments, each followed by a restart on the same data. */
  crashes?: number;
  /**
   * Seconds of the same load before the measured run, so it measures a bot that has loaded its
   * code (the first requests after a start load modules and compile), reported apart. 0: none.
   */
  warmupSeconds?: number;
  log(message: string): void;
}

/** Issue 15: over a soak, RSS (less the added records) grows under 1 MB a minute after a 2-minute warm-up. */
const RSS_SLOPE_LIMIT = 1;
const RSS_SLOPE_FROM_SECONDS = 120;
/** Soak targets: memory at the end within 10 % of the first minute's, and no upward trend. */
const SOAK_GROWTH_LIMIT = 10;
const SOAK_TREND_LIMIT = 5;

function accounts(users: number): OfficerAccount[] {
  return Array.from({ length: users }, (_, i): OfficerAccount => (i % 2 === 0 ? { platform: 'teams', account: teamsUser(`Teams Officer ${i + 1}`) } : { platform: 'slack', account: slackUser(`Slack Officer ${i + 1}`) }));
}

/** The meeting pack's Attending / Apologies buttons as each platform shows them. */
export async function meetingButtons(botUrl: string, connector: LoadStandIn, slack: LoadSlackApi, officers: Officer[]): Promise<MeetingButtons> {
  const teams = officers.find((o) => o.platform === 'teams');
  const slackOfficer = officers.find((o) => o.platform === 'slack');
  if (teams?.platform !== 'teams' || slackOfficer?.platform !== 'slack') throw new Error('a load run needs at least one officer on each platform (2 users)');
  const activity = messageActivity('meeting pack', { from: teams.account, conversation: 'channel', conversationId: FORUM_CHANNEL.teams, serviceUrl: connector.url, expectReplies: false });
  const reply = connector.waiters.expect(`reply:${String(activity.id)}`, 15_000);
  if ((await postActivity(botUrl, activity)).status !== 200) throw new Error('`meeting pack` failed on Teams');
  const buttons = cardButtons(cardOf(await reply)).filter((b) => b.verb === 'meeting.rsvp');
  const teamsData = (response: string) => buttons.find((b) => b.data.response === response)?.data;
  const attending = teamsData('attending');
  const apologies = teamsData('apologies');
  if (!attending || !apologies) throw new Error('the Teams meeting pack has no Attending / Apologies buttons (is a meeting scheduled?)');

  const answer = slack.waiters.expect('respond:setup-pack', 15_000);
  if ((await postSlack(botUrl, slashCommand(slackOfficer.account, 'meeting pack', { responseUrl: slack.responseUrl('setup-pack') }))).status !== 200) throw new Error('`/forum meeting pack` failed on Slack');
  const slackButtons = buttonsIn((await answer).blocks);
  const slackValue = (label: string) => slackButtons.find((b) => b.text === label)?.value;
  const slackAttending = slackValue('Attending');
  const slackApologies = slackValue('Apologies');
  if (!slackAttending || !slackApologies) throw new Error('the Slack meeting pack has no Attending / Apologies buttons');
  return { meetingId: String(attending.meetingId), teams: { attending, apologies }, slack: { attending: slackAttending, apologies: slackApologies } };
}

/**
 * kill -9 the bot `crashes` times at random moments, restarting it each time on the same data
 * folder; the officers carry on against the new process (its new address), and go on until the
 * last restart has had a second of load even if that is past the deadline (restarts vary in time).
 */
async function crashLoop(bots: BotSupervisor, ctx: RunContext, plan: { crashes: number; deadline: number; random: () => number; log(m: string): void; stopSampling(): void }): Promise<void> {
  plan.stopSampling();
  for (let i = 0; i < plan.crashes; i += 1) {
    const left = Math.max(0, plan.deadline - Date.now());
    // Spread over the run, each at a random point of its share; at least half a second of load first.
    await new Promise((resolve) => setTimeout(resolve, 500 + (left / (plan.crashes - i)) * 0.6 * plan.random()));
    ctx.recorder.crashed(performance.now());
    plan.log(`load: kill -9 of the bot (${i + 1} of ${plan.crashes})`);
    const child = await bots.crashAndRestart();
    ctx.botUrl = child.url;
    ctx.recorder.restarted(performance.now());
    plan.log(`load: restarted in ${Math.round(bots.restartMs.at(-1) ?? 0)} ms at ${child.url}`);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

async function officerLoop(ctx: RunContext, officer: Officer, deadline: () => number, thinkMs: number, random: () => number): Promise<void> {
  // Bounded by the deadline; every step inside is bounded by its own timeout.
  for (let n = officer.index; Date.now() < deadline(); n += 1) {
    await pickAction(random())(ctx, officer, n);
    if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + random())));
    // While the bot is down (crash loop) a request fails at once: wait a little, as a person would.
    else if (ctx.recorder.disrupted) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function sampler(bot: () => BotChild, started: number, everyMs: number, log: (m: string) => void, recordsAdded: () => number): { samples: MemoryPoint[]; take(): Promise<void>; stop(): void } {
  const samples: MemoryPoint[] = [];
  const take = async () => {
    try {
      const memory = await bot().memory();
      const point = { atSeconds: Math.round((Date.now() - started) / 1000), rssMB: toMB(memory.rss), heapUsedMB: toMB(memory.heapUsed), cpuSeconds: memory.cpuMicros / 1e6, loopDelayMs: memory.loopDelayMs, recordsAdded: recordsAdded() };
      samples.push(point);
      log(`memory at ${point.atSeconds} s: RSS ${point.rssMB.toFixed(1)} MB, heap used ${point.heapUsedMB.toFixed(1)} MB`);
    } catch (error) {
      log(`memory sample failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const timer = setInterval(() => void take(), everyMs);
  return { samples, take, stop: () => clearInterval(timer) };
}

/**
 * The kernel's count of TCP SYN retransmissions (Linux, /proc/net/netstat): a connection attempt
 * not answered at once is retried after 1 s, then 3 s, so each one shows as a request 1-7 s late.
 * Machine-wide, so other processes' connections count too; undefined where it cannot be read.
 */
function synRetransmits(): number | undefined {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    const at = names.indexOf('TCPSynRetrans');
    return at > 0 ? Number(values[at]) : undefined;
  } catch {
    return undefined; // Not Linux: the figure is left out.
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  if (options.users < 2) throw new Error('--users must be at least 2 (one officer on each platform)');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'scf-load-'));
  const dataDir = path.join(workDir, 'data');
  const connector = await startLoadConnector();
  const slack = await startLoadSlackApi();
  let bots: BotSupervisor | undefined;
  try {
    const now = new Date();
    options.log(`load: preparing ${dataDir} (seeded plan + ${options.users} officers with a milestone each)`);
    const data = await prepareLoadData(dataDir, accounts(options.users), now);
    if (!data.meeting) throw new Error('the seeded plan has no scheduled meeting to answer');
    // Soak: the heap the data itself takes, before and after, so growth from the officers' new
    // records is told apart from growth that would be a leak.
    const dataHeapBefore = options.soak ? (await runProbe('store', dataDir)).heapUsedMB : undefined;
    bots = await BotSupervisor.start({
      env: {
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SEED_ON_FIRST_START: 'false',
      ENV_FILE: path.join(workDir, 'no-such.env'),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_RESPONSE_URL_ORIGIN: slack.url,
      },
      nodeArgs: options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [],
      collectRequestIds: options.sigtermAfterMs !== undefined,
    });
    const bot = bots.current;
    options.log(`load: bot pid ${bot.pid} listening at ${bot.url}`);
    const meeting = await meetingButtons(bot.url, connector, slack, data.officers);
    if (meeting.meetingId !== data.meeting.id) throw new Error(`the meeting pack shows ${meeting.meetingId}, expected ${data.meeting.id}`);

    const ledger = new Ledger(`load${randomBytes(3).toString('hex')}`, data.milestones, data.meeting);
    const warmupRecorder = new Recorder();
    const ctx: RunContext = { botUrl: bot.url, connector, slack, ledger, recorder: warmupRecorder, meeting, occurredDate: isoDay(subDays(now, 1)), revisedDue: isoDay(addDays(now, 120)) };
    const warmupSeconds = options.warmupSeconds ?? 0;
    if (warmupSeconds > 0) {
      options.log(`load: ${warmupSeconds} s of warm-up (a bot just started loads modules on its first requests)`);
      const warmupEnds = Date.now() + warmupSeconds * 1000;
      const warmupRandom = seededRandom(options.users * 31);
      await Promise.all(data.officers.map((officer) => officerLoop(ctx, officer, () => warmupEnds, options.thinkMs, warmupRandom)));
    }
    const recorder = new Recorder();
    ctx.recorder = recorder;

    const started = Date.now();
    const harnessCpuAtStart = process.cpuUsage();
    const synRetransAtStart = synRetransmits();
    const supervisor = bots;
    // Records the officers' acknowledged writes added (updates and reports; an RSVP replaces one).
    const recordsAdded = () => ledger.updates.filter((u) => u.acknowledged).length + ledger.reports.filter((r) => r.acknowledged).length;
    const memory = sampler(() => supervisor.current, started, options.sampleEveryMs, options.log, recordsAdded);
    await memory.take();
    const deadline = started + options.seconds * 1000;
    const progress = setInterval(() => options.log(`load: ${Math.round((Date.now() - started) / 1000)} s, ${recorder.completed} actions, ${recorder.errors} errors`), 10_000);
    const random = seededRandom(options.users * 7919 + options.seconds);
    let crashesDone = !options.crashes;
    const crashes = options.crashes ? crashLoop(bots, ctx, { crashes: options.crashes, deadline, random, log: options.log, stopSampling: () => memory.stop() }).finally(() => (crashesDone = true)) : undefined;
    let shutdownDuringLoad: ReturnType<BotChild['stop']> | undefined;
    const sigterm = options.sigtermAfterMs === undefined ? undefined : setTimeout(() => {
      options.log('load: SIGTERM to the bot while the officers go on');
      recorder.shuttingDown = true;
      memory.stop();
      shutdownDuringLoad = bots?.current.stop();
    }, options.sigtermAfterMs);
    try {
      options.log(`load: ${options.users} officers for ${options.seconds} s`);
      // Once the bot has exited there is nobody to talk to: the officers stop at the next action.
      const until = () => (recorder.shuttingDown && bots?.current.exited ? Date.now() : crashesDone ? deadline : Number.POSITIVE_INFINITY);
      await Promise.all(data.officers.map((officer) => officerLoop(ctx, officer, until, options.thinkMs, random)));
      await crashes;
    } finally {
      clearTimeout(sigterm);
      clearInterval(progress);
      memory.stop();
    }
    const elapsedSeconds = (Date.now() - started) / 1000;
    const harnessCpu = process.cpuUsage(harnessCpuAtStart);
    const synRetransAtEnd = synRetransmits();
    // Figures of one process over the whole run: not after a SIGTERM, nor when it was restarted.
    if (!shutdownDuringLoad && !options.crashes) await memory.take();

    options.log(shutdownDuringLoad ? 'load: waiting for the bot to finish shutting down; then the store is checked' : 'load: SIGTERM to the bot; then the store is checked');
    const exit = await (shutdownDuringLoad ?? bots.current.stop());
    // Connections closed without an answer after the SIGTERM: errors only if the bot had taken the request.
    notAccepted(recorder, bots.requestIds());
    // A graceful stop leaves no lock behind and an empty journal (everything in the snapshots).
    const shutdown = { ...exit, lockReleased: !existsSync(path.join(dataDir, LOCK_FILE)), journalBytes: statSync(path.join(dataDir, JOURNAL_FILE)).size };
    const verifyRepo = await openStore({ dataDir, backupsKeep: 2 });
    const verification = await verifyStore(verifyRepo, ledger.snapshot()).finally(() => verifyRepo.close());

    const commands = data.officers.some((o) => o.platform === 'teams') ? ['teams', 'slack'] : ['slack'];
    const rows = commands.flatMap((platform) =>
      COMMANDS.flatMap((command) => {
        const t = recorder.timings.get(recorder.key(command, platform === 'teams' ? 'teams' : 'slack'));
        return t ? [commandRow(platform, command, t.samples, t.errors)] : [];
      }),
    );
    const both = COMMANDS.flatMap((command) => {
      const all = ['teams', 'slack'].map((p) => recorder.timings.get(`${p} ${command}`)).filter((t) => t !== undefined);
      return all.length ? [commandRow('both', command, all.flatMap((t) => t.samples), all.reduce((s, t) => s + t.errors, 0))] : [];
    });
    const dataHeapAfter = options.soak ? (await runProbe('store', dataDir)).heapUsedMB : undefined;
    const dataHeap = dataHeapBefore !== undefined && dataHeapAfter !== undefined ? { beforeMB: dataHeapBefore, afterMB: dataHeapAfter, perRecordKB: ((dataHeapAfter - dataHeapBefore) * 1024) / Math.max(1, recordsAdded()) } : undefined;
    // Heap used less what the records added so far take (at the per-record cost measured above).
    const beyondData = (p: MemoryPoint) => p.heapUsedMB - (dataHeap ? (p.recordsAdded * dataHeap.perRecordKB) / 1024 : 0);
    const heap = options.soak ? memoryTrend(memory.samples, (p) => p.heapUsedMB) : undefined;
    const heapBeyondData = options.soak && dataHeap ? memoryTrend(memory.samples, beyondData) : undefined;
    const rss = options.soak ? memoryTrend(memory.samples, (p) => p.rssMB) : undefined;
    // Issue 15: RSS less what the added records take, from 2 minutes on (a warm-up's growth is not a leak).
    const rssBeyondData = options.soak ? memoryTrend(memory.samples, (p) => p.rssMB - (dataHeap ? (p.recordsAdded * dataHeap.perRecordKB) / 1024 : 0), RSS_SLOPE_FROM_SECONDS) : undefined;
    const levels = bots.levels();
    const serverErrors = (levels.get('error') ?? 0) + (levels.get('fatal') ?? 0);
    const targets: Target[] = [
      { name: 'Errors seen by the officers', value: recorder.errors, unit: '', limit: { max: 0 }, met: recorder.errors === 0 },
      { name: 'Errors in the bot log', value: serverErrors, unit: '', limit: { max: 0 }, met: serverErrors === 0 },
      { name: 'Slack acknowledgement, slowest', value: recorder.slackAcks.length ? Math.max(...recorder.slackAcks) : 0, unit: 'ms', limit: { max: SLACK_ACK_LIMIT_MS }, met: recorder.slackAcks.every((t) => t <= SLACK_ACK_LIMIT_MS) },
      { name: 'Store problems after the run', value: verification.problems.length, unit: '', limit: { max: 0 }, met: verification.ok },
      { name: 'Graceful shutdown exit code', value: shutdown.code ?? -1, unit: '', limit: { max: 0 }, met: shutdown.code === 0 && shutdown.lockReleased && shutdown.journalBytes === 0 },
      ...(heap ? [{ name: 'Heap used, end against 1 min', value: heap.growthPercent, unit: '%', limit: { max: SOAK_GROWTH_LIMIT }, met: Math.abs(heap.growthPercent) <= SOAK_GROWTH_LIMIT }, { name: 'Heap used, fitted trend over the run', value: heap.fittedGrowthPercent, unit: '%', limit: { max: SOAK_TREND_LIMIT }, met: heap.fittedGrowthPercent <= SOAK_TREND_LIMIT }] : []),
      ...(rssBeyondData ? [{ name: 'RSS beyond the added records, slope from 2 min', value: rssBeyondData.slopeMBPerMinute, unit: 'MB/min', limit: { max: RSS_SLOPE_LIMIT }, met: rssBeyondData.slopeMBPerMinute < RSS_SLOPE_LIMIT }] : []),
      ...(heapBeyondData ? [{ name: 'Heap beyond the added records, end against 1 min', value: heapBeyondData.growthPercent, unit: '%', limit: { max: SOAK_GROWTH_LIMIT }, met: Math.abs(heapBeyondData.growthPercent) <= SOAK_GROWTH_LIMIT }, { name: 'Heap beyond the added records, fitted trend', value: heapBeyondData.fittedGrowthPercent, unit: '%', limit: { max: SOAK_TREND_LIMIT }, met: heapBeyondData.fittedGrowthPercent <= SOAK_TREND_LIMIT }] : []),
      ...(rss ? [{ name: 'RSS, end against 1 min', value: rss.growthPercent, unit: '%', limit: { max: SOAK_GROWTH_LIMIT }, met: Math.abs(rss.growthPercent) <= SOAK_GROWTH_LIMIT }, { name: 'RSS, fitted trend over the run', value: rss.fittedGrowthPercent, unit: '%', limit: { max: SOAK_TREND_LIMIT }, met: rss.fittedGrowthPercent <= SOAK_TREND_LIMIT }] : []),
    ];
    const acked = <T extends { acknowledged: boolean }>(list: T[]) => list.filter((x) => x.acknowledged).length;
    const cpuSeconds = (memory.samples.at(-1)?.cpuSeconds ?? 0) - (memory.samples[0]?.cpuSeconds ?? 0);
    return {
      generatedAt: new Date().toISOString(),
      mode: options.soak ? 'soak' : 'load',
      machine: machine(),
      options: { users: options.users, teamsUsers: data.officers.filter((o) => o.platform === 'teams').length, slackUsers: data.officers.filter((o) => o.platform === 'slack').length, seconds: options.seconds, thinkMs: options.thinkMs },
      elapsedSeconds,
      throughput: { stepsPerSecond: recorder.completed / elapsedSeconds, requestsPerSecond: recorder.requests / elapsedSeconds, steps: recorder.completed, requests: recorder.requests },
      harnessCpuShare: (harnessCpu.user + harnessCpu.system) / 1e6 / elapsedSeconds,
      ...(synRetransAtStart !== undefined && synRetransAtEnd !== undefined ? { tcpSynRetransmits: synRetransAtEnd - synRetransAtStart } : {}),
      botCpu: { seconds: cpuSeconds, msPerAction: recorder.completed ? (cpuSeconds * 1000) / recorder.completed : Number.NaN, share: cpuSeconds / elapsedSeconds },
      commands: [...rows, ...both],
      errors: { total: recorder.errors, byReason: Object.fromEntries(recorder.failures), refusedAfterShutdown: recorder.refusedAfterShutdown, lostInCrash: recorder.lostInCrash },
      crashes: { kills: bots.kills, restartMs: bots.restartMs },
      warmup: { seconds: warmupSeconds, actions: warmupRecorder.completed, errors: warmupRecorder.errors, slowestSlackAckMs: warmupRecorder.slackAcks.length ? Math.max(...warmupRecorder.slackAcks) : 0 },
      slackAcks: { count: recorder.slackAcks.length, p50: median(recorder.slackAcks), p99: percentile(recorder.slackAcks, 99), max: recorder.slackAcks.length ? Math.max(...recorder.slackAcks) : Number.NaN },
      serverLog: { lines: Object.fromEntries(levels), problems: bots.problems() },
      serverSide: [...bots.handledMs()].map(([path, times]) => ({ path, count: times.length, p50: median(times), p99: percentile(times, 99), max: times.length ? Math.max(...times) : Number.NaN })),
      shutdown,
      verification,
      writes: { updates: acked(ledger.updates), reports: acked(ledger.reports), rsvps: acked(ledger.rsvps), unacknowledged: ledger.updates.length + ledger.reports.length + ledger.rsvps.length - acked(ledger.updates) - acked(ledger.reports) - acked(ledger.rsvps) },
      memory: { samples: memory.samples, ...(heap ? { heap } : {}), ...(heapBeyondData ? { heapBeyondData } : {}), ...(rss ? { rss } : {}), ...(rssBeyondData ? { rssBeyondData } : {}), ...(dataHeap ? { dataHeap } : {}) },
      targets,
    };
  } finally {
    await bots?.killAll();
    await connector.close();
    await slack.close();
    if (options.keepData) options.log(`load: data kept in ${dataDir}`);
    else rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
