// Text crossing the Slack boundary. Slack mrkdwn treats `<...>` as markup (`<!channel>` pings a
// whole channel, `<@U1>` a person), so every piece of text the bot sends is escaped first; text
// that arrives is decoded back to what the person typed.

/** Slack's three control characters, escaped as Slack documents. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What the person typed: entities decoded (Slack encodes &, < and > in message text). */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The bot's Markdown replies as Slack mrkdwn: escaped, and `**bold**` as Slack's `*bold*`.
 * Links are not converted: a reply may quote what a person typed, and that must stay text.
 */
export function markdownToMrkdwn(markdown: string): string {
  return escapeSlackText(markdown).replace(/\*\*([^*\n]+)\*\*/g, '*$1*');
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
