// Bot Framework activities as Teams sends them, with overrides (fixture factories), and a client
// that POSTs them to the bot's /api/messages over real HTTP.
import { randomUUID } from 'node:crypto';

export const TENANT = '72f988bf-0000-4000-8000-000000000001';

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export function teamsUser(name: string, aadObjectId: string = randomUUID()): TeamsUser {
  return { id: `29:${aadObjectId}`, name, aadObjectId };
}

export type Activity = Record<string, unknown>;

export interface ActivityOptions {
  from?: TeamsUser;
  conversation?: 'personal' | 'groupChat' | 'channel';
  conversationId?: string;
  tenantId?: string;
  serviceUrl?: string;
  expectReplies?: boolean;
  overrides?: Activity;
}

const BOT = { id: '28:scf-bot', name: 'Stronger Communities' };

export function baseActivity(type: string, options: ActivityOptions = {}): Activity {
  const from = options.from ?? teamsUser('Test Officer');
  const conversationType = options.conversation ?? 'personal';
  const tenantId = options.tenantId ?? TENANT;
  return {
    type,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    // Replies go in the HTTP response (expectReplies); a card update goes to the stand-in connector.
    serviceUrl: options.serviceUrl ?? 'http://127.0.0.1:9/unused/',
    from,
    recipient: BOT,
    conversation: { id: options.conversationId ?? `a:${conversationType}-${from.aadObjectId}`, conversationType, tenantId, isGroup: conversationType !== 'personal' },
    channelData: { tenant: { id: tenantId } },
    ...(options.expectReplies === false ? {} : { deliveryMode: 'expectReplies' }),
    ...options.overrides,
  };
}

export function messageActivity(text: string, options: ActivityOptions = {}): Activity {
  return baseActivity('message', { ...options, overrides: { text, textFormat: 'plain', ...options.overrides } });
}

/** An @mention in a channel: the text carries `<at>` and the entity says whom it names. */
export function mentionActivity(text: string, options: ActivityOptions = {}): Activity {
  const mention = `<at>${BOT.name}</at>`;
  return messageActivity(`${mention} ${text}`, {
    conversation: 'channel',
    ...options,
    overrides: { entities: [{ type: 'mention', text: mention, mentioned: BOT }], ...options.overrides },
  });
}

/** A dialog's invoke as Teams sends it: `task/fetch` when a button opens it, `task/submit` when its form is sent. */
export function dialogActivity(name: 'task/fetch' | 'task/submit', data: Record<string, unknown>, options: ActivityOptions = {}): Activity {
  return baseActivity('invoke', {
    ...options,
    expectReplies: false,
    overrides: { name, value: { data: name === 'task/fetch' ? { msteams: { type: 'task/fetch' }, ...data } : data, context: { theme: 'default' } }, ...options.overrides },
  });
}

/** Action.Execute as Teams sends it: an `adaptiveCard/action` invoke. */
export function cardActionActivity(verb: string, data: Record<string, unknown>, options: ActivityOptions = {}): Activity {
  return baseActivity('invoke', {
    ...options,
    expectReplies: false,
    overrides: { name: 'adaptiveCard/action', replyToId: 'card-message-1', value: { action: { type: 'Action.Execute', verb, data } }, ...options.overrides },
  });
}

export interface BotAnswer {
  status: number;
  body: unknown;
  /** The activities returned with expectReplies. */
  activities: Activity[];
}

export async function postActivity(botUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<BotAnswer> {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (e.g. a plain-text error from the server): keep the text for the assertion message.
  }
  const activities = body && typeof body === 'object' && 'activities' in body && Array.isArray(body.activities) ? (body.activities as Activity[]) : [];
  return { status: response.status, body, activities };
}

/** The Adaptive Card of a reply activity, or undefined. */
export function cardOf(activity: Activity | undefined): Record<string, unknown> | undefined {
  const attachments = activity?.attachments;
  if (!Array.isArray(attachments)) return undefined;
  const first = attachments[0] as { contentType?: string; content?: Record<string, unknown> } | undefined;
  return first?.contentType === 'application/vnd.microsoft.card.adaptive' ? first.content : undefined;
}

/** All the text a card shows (TextBlocks, TextRuns, facts, button titles), for readable assertions. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label']) if (typeof record[key] === 'string') parts.push(record[key]);
    Object.values(record).forEach(walk);
  };
  walk(card);
  return parts.join('\n');
}

/**
 * Buttons on a card, with their verb and data: Action.Execute, and Action.Submit carrying a verb
 * in its data (`dialog` when it opens a Teams dialog: data `msteams.type` is `task/fetch`).
 */
export function cardButtons(card: unknown): { title: string; verb: string; data: Record<string, unknown>; dialog?: boolean }[] {
  const found: { title: string; verb: string; data: Record<string, unknown>; dialog?: boolean }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute') found.push({ title: String(record.title), verb: String(record.verb), data: (record.data ?? {}) as Record<string, unknown> });
    if (record.type === 'Action.Submit' && record.data && typeof record.data === 'object' && 'verb' in record.data) {
      const { verb, msteams, ...data } = record.data as Record<string, unknown>;
      found.push({ title: String(record.title), verb: String(verb), data, dialog: (msteams as { type?: unknown } | undefined)?.type === 'task/fetch' });
    }
    // A card's `refresh` (Universal Actions) is what Teams runs by itself, not a button anyone sees.
    Object.entries(record).forEach(([key, value]) => key !== 'refresh' && walk(value));
  };
  walk(card);
  return found;
}

/** Buttons that open a link (Action.OpenUrl), with their title and address. */
export function cardLinks(card: unknown): { title: string; url: string }[] {
  const found: { title: string; url: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.OpenUrl') found.push({ title: String(record.title), url: String(record.url) });
    Object.values(record).forEach(walk);
  };
  walk(card);
  return found;
}

/** The body of an adaptiveCard/action invoke response. */
export function invokeResult(answer: BotAnswer): { type?: string; value?: unknown } {
  return (answer.body ?? {}) as { type?: string; value?: unknown };
}
