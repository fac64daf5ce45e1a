// What Slack sends, parsed at the boundary (zod): events, the slash command, button clicks and
// modal submissions. Anything that does not fit is `ignored` with a reason, never guessed at.
import { z } from 'zod';
import { modalStateSchema } from './card-rendering.ts';

const id = z.string().min(1).max(100);
const text = z.string().max(40_000);

const messageEvent = z.object({
  type: z.literal('message'),
  channel: id,
  channel_type: z.string().optional(),
  user: id.optional(),
  user_team: id.optional(),
  team: id.optional(),
  text: text.optional(),
  ts: id,
  thread_ts: id.optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  hidden: z.boolean().optional(),
});

const mentionEvent = z.object({
  type: z.literal('app_mention'),
  channel: id,
  channel_type: z.string().optional(),
  user: id,
  user_team: id.optional(),
  team: id.optional(),
  text,
  ts: id,
  thread_ts: id.optional(),
  bot_id: z.string().optional(),
});

/**
 * At most this many distinct links of one message are unfurled (Slack itself sends a message's
 * links on the app's domains in one event; a message pasting dozens gets the first five).
 */
export const LINKS_PER_EVENT = 5;

/** Source: Slack's reference, "link_shared event" (https://docs.slack.dev/reference/events/link_shared). */
const linkEvent = z.object({
  type: z.literal('link_shared'),
  channel: id,
  user: id,
  message_ts: id,
  unfurl_id: id.optional(),
  source: z.string().max(40).optional(),
  links: z.array(z.object({ url: z.string().max(2000), domain: z.string().max(255).optional() })).min(1).max(20),
});

const homeEvent = z.object({ type: z.literal('app_home_opened'), user: id, channel: id.optional(), tab: z.string().optional() });

const eventEnvelope = z.object({
  type: z.literal('event_callback'),
  team_id: id,
  event_id: id.optional(),
  /** Slack Connect: the event happened in a channel shared with another organisation. */
  is_ext_shared_channel: z.boolean().optional(),
  event: z.object({ type: z.string() }).passthrough(),
});

export const slashCommandSchema = z.object({
  command: z.string(),
  text: z.string().max(4000).default(''),
  team_id: id,
  user_id: id,
  channel_id: id,
  channel_name: z.string().optional(),
  response_url: z.url(),
  trigger_id: id,
});

// One schema for `view.state` (the renderer's): a second, shorter copy here once dropped `selected_time`.
const viewState = modalStateSchema;
export type ViewState = z.infer<typeof viewState>;

const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  team: z.object({ id }).nullish(),
  user: z.object({ id, team_id: id.optional() }),
  channel: z.object({ id }).nullish(),
  container: z.object({ type: z.string(), message_ts: id.optional(), channel_id: id.optional(), is_ephemeral: z.boolean().optional(), view_id: id.optional() }),
  message: z.object({ ts: id, thread_ts: id.optional() }).nullish(),
  view: z.object({ id, type: z.string() }).nullish(),
  trigger_id: id,
  response_url: z.url().nullish(),
  actions: z.array(z.object({ action_id: z.string(), type: z.string(), value: z.string().max(2000).optional() })).min(1),
});

/**
 * A message shortcut (the message's "..." menu). Only the message's text is read: its author, ts,
 * permalink and channel are not carried into the bot. Source: Slack's reference "Shortcuts
 * payloads" (https://docs.slack.dev/reference/interaction-payloads/shortcuts-interactions-payload).
 */
const messageActionSchema = z.object({
  type: z.literal('message_action'),
  callback_id: z.string().max(255),
  trigger_id: id,
  team: z.object({ id }).nullish(),
  user: z.object({ id, team_id: id.optional() }),
  channel: z.object({ id }).nullish(),
  message: z.object({ text: text.optional() }).passthrough(),
});

const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  team: z.object({ id }).nullish(),
  user: z.object({ id, team_id: id.optional() }),
  view: z.object({ id, type: z.string(), callback_id: z.string(), private_metadata: z.string().max(3000), state: viewState }),
});

/** Where a clicked button was: a message (possibly only visible to the clicker), the Home tab, or a modal. */
export type ButtonSurface =
  | { kind: 'message'; channel: string; ts: string; threadTs?: string; ephemeral: boolean; responseUrl?: string }
  | { kind: 'home' }
  | { kind: 'modal'; viewId: string };

interface Who {
  team: string;
  user: string;
  /** The conversation has members from other organisations (Slack Connect), where the payload says; see TurnChannel.sharedOutside. */
  sharedOutside?: boolean;
}

