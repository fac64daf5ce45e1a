// The Agents Playground's own HTTP + WebSocket API, the one its web UI uses: post a message as the
// signed-in user, press a card button (an `adaptiveCard/action` invoke), and read the bot's
// replies from the conversation stream. No browser needed.
import { openJsonWebSocket, type JsonWebSocket } from './json-websocket.ts';

const REQUEST_TIMEOUT_MS = 15_000;

export interface PlaygroundContext {
  personalChatId: string;
  userId: string;
  botId: string;
  botName: string;
  /** The team's channels, by name ("General", "Forum reminders"). */
  channels: { id: string; name: string }[];
}

export interface CardAttachment {
  contentType: string;
  content: unknown;
}

/** What the stream carries when the bot posts (createMessage) or edits (updateMessage) a message. */
export interface StreamMessage {
  action: 'createMessage' | 'updateMessage';
  actionConversationId: string;
  message: { messageId: string; from: { id: string }; text?: string; attachments: CardAttachment[] };
}

export function isStreamMessage(value: unknown): value is StreamMessage {
  if (!value || typeof value !== 'object' || !('action' in value) || !('message' in value)) return false;
  return (value.action === 'createMessage' || value.action === 'updateMessage') && typeof value.message === 'object' && value.message !== null;
}

/** The Adaptive Card of a message or invoke answer, if it carries one. */
export function cardOf(message: StreamMessage): Record<string, unknown> | undefined {
  const card = message.message.attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  return card && typeof card === 'object' ? (card as Record<string, unknown>) : undefined;
}

/** The text of every TextBlock and TextRun in a card, in order. */
export function cardTexts(card: unknown): string[] {
  if (Array.isArray(card)) return card.flatMap(cardTexts);
  if (!card || typeof card !== 'object') return [];
  const node = card as Record<string, unknown>;
  const own = (node.type === 'TextBlock' || node.type === 'TextRun') && typeof node.text === 'string' ? [node.text] : [];
  return [...own, ...Object.values(node).flatMap(cardTexts)];
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${body.slice(0, 1000)}`);
  return (body ? JSON.parse(body) : undefined) as T;
}

export class PlaygroundApi {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** Who the playground says the user, the bot and the personal chat are. */
  async context(): Promise<PlaygroundContext> {
    const { config } = await call<{ config: { currentUser: { id: string }; bot: { id: string; name: string }; personalChat: { id: string }; teams?: { channels: { id: string; name: string }[] }[] } }>(`${this.baseUrl}/_internal/v1/config`);
    const channels = (config.teams ?? []).flatMap((t) => t.channels.map((c) => ({ id: c.id, name: c.name })));
    return { personalChatId: config.personalChat.id, userId: config.currentUser.id, botId: config.bot.id, botName: config.bot.name, channels };
  }

  /** The conversation stream: every message the bot posts or updates, as the UI receives it. */
  openStream(): Promise<JsonWebSocket> {
    return openJsonWebSocket(`${this.baseUrl.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`, REQUEST_TIMEOUT_MS);
  }

  /** Posts `text` as the user; the playground forwards it to the bot as a Teams message activity. */
  async sendText(ctx: PlaygroundContext, text: string): Promise<{ messageId: string }> {
    return call(`${this.baseUrl}/_conversation/v1/conversations/${encodeURIComponent(ctx.personalChatId)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ from: { id: ctx.userId }, text, textFormat: 'plain' }),
    });
  }

  /**
   * Posts `text` in a team channel as the user, @mentioning the bot: the playground forwards a
   * channel message to the bot only when it mentions the bot, as Teams does.
   */
  async sendToChannel(ctx: PlaygroundContext, channelId: string, text: string): Promise<{ messageId: string; postConversationId: string }> {
    const mention = `<at>${ctx.botName}</at>`;
    return call(`${this.baseUrl}/_conversation/v1/conversations/${encodeURIComponent(channelId)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ from: { id: ctx.userId }, text: `${mention} ${text}`, textFormat: 'plain', mentions: [{ text: mention, mentioned: { id: ctx.botId, name: ctx.botName } }] }),
    });
  }

  /** Presses an Action.Execute button on the card in message `replyToId`; resolves with the bot's invoke answer. */
  async execute(ctx: PlaygroundContext, replyToId: string, verb: string, data: Record<string, unknown>): Promise<{ type: string; value: unknown }> {
    return call(`${this.baseUrl}/_conversation/v1/invoke`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        from: { id: ctx.userId },
        conversation: { id: ctx.personalChatId },
        replyToId,
      }),
    });
  }
}
