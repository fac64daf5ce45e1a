// What a simulated partner officer does, on Teams (Bot Framework activities POSTed to
// /api/messages; replies arrive at the stand-in Bot Connector) or on Slack (HMAC-signed slash
// commands, modal submissions and button clicks to /slack/events; answers arrive at the stand-in
// Web API and response URLs). Each action checks the answer the officer would read, and every
// write is entered in the ledger, acknowledged only once the officer has been told it was saved.
import { formatISO } from 'date-fns';
import { listAreas } from '../../src/domain/areas.ts';
import type { Channel, MilestoneStatus } from '../../src/domain/model.ts';
import { REQUEST_ID_HEADER } from '../../src/logging/request-id.ts';
import { blockActions, modalValues, signature, slashCommand, viewSubmission, type SlackUser } from '../../test/helpers/slack-requests.ts';
import { textOf } from '../../test/helpers/stand-in-slack-api.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, messageActivity, postActivity, type Activity, type TeamsUser } from '../../test/helpers/teams-activities.ts';
import type { Ledger, RsvpAttempt } from './ledger.ts';
import type { Officer } from './load-data.ts';
import { LoadError, type Command, type Recorder } from './recorder.ts';
import type { CallBody, LoadSlackApi, LoadStandIn } from './stand-ins.ts';

/** An answer slower than this counts as lost (Teams itself gives up after 15 s). */
const ANSWER_TIMEOUT_MS = 15_000;
/** Slack shows the person an error if a request is not acknowledged within 3 s. */
export const SLACK_ACK_LIMIT_MS = 3000;
/** The forum channel the meeting pack was posted in, where officers click Attending / Apologies. */
export const FORUM_CHANNEL = { teams: '19:load-forum@thread.tacv2', slack: 'C0LOADFORUM' } as const;
/** The first few wards of the borough (real ONS codes, as the form offers them). */
const WARDS = listAreas().filter((a) => a.kind === 'ward').slice(0, 5).map((a) => a.id);

export interface MeetingButtons {
  meetingId: string;
  teams: Record<'attending' | 'apologies', Record<string, unknown>>;
  slack: Record<'attending' | 'apologies', string>;
}

export interface RunContext {
  botUrl: string;
  connector: LoadStandIn;
  slack: LoadSlackApi;
  ledger: Ledger;
  recorder: Recorder;
  meeting: MeetingButtons;
  /** A date in the past week (for intelligence) and a revised due date (for Amber), as YYYY-MM-DD. */
  occurredDate: string;
  revisedDue: string;
}

type Action = (ctx: RunContext, officer: Officer, n: number) => Promise<void>;

let sequence = 0;
const nextId = (prefix: string) => `${prefix}-${(sequence += 1)}`;

/**
 * A request the connection to the bot failed for, with the id it was sent with (x-request-id, which
 * the bot puts on its log lines): after a SIGTERM this tells a request the bot had accepted from
 * one that never reached it (a kept-alive connection closed as the bot stopped).
 */
export class ConnectionLost extends Error {
  constructor(readonly requestId: string, readonly code: string, options?: { cause?: unknown }) {
    super(`the connection to the bot failed (${code})`, options);
    this.name = 'ConnectionLost';
  }
}

/** Runs one HTTP request to the bot with a fresh request id; a connection failure comes back as ConnectionLost. */
async function toBot<T>(send: (requestId: string) => Promise<T>): Promise<T> {
  const requestId = nextId('load-req');
  try {
    return await send(requestId);
  } catch (error) {
    const cause: unknown = error instanceof Error ? error.cause : undefined;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined;
    // A refused connection passes as it is (nothing was accepted); a dropped one is told apart.
    if (code && code !== 'ECONNREFUSED') throw new ConnectionLost(requestId, code, { cause: error });
    throw error;
  }
}

function isProblemText(text: string): boolean {
  return /sorry|went wrong|not saved|could not/i.test(text);
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 120);
}

/** Waits for a call while the request that causes it runs; never leaves a waiter behind. */
async function withAnswer<T>(waiters: LoadStandIn['waiters'], key: string, request: () => Promise<T>): Promise<{ result: T; answer: Promise<CallBody> }> {
  const answer = waiters.expect(key, ANSWER_TIMEOUT_MS);
  // Observed here, so a request that fails first leaves no unhandled rejection behind.
  answer.catch(() => undefined);
  try {
    return { result: await request(), answer };
  } catch (error) {
    waiters.cancel(key);
    throw error;
  }
}

// ---- Teams -------------------------------------------------------------------------------------

function teamsFrom(officer: Officer): TeamsUser {
  if (officer.platform !== 'teams') throw new Error('not a Teams officer');
  return officer.account;
}