export type SlackRequest =
  | (Who & { kind: 'dm'; channel: string; text: string; ts: string; threadTs?: string; eventId?: string })
  | (Who & { kind: 'mention'; channel: string; channelType?: string; text: string; ts: string; threadTs?: string; eventId?: string })
  | (Who & { kind: 'home'; eventId?: string })
  | (Who & { kind: 'command'; channel: string; channelName?: string; text: string; responseUrl: string; triggerId: string })
  | (Who & { kind: 'button'; value: string; triggerId: string; surface: ButtonSurface })
  | (Who & { kind: 'submission'; viewId: string; callbackId: string; privateMetadata: string; state: ViewState })
  | (Who & { kind: 'link'; channel: string; ts: string; url: string; urls: string[]; unfurlId?: string; source?: string; eventId?: string })
  | (Who & { kind: 'suggestion'; value: string })
  | (Who & { kind: 'share'; milestoneId: string; conversation: string })
  | (Who & { kind: 'shortcut'; callbackId: string; text: string; triggerId: string });

export type Parsed = { ok: true; request: SlackRequest } | { ok: false; reason: string };

const ignored = (reason: string): Parsed => ({ ok: false, reason });

/** Events API envelope: a DM, an @mention, or the Home tab opened. */
export function parseEvent(body: unknown): Parsed {
  const envelope = eventEnvelope.safeParse(body);
  if (!envelope.success) return ignored('not an event callback');
  const { team_id: teamId, event } = envelope.data;
  const eventId = envelope.data.event_id;
  const extra = eventId ? { eventId } : {};
  switch (event.type) {
    case 'message': {
      const m = messageEvent.safeParse(event);
      if (!m.success) return ignored('unreadable message event');
      const e = m.data;
      if (e.channel_type !== 'im') return ignored('not a direct message');
      if (e.subtype || e.bot_id || e.hidden || !e.user) return ignored('edits, bot messages and other subtypes are not commands');
      const thread = e.thread_ts && e.thread_ts !== e.ts ? { threadTs: e.thread_ts } : {};
      return { ok: true, request: { kind: 'dm', team: e.user_team ?? e.team ?? teamId, user: e.user, channel: e.channel, text: e.text ?? '', ts: e.ts, ...thread, ...extra } };
    }
    case 'app_mention': {
      const m = mentionEvent.safeParse(event);
      if (!m.success) return ignored('unreadable app_mention event');
      const e = m.data;
      if (e.bot_id) return ignored('a bot mentioned the app');
      // In a DM the `message` event carries the same text; answering both would answer twice.
      if (e.channel_type === 'im' || e.channel.startsWith('D')) return ignored('mention in a direct message');
      const thread = e.thread_ts && e.thread_ts !== e.ts ? { threadTs: e.thread_ts } : {};
      const channelType = e.channel_type ? { channelType: e.channel_type } : {};
      // Someone from another workspace speaking is itself a sign the channel is shared outside.
      const fromElsewhere = e.user_team !== undefined && e.team !== undefined && e.user_team !== e.team;
      const shared = envelope.data.is_ext_shared_channel === undefined && !fromElsewhere ? {} : { sharedOutside: envelope.data.is_ext_shared_channel === true || fromElsewhere };
      return { ok: true, request: { kind: 'mention', team: e.user_team ?? e.team ?? teamId, user: e.user, channel: e.channel, text: e.text, ts: e.ts, ...channelType, ...thread, ...shared, ...extra } };
    }
    case 'link_shared': {
      const l = linkEvent.safeParse(event);
      if (!l.success) return ignored('unreadable link_shared event');
      const e = l.data;
      // Every distinct link of the message, up to LINKS_PER_EVENT; the core decides which are
      // milestones (the others, and anything that is not a milestone, are not unfurled). A link
      // in the composer is answered by its unfurl_id, a posted one by channel and ts.
      const urls = [...new Set(e.links.map((link) => link.url))].slice(0, LINKS_PER_EVENT);
      const first = urls[0];
      if (!first) return ignored('a link_shared event without links');
      const composer = e.source === 'composer' && e.unfurl_id ? { unfurlId: e.unfurl_id, source: e.source } : {};
      return { ok: true, request: { kind: 'link', team: teamId, user: e.user, channel: e.channel, ts: e.message_ts, url: first, urls, ...composer, ...extra } };
    }
    case 'app_home_opened': {
      const h = homeEvent.safeParse(event);
      if (!h.success) return ignored('unreadable app_home_opened event');
      if (h.data.tab !== undefined && h.data.tab !== 'home') return ignored('the Messages tab was opened');
      return { ok: true, request: { kind: 'home', team: teamId, user: h.data.user, ...extra } };
    }
    default:
      return ignored(`event ${event.type} is not used`);
  }
}

