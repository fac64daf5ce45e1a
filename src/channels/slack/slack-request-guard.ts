// What reaches Bolt on POST /slack/events: a body read here (bounded), parsed the way Bolt parses
// it, and checked to be one of the requests this app handles, in the shape Slack sends it.
// Bolt trusts that shape: a JSON `null` body made its receiver throw outside any handler (an
// unhandled rejection that ends the process), an interaction without `user` failed with a 500 and
// an error log line, and a body Bolt could not type held the connection for 3 seconds before a
// 404 and an error log line. Such requests are answered here at once with 400 instead. The
// signature is still Bolt's to check: a well-shaped forgery goes on to Bolt's 401.
import type { IncomingMessage } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { z } from 'zod';
import { FORM_CALLBACK_ID, MESSAGE_SHORTCUT_IDS } from './slack-activities.ts';
import { SHARE_CALLBACK_ID, SHARE_MILESTONE_ACTION, SHARE_SHORTCUT_ID } from './slack-share.ts';

const FORM = 'application/x-www-form-urlencoded';

const text = z.string();
const record = z.record(z.string(), z.unknown());
const who = { user: z.object({ id: text, team_id: text.optional() }).passthrough(), team: z.object({ id: text }).passthrough().nullish() };

/** The requests the app handles (see slack-channel.ts), as far as Bolt reads them before our listeners. */
const jsonRequest = z.union([
  z.object({ type: z.literal('url_verification'), challenge: text }).passthrough(),
  z
    .object({
      type: z.literal('event_callback'),
      team_id: text,
      // Bolt reads these of any event to find its conversation and user (`'creator' in channel`,
      // `user.id`, `subteam.created_by`), before any listener can check them.
      event: z.object({ type: text, user: z.union([text, record]).optional(), channel: z.union([text, record]).optional(), item: record.optional(), subteam: record.optional() }).passthrough(),
      authorizations: z.array(z.object({ team_id: text.nullish(), enterprise_id: text.nullish() }).passthrough()).optional(),
    })
    .passthrough(),
]);

const interaction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('block_actions'), ...who, actions: z.array(record).min(1), channel: z.object({ id: text }).passthrough().nullish() }).passthrough(),
  // Only the bot's own modals are listened for; Bolt would wait on any other for 3 seconds.
  z.object({ type: z.literal('view_submission'), ...who, view: z.object({ id: text, callback_id: z.enum([FORM_CALLBACK_ID, SHARE_CALLBACK_ID]) }).passthrough() }).passthrough(),
  z.object({ type: z.literal('shortcut'), ...who, callback_id: z.literal(SHARE_SHORTCUT_ID), trigger_id: text }).passthrough(),
  z.object({ type: z.literal('block_suggestion'), ...who, action_id: z.literal(SHARE_MILESTONE_ACTION), view: z.object({ callback_id: z.literal(SHARE_CALLBACK_ID) }).passthrough() }).passthrough(),
  // Message shortcuts: only the app's own (the manifest's callback ids), as for modals.
  z.object({ type: z.literal('message_action'), ...who, callback_id: z.enum(MESSAGE_SHORTCUT_IDS), trigger_id: text, channel: z.object({ id: text }).passthrough().nullish(), message: record }).passthrough(),
]);

const slashCommand = z.object({ command: text, team_id: text, user_id: text, channel_id: text }).passthrough();

/** Slack's rule for replays: a request timestamped further than this from now is not taken. */
export const MAX_TIMESTAMP_SKEW_S = 5 * 60;

/**
 * Why the request's timestamp is refused, or undefined. Bolt refuses one more than five minutes
 * old but takes any in the future, so a signed request held back and replayed from a far-ahead
 * timestamp would pass; here the five minutes apply either way. A missing or malformed header is
 * left to Bolt, which answers 401 for it.
 */
export function timestampSkewProblem(header: string | string[] | undefined, nowMs: number): string | undefined {
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header)) return undefined;
  const skew = Number(header) - Math.floor(nowMs / 1000);
  if (skew > MAX_TIMESTAMP_SKEW_S) return `${skew} s in the future`;
  if (skew < -MAX_TIMESTAMP_SKEW_S) return `${-skew} s in the past`;
  return undefined;
}

export type SlackBody = { ok: true; raw: Buffer } | { ok: false; status: 400 | 413; reason: string };

/** The whole body, or 413 as soon as it is longer than `limit` bytes (by its header or as it arrives). */
export async function readSlackBody(req: IncomingMessage, limit: number): Promise<SlackBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, status: 413, reason: `a body of ${declared} bytes` };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) {
      req.resume();
      return { ok: false, status: 413, reason: `a body over ${limit} bytes` };
    }
    chunks.push(buffer);
  }
  return { ok: true, raw: Buffer.concat(chunks) };
}

/**
 * Why this body is not a request the app handles, or undefined if it is (or if Bolt will refuse
 * it anyway: unparseable bodies are Bolt's, which checks the signature before saying so).
 */
export function slackBodyProblem(raw: Buffer, contentType: string | undefined): string | undefined {
  const body = raw.toString('utf8');
  let parsed: unknown;
  try {
    if (contentType === FORM) {
      const form = parseQuery(body);
      if (form.ssl_check === '1') return undefined;
      if (typeof form.payload !== 'string') return slashCommand.safeParse(form).success ? undefined : 'a form that is neither a slash command nor an interaction';
      parsed = JSON.parse(form.payload);
      return interaction.safeParse(parsed).success ? undefined : `an interaction this app does not handle, or without ${missingOf(interaction, parsed)}`;
    }
    parsed = JSON.parse(body);
  } catch {
    // Not JSON: Bolt answers it (401 unsigned, 400 malformed) without running anything.
    return undefined;
  }
  return jsonRequest.safeParse(parsed).success ? undefined : `a JSON body that is not an event this app handles, or without ${missingOf(jsonRequest, parsed)}`;
}

function missingOf(schema: z.ZodType, value: unknown): string {
  const issue = schema.safeParse(value).error?.issues[0];
  const path = issue?.path.join('.');
  return path ? `a valid ${path}` : 'the fields Slack sends';
}