/** A message in the officer's 1:1 chat; the reply is POSTed to the connector before the 200. */
export async function teamsMessage(ctx: RunContext, officer: Officer, text: string): Promise<Activity> {
  const activity = messageActivity(text, { from: teamsFrom(officer), conversation: 'personal', serviceUrl: ctx.connector.url, expectReplies: false });
  const { result, answer } = await withAnswer(ctx.connector.waiters, `reply:${String(activity.id)}`, () => toBot((id) => postActivity(ctx.botUrl, activity, { [REQUEST_ID_HEADER]: id })));
  ctx.recorder.requests += 1;
  if (result.status !== 200) {
    ctx.connector.waiters.cancel(`reply:${String(activity.id)}`);
    throw new LoadError(`HTTP ${result.status}`);
  }
  const reply = await answer;
  const shown = `${String(reply.text ?? '')}\n${cardText(cardOf(reply))}`;
  if (isProblemText(shown) && !cardOf(reply)) throw new LoadError(`answered "${snippet(shown)}"`);
  return reply;
}

/** A card button (Action.Execute): the answer is the invoke response's card. */
export async function teamsCardAction(ctx: RunContext, officer: Officer, verb: string, data: Record<string, unknown>, conversation: 'personal' | 'channel' = 'personal'): Promise<{ card?: unknown; text: string }> {
  const activity = cardActionActivity(verb, data, {
    from: teamsFrom(officer),
    conversation,
    ...(conversation === 'channel' ? { conversationId: FORUM_CHANNEL.teams } : {}),
    serviceUrl: ctx.connector.url,
    overrides: { replyToId: nextId('card') },
  });
  const result = await toBot((id) => postActivity(ctx.botUrl, activity, { [REQUEST_ID_HEADER]: id }));
  ctx.recorder.requests += 1;
  if (result.status !== 200) throw new LoadError(`HTTP ${result.status}`);
  const body: unknown = result.body;
  const value = body && typeof body === 'object' && 'value' in body ? body.value : undefined;
  const type = body && typeof body === 'object' && 'type' in body ? String(body.type) : '';
  if (type === 'application/vnd.microsoft.activity.message') return { text: String(value) };
  return { card: value, text: cardText(value) };
}

// ---- Slack -------------------------------------------------------------------------------------

function slackFrom(officer: Officer): SlackUser {
  if (officer.platform !== 'slack') throw new Error('not a Slack officer');
  return officer.account;
}

/** POST /slack/events, signed as Slack signs it, with the request id. */
async function postSigned(botUrl: string, body: string, requestId: string): Promise<{ status: number; json: unknown }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${botUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature(body, timestamp), [REQUEST_ID_HEADER]: requestId },
    body,
    signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined; // An empty or plain-text acknowledgement.
  }
  return { status: response.status, json };
}

async function signedPost(ctx: RunContext, body: string): Promise<{ status: number; json: unknown }> {
  const started = performance.now();
  const answer = await toBot((id) => postSigned(ctx.botUrl, body, id));
  const took = performance.now() - started;
  ctx.recorder.requests += 1;
  ctx.recorder.slackAcks.push(took);
  if (answer.status !== 200) throw new LoadError(`HTTP ${answer.status}`);
  // A slow acknowledgement is a figure, not a failure: the report's "Slack acknowledgement,
  // slowest" target holds it against Slack's 3 s. As an error it made the SIGTERM fault test
  // fail on a busy machine (issue 15: tests assert outcomes, benchmarks measure time).
  return answer;
}

/** `/forum <text>`; the answer goes to the request's response URL. */
async function slackCommand(ctx: RunContext, officer: Officer, text: string): Promise<CallBody> {
  const name = nextId(`o${officer.index}`);
  const { answer } = await withAnswer(ctx.slack.waiters, `respond:${name}`, () => signedPost(ctx, slashCommand(slackFrom(officer), text, { responseUrl: ctx.slack.responseUrl(name) })));
  const reply = await answer;
  if (isProblemText(textOf(reply)) && !reply.blocks) throw new LoadError(`answered "${snippet(textOf(reply))}"`);
  return reply;
}

interface OpenedModal {
  view: unknown;
  viewId: string;
  /** The response URL of the command that opened it: where the confirmation goes. */
  responseName: string;
}

/** `/forum <text>` for a form: it opens as a modal with the command's trigger. */
export async function slackForm(ctx: RunContext, officer: Officer, text: string): Promise<OpenedModal> {
  const name = nextId(`o${officer.index}`);
  const trigger = `trigger-${name}`;
  const body = slashCommand(slackFrom(officer), text, { responseUrl: ctx.slack.responseUrl(name), triggerId: trigger });
  const { answer } = await withAnswer(ctx.slack.waiters, `views.open:${trigger}`, () => signedPost(ctx, body));
  const opened = await answer;
  if (typeof opened.viewId !== 'string') throw new LoadError('the modal was opened without an id');
  return { view: opened.view, viewId: opened.viewId, responseName: name };
}