export function parseSlashCommand(body: unknown): Parsed {
  const c = slashCommandSchema.safeParse(body);
  if (!c.success) return ignored('unreadable slash command');
  const d = c.data;
  return {
    ok: true,
    request: { kind: 'command', team: d.team_id, user: d.user_id, channel: d.channel_id, ...(d.channel_name ? { channelName: d.channel_name } : {}), text: d.text, responseUrl: d.response_url, triggerId: d.trigger_id },
  };
}

export function parseBlockActions(body: unknown): Parsed {
  const b = blockActionsSchema.safeParse(body);
  if (!b.success) return ignored('unreadable block_actions payload');
  const d = b.data;
  const action = d.actions[0];
  if (!action || action.type !== 'button' || action.value === undefined) return ignored('not a button with a value');
  const team = d.user.team_id ?? d.team?.id;
  if (!team) return ignored('no team on the click');
  let surface: ButtonSurface;
  const c = d.container;
  if (c.type === 'view' && d.view) {
    surface = d.view.type === 'home' ? { kind: 'home' } : { kind: 'modal', viewId: d.view.id };
  } else {
    const channel = c.channel_id ?? d.channel?.id;
    const ts = c.message_ts ?? d.message?.ts;
    if (!channel || !ts) return ignored('a click on a message without its channel and ts');
    const threadTs = d.message?.thread_ts;
    surface = { kind: 'message', channel, ts, ephemeral: c.is_ephemeral === true, ...(threadTs && threadTs !== ts ? { threadTs } : {}), ...(d.response_url ? { responseUrl: d.response_url } : {}) };
  }
  // A click by someone of another workspace than the app's: the message is in a shared channel.
  const shared = d.user.team_id && d.team?.id && d.user.team_id !== d.team.id ? { sharedOutside: true } : {};
  return { ok: true, request: { kind: 'button', team, user: d.user.id, value: action.value, triggerId: d.trigger_id, surface, ...shared } };
}

export function parseViewSubmission(body: unknown): Parsed {
  const v = viewSubmissionSchema.safeParse(body);
  if (!v.success) return ignored('unreadable view_submission payload');
  const d = v.data;
  const team = d.user.team_id ?? d.team?.id;
  if (!team) return ignored('no team on the submission');
  return { ok: true, request: { kind: 'submission', team, user: d.user.id, viewId: d.view.id, callbackId: d.view.callback_id, privateMetadata: d.view.private_metadata, state: d.view.state } };
}

export function parseMessageAction(body: unknown): Parsed {
  const m = messageActionSchema.safeParse(body);
  if (!m.success) return ignored('unreadable message_action payload');
  const d = m.data;
  const team = d.user.team_id ?? d.team?.id;
  if (!team) return ignored('no team on the shortcut');
  // Someone of another workspace than the app's: the message is in a Slack Connect channel.
  const shared = d.user.team_id && d.team?.id && d.user.team_id !== d.team.id ? { sharedOutside: true } : {};
  return { ok: true, request: { kind: 'shortcut', team, user: d.user.id, callbackId: d.callback_id, text: d.message.text ?? '', triggerId: d.trigger_id, ...shared } };
}

/** Source: Slack's reference "block_suggestion payloads": type, user, team, action_id, block_id, value (what was typed), view. */
const suggestionSchema = z.object({
  type: z.literal('block_suggestion'),
  team: z.object({ id }).nullish(),
  user: z.object({ id, team_id: id.optional() }),
  action_id: z.string().max(255),
  value: z.string().max(500).default(''),
});

export function parseSuggestion(body: unknown): Parsed {
  const b = suggestionSchema.safeParse(body);
  if (!b.success) return ignored('unreadable block_suggestion payload');
  const team = b.data.user.team_id ?? b.data.team?.id;
  if (!team) return ignored('no team on the suggestion');
  return { ok: true, request: { kind: 'suggestion', team, user: b.data.user.id, value: b.data.value } };
}

/** The share modal's submission, already read (slack-share.ts): who, which milestone, where. */
export function shareRequest(body: unknown, milestoneId: string, conversation: string): Parsed {
  const v = z.object({ team: z.object({ id }).nullish(), user: z.object({ id, team_id: id.optional() }) }).safeParse(body);
  if (!v.success) return ignored('unreadable share submission');
  const team = v.data.user.team_id ?? v.data.team?.id;
  if (!team) return ignored('no team on the share submission');
  return { ok: true, request: { kind: 'share', team, user: v.data.user.id, milestoneId, conversation } };
}
