// Requests as Slack sends them to POST /slack/events, signed with a real HMAC-SHA256 over
// `v0:{timestamp}:{body}`, and fixture factories (with overrides) for events, the slash command
// (form-encoded), button clicks and modal submissions (form-encoded `payload=`).
import { createHmac, randomBytes } from 'node:crypto';
import { HOME_TEAM } from './stand-in-slack-api.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-forum-bot';
export const FORM_TYPE = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

export interface SlackUser {
  teamId: string;
  userId: string;
  name: string;
}

const upper = (n: number) => randomBytes(n).toString('hex').toUpperCase().slice(0, n);

export function slackUser(name: string, teamId = HOME_TEAM): SlackUser {
  return { teamId, userId: `U${upper(9)}`, name };
}

/** The environment that turns Slack on (HTTP mode) against the stand-in Web API, which also serves the response URLs. */
export function slackEnv(apiUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl, SLACK_RESPONSE_URL_ORIGIN: new URL(apiUrl).origin, ...extra };
}

export function signature(body: string, timestamp: string, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface PostOptions {
  contentType?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  secret?: string;
  /** Replaces the computed signature (a forgery). */
  signature?: string;
  omit?: ('signature' | 'timestamp')[];
  retryNum?: number;
  /** Any other headers Slack sends (e.g. a retry's x-slack-retry-num and x-slack-retry-reason). */
  headers?: Record<string, string>;
}

export interface SlackAnswer {
  status: number;
  text: string;
  json: unknown;
}

export async function postSlack(botUrl: string, body: string, options: PostOptions = {}): Promise<SlackAnswer> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'content-type': options.contentType ?? (body.startsWith('{') ? JSON_TYPE : FORM_TYPE) };
  if (!options.omit?.includes('timestamp')) headers['x-slack-request-timestamp'] = timestamp;
  if (!options.omit?.includes('signature')) headers['x-slack-signature'] = options.signature ?? signature(body, timestamp, options.secret);
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  Object.assign(headers, options.headers ?? {});
  const response = await fetch(`${botUrl}/slack/events`, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined; // An empty or plain-text acknowledgement: `text` has it.
  }
  return { status: response.status, text, json };
}