/** Submits a modal; resolves with the confirmation posted to the command's response URL. */
async function slackSubmit(ctx: RunContext, officer: Officer, modal: OpenedModal, answers: Record<string, string>): Promise<string> {
  const metadata = modal.view && typeof modal.view === 'object' && 'private_metadata' in modal.view ? String(modal.view.private_metadata) : '';
  const body = viewSubmission(slackFrom(officer), { id: modal.viewId, privateMetadata: metadata, values: modalValues(modal.view, answers) });
  const { result, answer } = await withAnswer(ctx.slack.waiters, `respond:${modal.responseName}`, () => signedPost(ctx, body));
  const ack = result.json && typeof result.json === 'object' ? Object(result.json) : {};
  if (ack.response_action !== 'clear') {
    ctx.slack.waiters.cancel(`respond:${modal.responseName}`);
    throw new LoadError(`the modal answered ${snippet(JSON.stringify(ack))}`);
  }
  return textOf(await answer);
}

// ---- The actions -------------------------------------------------------------------------------

const LIST_QUERIES = ['milestones', 'milestones overdue', 'milestones all', 'milestones due soon'];

const list: Action = async (ctx, officer, n) => {
  const query = LIST_QUERIES[n % LIST_QUERIES.length] ?? 'milestones';
  await ctx.recorder.step('list', officer.platform, async () => {
    if (officer.platform === 'teams') {
      if (!cardOf(await teamsMessage(ctx, officer, query))) throw new LoadError('no milestone list card');
    } else if (!(await slackCommand(ctx, officer, query)).blocks) throw new LoadError('no milestone list blocks');
  });
};

const summary: Action = async (ctx, officer) => {
  await ctx.recorder.step('summary', officer.platform, async () => {
    const text = officer.platform === 'teams' ? cardText(cardOf(await teamsMessage(ctx, officer, 'summary'))) : textOf(await slackCommand(ctx, officer, 'summary'));
    if (!/action plan/i.test(text)) throw new LoadError(`no plan summary: "${snippet(text)}"`);
  });
};

/** A valid change for each status rule: Green, Amber (note + revised date), Blue (evidence). */
function change(ctx: RunContext, n: number, token: string): { status: MilestoneStatus; commentary: string; revisedDue: string; evidence: string } {
  const status = (['on-track', 'delayed', 'complete'] as const)[n % 3] ?? 'on-track';
  return { status, commentary: token, revisedDue: status === 'delayed' ? ctx.revisedDue : '', evidence: status === 'complete' ? 'Minutes of the partners meeting' : '' };
}

const update: Action = async (ctx, officer, n) => {
  const via: Channel = officer.platform;
  if (officer.platform === 'teams') {
    const form = await ctx.recorder.step('update.form', via, async () => {
      const save = cardButtons(cardOf(await teamsMessage(ctx, officer, `update ${officer.milestoneId}`))).find((b) => b.verb === 'milestone.update');
      if (!save) throw new LoadError('no Save button on the update form');
      return save.data;
    });
    if (!form) return;
    const token = ctx.ledger.nextToken();
    const values = change(ctx, n, token);
    const attempt = { milestoneId: officer.milestoneId, token, status: values.status, via, personId: officer.personId, acknowledged: false };
    ctx.ledger.updates.push(attempt);
    await ctx.recorder.step('update.save', via, async () => {
      const answer = await teamsCardAction(ctx, officer, 'milestone.update', { ...form, ...values });
      if (!answer.text.includes('Saved by')) throw new LoadError(`not saved: "${snippet(answer.text)}"`);
      attempt.acknowledged = true;
    });
    return;
  }
  const modal = await ctx.recorder.step('update.form', via, () => slackForm(ctx, officer, `update ${officer.milestoneId}`));
  if (!modal) return;
  const token = ctx.ledger.nextToken();
  const values = change(ctx, n, token);
  const attempt = { milestoneId: officer.milestoneId, token, status: values.status, via, personId: officer.personId, acknowledged: false };
  ctx.ledger.updates.push(attempt);
  await ctx.recorder.step('update.save', via, async () => {
    const confirmation = await slackSubmit(ctx, officer, modal, values);
    if (!confirmation.includes('Saved by')) throw new LoadError(`not saved: "${snippet(confirmation)}"`);
    attempt.acknowledged = true;
  });
};

