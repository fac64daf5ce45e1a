// The Slack channel: a Bolt App (HTTP on the shared restify server at POST /slack/events, or
// Socket Mode) whose listeners hand every request to the SlackAdapter, which runs the same
// ForumBot as Teams. Bolt checks signatures (HTTP), acknowledges events and talks to the Web API
// at the configured base URL; deciding and answering is the bot's.
import { App, HTTPReceiver, SocketModeReceiver, type ViewSubmitAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { ChatOpener } from '../../bot/direct-messages.ts';
import type { ForumBot } from '../../bot/forum-bot.ts';
import type { PostedMilestoneCards } from '../../bot/posted-cards.ts';
import type { AppConfig } from '../../config/config.ts';
import type { AppSecret } from '../../config/app-secret.ts';
import { currentRequestId, newRequestId, runWithRequestId } from '../../logging/request-id.ts';
import type { ReadinessCheck } from '../../server/http-server.ts';
import { conversationId, FORM_CALLBACK_ID, SLACK_CHANNEL_ID, toInbound, type SlackInbound } from './slack-activities.ts';
import { SlackAdapter, type InboundResult } from './slack-adapter.ts';
import { toClicker, type Delivery } from './slack-delivery.ts';
import { slackClientOptions } from './slack-client.ts';
import { boltLogger } from './slack-logger.ts';
import { DisplayNames, FormCache, ResponseUrls } from './slack-caches.ts';
import { firstDelivery } from '../first-delivery.ts';
import type { Repository } from '../../store/repository.ts';
import { formSeal } from './slack-form-seal.ts';
import { alteredFormAck } from './slack-invoke-answer.ts';
import { parseBlockActions, parseEvent, parseMessageAction, parseSlashCommand, parseSuggestion, parseViewSubmission, shareRequest, type Parsed, type SlackRequest } from './slack-payloads.ts';
import { cardFor, optionsOf, readShare, shareModal, SHARE_MILESTONE_ACTION, SHARE_SHORTCUT_ID, SHARE_CALLBACK_ID } from './slack-share.ts';
import { adaptiveCardSchema } from './card-reading.ts';
import { renderCardMessage } from './card-rendering.ts';
import { encodeOpenForm } from './slack-form-values.ts';
import { escapeSlackText } from './slack-text.ts';
import { mountSlackRoute } from './slack-route.ts';
import { slackWeb } from './slack-web.ts';
import { WorkInFlight } from '../../server/work-in-flight.ts';
import { TEAM_REFUSAL, turnErrorHandler } from './slack-turn-errors.ts';
import { describeOpenDmError } from './slack-send-errors.ts';
import { describeStartFailure } from './slack-start-errors.ts';
import { keepSocketConnected, type SocketConnection } from './socket-connection.ts';

export const SLACK_EVENTS_PATH = '/slack/events';
const RETRY_INIT_MS = 30_000;
const SOCKET_WAIT_MS = 10_000;
/** Slack's payloads are small; a modal submission with long notes is well under this. */
export const MAX_SLACK_BODY_BYTES = 256 * 1024;

export interface SlackChannel {
  readonly adapter: SlackAdapter;
  /** Opens the app's DM with a Slack person who has never written to it (for alerts and nudges). */
  readonly openChat: ChatOpener;
  /** The workspace the app is installed in (auth.test, asked once when first needed); undefined if Slack did not say. */
  installedIn(): Promise<{ teamId: string; enterpriseId?: string } | undefined>;
  readiness: ReadinessCheck;
  /** Mounts POST /slack/events (HTTP mode only). */
  mount(server: Server): void;
  /**
   * auth.test (and the Socket Mode connection); a failure is logged and retried, not thrown, except
   * Slack's answers that the configuration is wrong, which /readyz and the log state (slack-start-errors.ts).
   */
  start(): Promise<void>;
  /** Waits (at most `timeoutMs`) for requests still being answered after their acknowledgement. */
  drain(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

type SlackSettings = NonNullable<AppConfig['slack']>;

function apiUrl(settings: SlackSettings): string | undefined {
  return settings.apiUrl ? (settings.apiUrl.endsWith('/') ? settings.apiUrl : `${settings.apiUrl}/`) : undefined;
}

/** `secret` signs the modals' private_metadata (a key of its own, derived from the server secret). */
/** Remembering an event id is the channel's own bookkeeping; the audit names it so. */
const EVENTS_CTX = { actor: { name: 'slack events' }, via: 'slack' } as const;

export function createSlackChannel(settings: SlackSettings, allowedTeams: readonly string[], bot: ForumBot, store: Repository, logger: Logger, secret: AppSecret, postedCards?: PostedMilestoneCards): SlackChannel {
  const log = logger.child({ part: 'slack' });
  const slackApiUrl = apiUrl(settings);
  const clientOptions = slackClientOptions(log, slackApiUrl);
  const bolt = boltLogger(log);
  const receiver =
    settings.mode === 'http'
      ? new HTTPReceiver({ signingSecret: settings.signingSecret ?? '', endpoints: SLACK_EVENTS_PATH, logger: bolt, bodyLimit: MAX_SLACK_BODY_BYTES })
      : // The channel keeps the connection open itself (socket-connection.ts): the client's own
        // reconnection gave up on the first failed apps.connections.open.
        new SocketModeReceiver({ appToken: settings.appToken ?? '', logger: bolt, autoReconnectEnabled: false, installerOptions: { clientOptions } });
  const app = new App({ token: settings.botToken, receiver, logger: bolt, deferInitialization: true, clientOptions });
  // Socket Mode requests come without an HTTP request (and its id): each gets one here.
  app.use(async ({ next }) => runWithRequestId(currentRequestId() ?? newRequestId(), next));

  const web = slackWeb(app.client, log, settings.responseUrlOrigin);
  const seal = formSeal(secret.key('slack-form-metadata'));
  const responseUrls = new ResponseUrls();
  const delivery: Delivery = { web, forms: new FormCache(), responseUrls, seal, logger: log };
  const adapter = new SlackAdapter(delivery);
  adapter.onTurnError = turnErrorHandler(log);
  const names = new DisplayNames((user) => web.userName(user));
  const allowed = new Set(allowedTeams);

  let state: { ready: boolean; detail: string } = { ready: false, detail: 'not started' };
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;

  /** Everything Slack sends comes through here: parsed, filtered, mapped, run. */
  async function handle(parsed: Parsed, botUserId: string | undefined): Promise<InboundResult | undefined> {
    if (!parsed.ok) {
      log.debug({ reason: parsed.reason }, 'Slack request ignored');
      return undefined;
    }
    let request = parsed.request;
    if (request.kind === 'command') responseUrls.received(request.responseUrl);
    if (request.kind === 'button' && request.surface.kind === 'message' && request.surface.responseUrl) responseUrls.received(request.surface.responseUrl);
    if (request.kind === 'submission') {
      // Checked before anything reads the metadata (even the refusal to another workspace goes
      // where it says): what a submission may change is the inputs, nothing else.
      const metadata = seal.open(request.privateMetadata, request.user);
      if (metadata === undefined) {
        log.warn({ team: request.team, user: request.user }, 'refused a Slack form submission whose private_metadata is not the one the bot signed');
        return { ack: alteredFormAck(), afterAck: async () => undefined };
      }
      request = { ...request, privateMetadata: metadata };
    }
    if ('eventId' in request && request.eventId && !(await firstDelivery(store, EVENTS_CTX, 'slack', request.eventId))) {
      log.info({ eventId: request.eventId }, 'ignored a repeated delivery of a Slack event already taken on');
      return undefined;
    }
    const refused = allowed.size > 0 && !allowed.has(request.team);
    const displayName = refused ? request.user : await names.of(request.team, request.user);
    const nameOf = async (team: string, user: string) => {
      const name = await names.of(team, user);
      return name === user ? undefined : name;
    };
    const mapped = toInbound(request, { ...(botUserId ? { botUserId } : {}), displayName, nameOf });
    if (!mapped.ok) {
      log.info({ reason: mapped.reason, kind: request.kind }, 'Slack request ignored');
      return undefined;
    }
    if (refused) {
      // Other workspaces get one polite line, to the person only, and nothing else.
      log.info({ team: request.team, kind: request.kind }, 'refused a Slack workspace not on the allow-list');
      const { target, unfurl, rawInvoke } = mapped.inbound.facts;
      // A link shared in another workspace is simply not unfurled, and a search finds nothing.
      if (!unfurl && !rawInvoke && target.kind !== 'home' && target.kind !== 'modal') {
        await toClicker(delivery, { facts: mapped.inbound.facts, updated: new Set(), triggerUsed: false, afterAck: [] }, { text: TEAM_REFUSAL });
      }
      return undefined;
    }
    if (request.kind === 'link') return unfurlEach(request, mapped.inbound, botUserId, displayName);
    return adapter.processInbound(mapped.inbound, (context) => bot.run(context));
  }

  /**
   * A message's links: each asked of the core in turn (as Teams asks about each pasted link), the
   * milestones among them sent to Slack in one chat.unfurl; the rest are shown as they are.
   */
  async function unfurlEach(request: Extract<SlackRequest, { kind: 'link' }>, first: SlackInbound, botUserId: string | undefined, displayName: string): Promise<InboundResult> {
    const unfurls: Record<string, { blocks: unknown[] }> = {};
    for (const url of request.urls) {
      const mapped = url === request.url ? { ok: true as const, inbound: first } : toInbound({ ...request, url }, { ...(botUserId ? { botUserId } : {}), displayName });
      if (!mapped.ok) continue;
      const result = await adapter.processInbound(mapped.inbound, (context) => bot.run(context));
      if (result.unfurled) unfurls[result.unfurled.url] = { blocks: result.unfurled.blocks };
    }
    const place = first.facts.unfurl?.place;
    if (place && Object.keys(unfurls).length > 0) await web.unfurl(place, unfurls);
    return { afterAck: async () => undefined };
  }

  async function safely(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      log.error({ err: error, what }, 'a Slack request failed');
    }
  }

  // Most work here runs after Slack has its acknowledgement; a shutdown waits for it (drain).
  const work = new WorkInFlight('Slack requests');
  const onEvent = async ({ body, context }: { body: unknown; context: { retryNum?: number; retryReason?: string; botUserId?: string } }) => {
    // A retry is handled like any delivery: it may be the first the bot ever took (the first came
    // while it was starting). The event id decides (first-delivery.ts), not the retry number.
    if (context.retryNum !== undefined && context.retryNum > 0) log.info({ retryNum: context.retryNum, retryReason: context.retryReason }, 'a Slack event delivered again');
    await work.run(() => safely('event', () => handle(parseEvent(body), context.botUserId)));
  };
  app.event('message', onEvent);
  app.event('app_mention', onEvent);
  app.event('app_home_opened', onEvent);
  app.event('link_shared', onEvent);
  app.command(/.*/, async ({ body, ack, context }) => {
    await work.run(async () => {
      await ack();
      await safely('slash command', () => handle(parseSlashCommand(body), context.botUserId));
    });
  });
  app.action({ type: 'block_actions' }, async ({ body, ack, context }) => {
    await work.run(async () => {
      await ack();
      await safely('button', async () => (await handle(parseBlockActions(body), context.botUserId))?.afterAck());
    });
  });
  app.shortcut({ type: 'message_action' }, async ({ body, ack, context }) => {
    await work.run(async () => {
      await ack();
      await safely('message shortcut', async () => (await handle(parseMessageAction(body), context.botUserId))?.afterAck());
    });
  });
  // "Share a milestone" (slack-share.ts): the modal, its search as the person types, and the post.
  const inWorkspace = (team: string | undefined) => allowed.size === 0 || (team !== undefined && allowed.has(team));
  app.shortcut({ type: 'shortcut', callback_id: SHARE_SHORTCUT_ID }, async ({ body, ack }) => {
    await work.run(async () => {
      await ack();
      const team = body.user.team_id ?? body.team?.id;
      if (!inWorkspace(team)) return void log.info({ team }, 'refused a Slack workspace not on the allow-list');
      await safely('share shortcut', () => web.openModal(body.trigger_id, shareModal()));
    });
  });
  app.options({ type: 'block_suggestion', action_id: SHARE_MILESTONE_ACTION }, async ({ body, ack }) => {
    await work.run(async () => {
      let options: ReturnType<typeof optionsOf> = [];
      try {
        options = optionsOf((await handle(parseSuggestion(body), undefined))?.invoke);
      } catch (error) {
        log.error({ err: error }, 'a milestone search for Slack failed');
      }
      // Bolt types the answer for every kind of options request at once; this is block_suggestion's.
      const answer = ack as (body: { options: ReturnType<typeof optionsOf> }) => Promise<void>;
      await safely('acknowledging a search', () => answer({ options }));
    });
  });
  app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: SHARE_CALLBACK_ID }, ({ body, ack, context }) => work.run(async () => {
    const read = readShare(body.view.state);
    if (!read.ok) return void (await safely('acknowledging a share', () => ack({ response_action: 'errors', errors: read.errors })));
    await safely('acknowledging a share', () => ack());
    await safely('sharing a milestone', async () => {
      const found = await handle(shareRequest(body, read.milestoneId, read.conversation), context.botUserId);
      const card = adaptiveCardSchema.safeParse(cardFor(found?.invoke, read.milestoneId));
      const user = body.user.id;
      if (!card.success) return void (await web.postMessage(user, { text: `I could not find milestone ${read.milestoneId} to share; nothing was posted.` }));
      const name = await names.of(body.user.team_id ?? body.team?.id ?? '', user);
      const rendered = renderCardMessage(card.data, encodeOpenForm({ text: `milestone ${read.milestoneId}` }), `${name} shared milestone ${read.milestoneId}`);
      try {
        const ts = await web.postMessage(read.conversation, { text: rendered.text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeSlackText(name)} shared this milestone` }] }, ...rendered.blocks] });
        // Kept current: after a change to the milestone this message is replaced (chat.update).
        const team = body.user.team_id ?? body.team?.id;
        if (ts && team) postedCards?.remember({ milestoneId: read.milestoneId, via: 'slack', reference: { channelId: SLACK_CHANNEL_ID, conversation: { id: conversationId(team, read.conversation), isGroup: true, conversationType: 'channel', name: '' } }, messageId: ts });
      } catch (error) {
        log.info({ err: error }, 'could not post a shared milestone');
        await web.postMessage(user, { text: `I could not post milestone ${read.milestoneId} in <#${read.conversation}>: add me to it first (type \`/invite @Stronger Communities\` there), then share it again.` });
      }
    });
  }));
  app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: FORM_CALLBACK_ID }, ({ body, ack, context }) => work.run(async () => {
    let result: InboundResult | undefined;
    try {
      result = await handle(parseViewSubmission(body), context.botUserId);
    } catch (error) {
      log.error({ err: error }, 'a Slack form submission failed');
    }
    // Acknowledged whatever happened: Slack shows its own error to the person otherwise. If the
    // turn took longer than Slack waits, the ack fails, but a saved change still updates the message.
    await safely('acknowledging a form', () => ack(result?.ack));
    await safely('after a form', () => result?.afterAck() ?? Promise.resolve());
  }));
  app.error(async (error) => {
    log.error({ err: error, code: error.code }, 'Bolt reported an error');
  });

  let socket: SocketConnection | undefined;

  async function start(): Promise<void> {
    try {
      await app.init();
    } catch (error) {
      const failure = describeStartFailure(error, 'SLACK_BOT_TOKEN');
      if (failure.kind === 'configuration') {
        state = { ready: false, detail: failure.detail };
        log.error({ code: failure.code }, failure.detail);
        return;
      }
      state = { ready: false, detail: `cannot reach Slack yet (${failure.detail}); retrying in ${RETRY_INIT_MS / 1000} s` };
      log.error({ err: error }, 'Slack channel could not start (auth.test failed); retrying in 30 s');
      if (!stopped) {
        retry = setTimeout(() => void start(), RETRY_INIT_MS);
        retry.unref();
      }
      return;
    }
    if (receiver instanceof HTTPReceiver) {
      state = { ready: true, detail: `HTTP at ${SLACK_EVENTS_PATH}` };
      log.info({ mode: settings.mode }, 'Slack channel ready');
      return;
    }
    if (stopped) return;
    socket = keepSocketConnected({ events: receiver.client, connect: () => app.start(), report: (now) => void (state = now), log });
    // Start-up waits a little for the connection, never for ever: /readyz tells the rest.
    await Promise.race([socket.firstAttempt, new Promise((resolve) => setTimeout(resolve, SOCKET_WAIT_MS).unref())]);
  }

  const openChat: ChatOpener = async (identity) => {
    if (identity.platform !== 'slack') throw new Error('not a Slack account');
    let channel: string;
    try {
      channel = await web.openDirectMessage(identity.userId);
    } catch (error) {
      throw describeOpenDmError(error);
    }
    // The same shape as the reference of a DM the person wrote in (slack-activities.ts).
    return { channelId: SLACK_CHANNEL_ID, conversation: { id: conversationId(identity.teamId, channel), isGroup: false, conversationType: 'personal', name: '' }, user: { id: identity.userId, name: '' } };
  };

  let home: Promise<{ teamId: string; enterpriseId?: string }> | undefined;
  const installedIn = async () => {
    home ??= web.installedIn();
    try {
      return await home;
    } catch (error) {
      home = undefined;
      log.warn({ err: error }, 'auth.test did not say which workspace the app is installed in');
      return undefined;
    }
  };

  return {
    adapter,
    openChat,
    installedIn,
    readiness: { name: 'slack', check: () => ({ ok: state.ready, detail: state.detail }) },
    mount(server) {
      if (receiver instanceof HTTPReceiver) mountSlackRoute(server, SLACK_EVENTS_PATH, receiver, () => state.ready, log, MAX_SLACK_BODY_BYTES);
    },
    start,
    drain: (timeoutMs) => work.drain(timeoutMs, log),
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      socket?.stop();
      // Slack answers the closing handshake at once; a shutdown never waits long for it.
      if (receiver instanceof SocketModeReceiver) await Promise.race([receiver.client.disconnect(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      state = { ready: false, detail: 'stopped' };
    },
  };
}