let tsCounter = 0;
export function nextTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(100_000 + tsCounter).slice(1)}0`;
}

export const dmChannelOf = (user: SlackUser) => `D${user.userId.slice(1)}`;

export function eventBody(event: Record<string, unknown>, options: { teamId?: string; eventId?: string } = {}): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: options.teamId ?? HOME_TEAM,
    api_app_id: 'A0FORUM',
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${upper(10)}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
}

export function dmEvent(user: SlackUser, text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = nextTs();
  return { type: 'message', channel: dmChannelOf(user), channel_type: 'im', user: user.userId, team: user.teamId, text, ts, event_ts: ts, client_msg_id: upper(12), ...overrides };
}

export function mentionEvent(user: SlackUser, text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = nextTs();
  return { type: 'app_mention', channel: 'C0FORUMCH', user: user.userId, team: user.teamId, text, ts, event_ts: ts, ...overrides };
}

export function homeOpenedEvent(user: SlackUser): Record<string, unknown> {
  return { type: 'app_home_opened', user: user.userId, channel: dmChannelOf(user), tab: 'home', event_ts: nextTs() };
}

export function slashCommand(user: SlackUser, text: string, options: { responseUrl: string; channel?: string; channelName?: string; triggerId?: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: user.teamId,
    team_domain: 'forum-test',
    channel_id: options.channel ?? 'C0FORUMCH',
    channel_name: options.channelName ?? 'forum-partners',
    user_id: user.userId,
    user_name: user.name.toLowerCase().replace(/\s+/g, '.'),
    command: '/forum',
    text,
    api_app_id: 'A0FORUM',
    response_url: options.responseUrl,
    trigger_id: options.triggerId ?? `${Date.now()}.${upper(8)}`,
  }).toString();
}

function interactive(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface ClickOptions {
  channel?: string;
  messageTs: string;
  ephemeral?: boolean;
  responseUrl?: string;
  triggerId?: string;
}

export function blockActions(user: SlackUser, value: string, options: ClickOptions): string {
  const channel = options.channel ?? 'C0FORUMCH';
  return interactive({
    type: 'block_actions',
    team: { id: user.teamId, domain: 'forum-test' },
    user: { id: user.userId, username: user.name, team_id: user.teamId },
    api_app_id: 'A0FORUM',
    trigger_id: options.triggerId ?? `${Date.now()}.${upper(8)}`,
    container: { type: 'message', message_ts: options.messageTs, channel_id: channel, is_ephemeral: options.ephemeral ?? false },
    channel: { id: channel, name: 'forum-partners' },
    message: { ts: options.messageTs, type: 'message', text: '' },
    ...(options.responseUrl ? { response_url: options.responseUrl } : {}),
    actions: [{ type: 'button', action_id: 'ac:0', block_id: 'b1', value, action_ts: nextTs() }],
  });
}

/** A click on a button of a view (the Home tab or a modal), as Slack sends it: the container is the view. */
export function viewClick(user: SlackUser, value: string, view: { id: string; type: 'home' | 'modal' }, triggerId = `${Date.now()}.${upper(8)}`): string {
  return interactive({
    type: 'block_actions',
    team: { id: user.teamId, domain: 'forum-test' },
    user: { id: user.userId, username: user.name, team_id: user.teamId },
    api_app_id: 'A0FORUM',
    trigger_id: triggerId,
    container: { type: 'view', view_id: view.id },
    view: { id: view.id, type: view.type, callback_id: view.type === 'modal' ? 'forum.form' : '', hash: upper(10) },
    actions: [{ type: 'button', action_id: 'ac:0', block_id: 'b1', value, action_ts: nextTs() }],
  });
}

export type ViewValues = Record<string, Record<string, Record<string, unknown>>>;

export function viewSubmission(user: SlackUser, view: { id: string; privateMetadata: string; values: ViewValues; callbackId?: string }): string {
  return interactive({
    type: 'view_submission',
    team: { id: user.teamId, domain: 'forum-test' },
    user: { id: user.userId, username: user.name, team_id: user.teamId },
    api_app_id: 'A0FORUM',
    trigger_id: `${Date.now()}.${upper(8)}`,
    view: { id: view.id, type: 'modal', callback_id: view.callbackId ?? 'forum.form', private_metadata: view.privateMetadata, hash: upper(10), state: { values: view.values } },
  });
}

/**
 * The `state.values` Slack would send for a modal the bot opened, filled with `answers` keyed by
 * the card's input ids (matched to each input block's block_id or action_id); others left empty.
 * Each element type gets the field Slack documents for it (`value`, `selected_date`,
 * `selected_time`, `selected_option(s)`); an element without one here is an error, not a guess.
 */
export function modalValues(view: unknown, answers: Record<string, string | string[]>): ViewValues {
  const values: ViewValues = {};
  const blocks = view && typeof view === 'object' && 'blocks' in view && Array.isArray(view.blocks) ? view.blocks : [];
  for (const raw of blocks) {
    const block = raw && typeof raw === 'object' ? Object.fromEntries(Object.entries(raw)) : {};
    const element = block.element && typeof block.element === 'object' ? Object.fromEntries(Object.entries(block.element)) : {};
    if (block.type !== 'input') continue;
    const blockId = String(block.block_id);
    const actionId = String(element.action_id);
    const type = String(element.type);
    const key = Object.keys(answers).find((k) => k === blockId || k === actionId);
    const answer = key === undefined ? undefined : answers[key];
    const one = typeof answer === 'string' ? answer : undefined;
    const many = Array.isArray(answer) ? answer : one ? [one] : [];
    let state: Record<string, unknown>;
    if (type === 'static_select' || type === 'radio_buttons') state = { type, selected_option: one ? { text: { type: 'plain_text', text: one }, value: one } : null };
    else if (type === 'multi_static_select' || type === 'checkboxes') state = { type, selected_options: many.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) };
    // Slack's users_select reference: the chosen user's id as `selected_user`.
    else if (type === 'users_select') state = { type, selected_user: one ?? null };
    else if (type === 'datepicker') state = { type, selected_date: one ?? null };
    else if (type === 'timepicker') state = { type, selected_time: one ?? null };
    else if (type === 'plain_text_input' || type === 'number_input' || type === 'email_text_input' || type === 'url_text_input') state = { type, value: one ?? null };
    else throw new Error(`modalValues: no documented state.values shape for a ${type} element`);
    values[blockId] = { [actionId]: state };
  }
  return values;
}