function intelAnswers(ctx: RunContext, n: number, token: string): Record<string, string> {
  return {
    occurredDate: ctx.occurredDate,
    occurredTime: '18:30',
    areaId: WARDS[n % WARDS.length] ?? 'borough-wide',
    category: 'community-building-or-planning',
    description: `Residents met at the community centre to plan a summer event for families; ref ${token}`,
    sourceType: 'own-observation',
    sourceReliability: 'reliable',
    informationConfidence: 'known-directly',
    tensionLevel: String(1 + (n % 2)),
    tensionTrend: 'stable',
    handling: 'OFFICIAL',
  };
}

const REPORT_ID = /Report logged: (INT-[\w-]+)/;

const intel: Action = async (ctx, officer, n) => {
  const via: Channel = officer.platform;
  const token = ctx.ledger.nextToken();
  const answers = intelAnswers(ctx, n, token);
  if (officer.platform === 'teams') {
    const opened = await ctx.recorder.step('intel.form', via, async () => {
      const form = cardText(cardOf(await teamsMessage(ctx, officer, 'log intel')));
      if (!form.includes('999')) throw new LoadError(`not the intelligence form: "${snippet(form)}"`);
      return true;
    });
    if (!opened) return;
    const attempt = { token, via, personId: officer.personId, acknowledged: false, id: '' };
    ctx.ledger.reports.push(attempt);
    await ctx.recorder.step('intel.save', via, async () => {
      const answer = await teamsCardAction(ctx, officer, 'intel.submit', { ...answers, reportedToPolice: 'false' });
      const id = REPORT_ID.exec(answer.text)?.[1];
      if (!id) throw new LoadError(`not logged: "${snippet(answer.text)}"`);
      Object.assign(attempt, { id, acknowledged: true });
    });
    return;
  }
  const modal = await ctx.recorder.step('intel.form', via, () => slackForm(ctx, officer, 'log intel'));
  if (!modal) return;
  const attempt = { token, via, personId: officer.personId, acknowledged: false, id: '' };
  ctx.ledger.reports.push(attempt);
  await ctx.recorder.step('intel.save', via, async () => {
    const confirmation = await slackSubmit(ctx, officer, modal, answers);
    const id = REPORT_ID.exec(confirmation)?.[1];
    if (!id) throw new LoadError(`not logged: "${snippet(confirmation)}"`);
    Object.assign(attempt, { id, acknowledged: true });
  });
};

const rsvp: Action = async (ctx, officer, n) => {
  const response = n % 2 === 0 ? 'attending' : 'apologies';
  const entry: RsvpAttempt = { meetingId: ctx.meeting.meetingId, personId: officer.personId, response, acknowledged: false };
  ctx.ledger.rsvps.push(entry);
  await ctx.recorder.step('rsvp', officer.platform, async () => {
    if (officer.platform === 'teams') {
      // The pack is updated in place for everyone (a PUT to the Bot Connector); the clicker is told their own reply.
      const answer = await teamsCardAction(ctx, officer, 'meeting.rsvp', ctx.meeting.teams[response], 'channel');
      const said = response === 'attending' ? 'is Attending' : 'is Apologies';
      if (answer.card || !answer.text.includes(said)) throw new LoadError(`no confirmation of the reply: "${snippet(answer.text)}"`);
    } else {
      // The pack as posted in the forum channel; the bot replaces that message with the new count.
      sequence += 1;
      const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence % 1_000_000).padStart(6, '0')}`;
      const body = blockActions(slackFrom(officer), ctx.meeting.slack[response], { channel: FORUM_CHANNEL.slack, messageTs: ts });
      const { answer } = await withAnswer(ctx.slack.waiters, `chat.update:${ts}`, () => signedPost(ctx, body));
      const updated = textOf((await answer).blocks);
      if (!updated.includes('Attending')) throw new LoadError(`no updated meeting pack: "${snippet(updated)}"`);
    }
    entry.acknowledged = true;
  });
};

/** The mix of actions, by weight: reads most often, then the three kinds of write. */
export const ACTION_MIX: readonly { command: Command; weight: number; run: Action }[] = [
  { command: 'list', weight: 30, run: list },
  { command: 'summary', weight: 15, run: summary },
  { command: 'update.save', weight: 20, run: update },
  { command: 'intel.save', weight: 15, run: intel },
  { command: 'rsvp', weight: 20, run: rsvp },
];

/** The action for a draw in [0, 1). */
export function pickAction(draw: number): Action {
  const total = ACTION_MIX.reduce((sum, a) => sum + a.weight, 0);
  let left = draw * total;
  for (const action of ACTION_MIX) {
    left -= action.weight;
    if (left < 0) return action.run;
  }
  return list;
}

export const isoDay = (date: Date) => formatISO(date, { representation: 'date' });
