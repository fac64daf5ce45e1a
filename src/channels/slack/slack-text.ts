// Text crossing the Slack boundary. Slack mrkdwn treats `<...>` as markup (`<!channel>` pings a
// whole channel, `<@U1>` a person), so every piece of text the bot sends is escaped first; text
// that arrives is decoded back to what the person typed.
import { cardMarkdownToMrkdwn } from './block-kit/index.ts';

/** Slack's three control characters, escaped as Slack documents. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What the person typed: entities decoded (Slack encodes &, < and > in message text). */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The bot's Markdown replies as Slack mrkdwn, converted as the card renderer converts a
 * TextBlock: escaped, `**bold**` as `*bold*`, list marks as bullets, and `[label](https://...)` as
 * Slack's `<url|label>` (Slack shows Markdown links as raw text). What a person typed is quoted in
 * a reply through `inert()` (src/bot/inert-text.ts), which breaks `](`, so it never becomes a link.
 */
export function markdownToMrkdwn(markdown: string): string {
  return cardMarkdownToMrkdwn(markdown);
}

/** Slack's limits are in characters; an ellipsis marks anything cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** `<@U123>` or `<@U123|name>` for the given user id, removed from a message's text. */
export function withoutMention(text: string, userId: string | undefined): string {
  if (!userId) return text.trim();
  const escaped = userId.replace(/[^A-Z0-9]/gi, '');
  return text.replace(new RegExp(`<@${escaped}(\\|[^>]*)?>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}
