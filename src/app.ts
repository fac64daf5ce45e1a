// Composition: the store, the seed on first start, and the HTTP server, wired from one config.
// main.ts runs it as a process; tests start it in-process on a free port with a temp data folder.
import { milestoneAddresses, mountMilestoneAddress } from './links/milestone-address.ts';
import type { Activity, TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.ts';
import { startForumJobs, type ForumJobs } from './jobs/forum-jobs.ts';
import { startRetentionJob, type RetentionJob } from './jobs/retention-job.ts';
import { loadAppSecret } from './config/app-secret.ts';
import { mountDownloads } from './links/download-route.ts';
import { mountGrantsWeb } from './grants-web/grants-routes.ts';
import { grantKeys, newSecretValue } from './grants-web/web-guards.ts';
import { linkKeys } from './links/link-tokens.ts';
import { Links } from './links/links.ts';
import { DirectMessages } from './bot/direct-messages.ts';
import { PostedMilestoneCards } from './bot/posted-cards.ts';
import { replyActivity } from './bot/reply-activity.ts';
import { cardReply } from './bot/turn.ts';
import { milestoneShareCard } from './bot/views/milestone-views.ts';
import { renderCard } from './cards/render-card.ts';
import { localDate } from './domain/calendar.ts';
import { Outbox } from './bot/outbox-delivery.ts';
import { ForumBot } from './bot/forum-bot.ts';
import { classifySlackSendError } from './channels/slack/slack-send-errors.ts';
import { mountTeamsChannel } from './channels/teams/teams-channel.ts';
import { classifyTeamsSendError } from './channels/teams/teams-send-errors.ts';
import { seedEmptyStore } from './seed/seed-store.ts';
import { TrustedProxies } from './server/client-address.ts';
import { closeServer, createHttpServer, listen } from './server/http-server.ts';
import { databaseOptions, openStore } from './store/open-store.ts';
import { recordCodec } from './store/field-cipher.ts';
import type { Repository } from './store/repository.ts';
import { APP_VERSION } from './version.ts';
import type { ErrorTally } from './logging/error-tally.ts';
import type { BotHomes } from './bot/people/private-reach.ts';

/** How long a shutdown waits for requests in progress (Teams gives a turn 15 s; containers get about 30 s). */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningApp {
  server: Server;
  store: Repository;
  /** The scheduled sends (reminders, nudges, digests); tests tick it on a fake clock. */
  jobs: ForumJobs;
  /** Private messages kept until delivered; tests retry them on a fake clock. */
  outbox: Outbox;
  /** The daily retention run; tests run it on a fake clock. */
  retention: RetentionJob;
  /** Waits (at most `timeoutMs`) until Slack requests still being answered after their acknowledgement are done. */
  slackIdle(timeoutMs: number): Promise<void>;
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs one proactive send. The adapters hand a failed turn to their onTurnError (which logs it), so
 * the failure is caught inside the turn and rethrown here, classified, for the scheduler to act on.
 */
async function sendProactively(run: (logic: (context: TurnContext) => Promise<void>) => Promise<void>, activity: Partial<Activity>, classify: (error: unknown) => unknown): Promise<void> {
  let failure: unknown;
  await run(async (context) => {
    try {
      await context.sendActivity(activity);
    } catch (error) {
      failure = error;
    }
  });
  if (failure !== undefined) throw classify(failure);
}

/** Tests only: ways to hold the start at a known point. */
export interface StartHooks {
  /** Awaited by the start-up reminder planning before it plans (to show /readyz while it runs). */
  startupPlanningGate?: () => Promise<void>;
}

/** Replaces a message the bot posted (`activity.id`) in a stored conversation; throws what the platform answered. */
async function updateProactively(run: (logic: (context: TurnContext) => Promise<void>) => Promise<void>, activity: Partial<Activity>): Promise<void> {
  let failure: unknown;
  await run(async (context) => {
    try {
      await context.updateActivity(activity);
    } catch (error) {
      failure = error;
    }
  });
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
}

/** `errors`: the tally the logger feeds (createLogger's third argument), shown to admins by `status`. */
export async function startApp(config: AppConfig, logger: Logger, now: () => Date = () => new Date(), errors?: ErrorTally, hooks: StartHooks = {}): Promise<RunningApp> {
  const startedAt = now();
  const store = await openStore({ ...databaseOptions(config), dataDir: config.dataDir, logger: logger.child({ part: 'store' }), now, backupsKeep: config.backupsKeep, codec: recordCodec(config.dataEncryption) });
  let serverOpen = false;
  try {
    // After the store: it made the data folder and holds its lock.
    const secret = await loadAppSecret(config.appSecret, config.dataDir, logger.child({ part: 'secret' }));
    if (config.seedOnFirstStart) {
      const seeded = await seedEmptyStore(store, { seedPath: config.seedFile, now: now(), demoGrantRound: !config.microsoft });
      if (seeded.seeded) {
        logger.info({ counts: seeded.counts, seedFile: config.seedFile }, 'empty store seeded with the action plan');
        if (store.info().backend === 'json') await store.backup('seeded');
      }
    }
    let listeningUrl = '';
    // Replaced by the scheduler's planner once the channels are running (below).
    const reminders = { replan: async (): Promise<boolean> => true };
    const links = new Links(store, linkKeys(secret), () => config.publicUrl ?? listeningUrl, now);
    const directMessages = new DirectMessages(store, logger.child({ part: 'direct-messages' }));
    const outbox = new Outbox({ store, directMessages, logger: logger.child({ part: 'outbox' }), now, timeZone: config.timeZone });
    const keys = grantKeys(secret);
    const grantLinks = {
      mint: () => {
        const token = newSecretValue();
        return { token, id: keys.statusLinkId(token), url: `${(config.publicUrl ?? listeningUrl).replace(/\/$/, '')}/grants/status/${token}` };
      },
    };
    const trustedProxies = new TrustedProxies(config.trustedProxies);
    const milestoneLinks = milestoneAddresses(() => config.publicUrl ?? listeningUrl);
    // Slack's workspace is learnt from Slack once its channel exists (below).
    const homes: BotHomes = { ...(config.microsoft?.tenantId ? { teamsTenantId: config.microsoft.tenantId } : {}) };
    // Milestone cards posted in shared conversations, replaced by the current card after a change.
    const postedCards = new PostedMilestoneCards(
      store,
      (m) => replyActivity(cardReply(renderCard('milestone-share', milestoneShareCard(store, m, localDate(now(), config.timeZone), now())), `Milestone ${m.id}`)),
      logger.child({ part: 'posted-cards' }),
      now,
    );
    const bot = new ForumBot({ homes, milestoneAddresses: milestoneLinks, postedCards, grantLinks, store, logger: logger.child({ part: 'bot' }), now, timeZone: config.timeZone, admins: config.admins, directMessages, outbox, intel: { retentionMonths: config.intelRetentionMonths, wardAlertThreshold: config.intelWardAlertThreshold }, links, reminders, operations: { startedAt, ...(errors ? { errors } : {}) } });
    // No Slack settings, no Slack: the route is not even mounted, and Bolt and the Slack Web API
    // client are never loaded (issue 15: tens of MB a Teams-only bot does not need).
    const slack = config.slack ? (await import('./channels/slack/slack-channel.ts')).createSlackChannel(config.slack, config.allowedSlackTeams, bot, store, logger, secret, postedCards) : undefined;
    if (slack) homes.slack = slack.installedIn;
    // Until the start-up planning of reminders and nudges has run, scheduled sends may be missing: not ready yet.
    const startupPlanning: { state: 'planning' | 'planned' | 'failed' } = { state: 'planning' };
    const planningReadiness = {
      name: 'reminder planning',
      check: () =>
        startupPlanning.state === 'planning'
          ? { ok: false, detail: 'planning reminders' }
          : { ok: true, detail: startupPlanning.state === 'planned' ? 'planned' : 'start-up planning failed; tried again within the hour' },
    };
    const server = createHttpServer({
      logger,
      version: APP_VERSION,
      ...(store.refresh ? { beforeRequest: () => store.refresh?.() ?? Promise.resolve() } : {}),
      readiness: [{ name: 'store', check: () => ({ ok: true, detail: `schema v${store.info().schemaVersion}, ${store.count('milestones')} milestones` }) }, planningReadiness, ...(slack ? [slack.readiness] : [])],
    });
    const teams = mountTeamsChannel(server, config, bot, logger, { counts: store.counts, trustedProxies });
    mountMilestoneAddress(server);
    mountDownloads(server, links, { store, timeZone: config.timeZone, now }, logger.child({ part: 'downloads' }));
    // A new application is announced through the scheduler (durable, once per channel): planning is all it needs.
    mountGrantsWeb(server, { store, keys, trustedProxies, submissionsPerHour: config.grants.submissionsPerHour, publicUrl: () => config.publicUrl ?? listeningUrl, now, logger: logger.child({ part: 'grants-web' }), onSubmitted: async () => void (await reminders.replan()) });
    directMessages.register('teams', (reference, activity) => sendProactively((logic) => teams.continueConversationAsync(config.microsoft?.appId ?? '', reference, logic), activity, classifyTeamsSendError));
    postedCards.register('teams', (reference, activity) => updateProactively((logic) => teams.continueConversationAsync(config.microsoft?.appId ?? '', reference, logic), activity));
    slack?.mount(server);
    if (slack) postedCards.register('slack', (reference, activity) => updateProactively((logic) => slack.adapter.continueConversation(reference, logic), activity));
    if (slack) directMessages.register('slack', (reference, activity) => sendProactively((logic) => slack.adapter.continueConversation(reference, logic), activity, classifySlackSendError), slack.openChat);
    await listen(server, config.port, config.host);
    serverOpen = true;
    await slack?.start();
    const reminderConfig = {
      reminders: config.reminders.daysBefore.map((daysBefore) => ({ daysBefore, at: config.reminders.at })),
      ...(config.reminders.nudgeDaysBefore !== undefined ? { nudge: { daysBefore: config.reminders.nudgeDaysBefore, at: config.reminders.at } } : {}),
      timeZone: config.timeZone,
    };
    const jobs = await startForumJobs({
      store,
      logger: logger.child({ part: 'scheduler' }),
      now,
      timeZone: config.timeZone,
      directMessages,
      outbox,
      reminderConfig,
      schedulerTiming: config.scheduler,
      ...(hooks.startupPlanningGate ? { beforeFirstPlan: hooks.startupPlanningGate } : {}),
      onFirstPlan: (planned) => (startupPlanning.state = planned ? 'planned' : 'failed'),
    });
    await outbox.start();
    reminders.replan = jobs.plan;
    const retention = startRetentionJob({ store, logger: logger.child({ part: 'retention' }), now, timeZone: config.timeZone, grantContactMonths: config.grantContactRetentionMonths });
    const address = server.address();
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`;
    listeningUrl = url;
    logger.info({ url, dataDir: config.dataDir, teams: config.microsoft ? 'authenticated' : 'local mode (no credentials)', slack: config.slack?.mode ?? 'off' }, 'listening');
    let stopping: Promise<void> | undefined;
    // Graceful: stop accepting first; what was accepted (Slack work after its acknowledgement
    // included) runs to its end before the jobs, the channels and, last, the store are closed.
    const stop = () =>
      (stopping ??= (async () => {
        await closeServer(server, SHUTDOWN_GRACE_MS);
        await slack?.drain(SHUTDOWN_GRACE_MS);
        await outbox.stop(SHUTDOWN_GRACE_MS);
        retention.stop();
        await jobs.stop();
        await slack?.stop();
        await store.close();
        logger.info('stopped');
      })());
    return { server, store, jobs, outbox, retention, slackIdle: async (timeoutMs) => slack?.drain(timeoutMs), url, stop };
  } catch (error) {
    if (!serverOpen) await store.close();
    throw error;
  }
}
