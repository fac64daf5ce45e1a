// Text for Slack: escaping, Adaptive Card markdown to Slack mrkdwn, and colour shown without colour.
// Slack reads `&`, `<` and `>` as control characters in mrkdwn (`<!channel>`, `<@U123>`,
// `<http://x|label>`), so every string that reaches mrkdwn is escaped here. Text typed by people
// (TextRuns, fact values) is also made literal: Slack has no escape for `*`, `_`, `~` and `` ` ``,
// so a zero-width space on each side of those characters stops them pairing into formatting.
import type { TextRun } from './card-elements.ts';

const ZWSP = '\u200B';

/** `&`, `<`, `>` as Slack's entities, so they show as themselves and never as a mention or link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** User text as inert mrkdwn: escaped, with formatting characters and line-leading quotes neutralised. */
export function literalMrkdwn(text: string): string {
  return escapeMrkdwn(normaliseNewlines(text))
    .replace(/[*_~`]/g, (c) => `${ZWSP}${c}${ZWSP}`)
    .replace(/^&gt;/gm, `${ZWSP}&gt;`);
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const LINK = /\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^)\s]+)\)/g;
/** Slack's deep link to a channel (https://api.slack.com/docs/deep-linking): shown as the channel itself. */
const CHANNEL_REDIRECT = /^https:\/\/slack\.com\/app_redirect\?channel=([CG][A-Z0-9]{2,30})(?:&team=T[A-Z0-9]{2,30})?$/;

/**
 * A TextBlock's markdown (the subset Adaptive Cards support: **bold**, _italic_, lists, [links](url))
 * as Slack mrkdwn, escaped. Card authors write TextBlocks; people's text goes in TextRuns.
 */
export function cardMarkdownToMrkdwn(text: string, mentions: Mentions = NO_MENTIONS): string {
  const links: string[] = [];
  const withoutLinks = withMentionMarks(normaliseNewlines(text).replace(/[\uE000\uE001]/g, ''), mentions).replace(LINK, (_m, label: string, url: string) => {
    const channel = CHANNEL_REDIRECT.exec(url)?.[1];
    links.push(channel ? `<#${channel}>` : `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${escapeMrkdwn(label.replace(/\*\*/g, ''))}>`);
    return `\uE000${links.length - 1}\uE000`;
  });
  return escapeMrkdwn(withoutLinks)
    .replace(/\*\*(\S(?:[^*\n]*\S)?)\*\*/g, '*$1*')
    .replace(/^[-*] /gm, '• ')
    .replace(/\uE000(\d+)\uE000/g, (_m, i: string) => links[Number(i)] ?? '')
    .replace(/\uE001([UW][A-Z0-9]{2,30})\uE001/g, '<@$1>');
}

/**
 * A card's mentions for Slack: each `<at>Name</at>` text of its `msteams.entities` whose id is a
 * Slack user id (issue 18: the bot sets those for a Slack conversation; src/bot/views/mentions.ts).
 */
export type Mentions = ReadonlyMap<string, string>;
export const NO_MENTIONS: Mentions = new Map();
const SLACK_USER = /^[UW][A-Z0-9]{2,30}$/;
const AT_TAG = /<at>([^<]{0,200})<\/at>/g;

export function mentionsOf(card: Readonly<Record<string, unknown>>): Mentions {
  const entities: unknown = card.msteams && typeof card.msteams === 'object' ? (card.msteams as Record<string, unknown>).entities : undefined;
  const found = new Map<string, string>();
  if (!Array.isArray(entities)) return found;
  for (const entity of entities.slice(0, 100)) {
    if (!entity || typeof entity !== 'object') continue;
    const { type, text, mentioned } = entity as Record<string, unknown>;
    const id = mentioned && typeof mentioned === 'object' ? (mentioned as Record<string, unknown>).id : undefined;
    if (type === 'mention' && typeof text === 'string' && typeof id === 'string' && SLACK_USER.test(id)) found.set(text, id);
  }
  return found;
}

/** Each known mention as a mark the escaping leaves alone (then `<@U…>`); any other `<at>` tag as its plain name. */
function withMentionMarks(text: string, mentions: Mentions): string {
  return text.replace(AT_TAG, (whole, name: string) => {
    const id = mentions.get(whole);
    return id ? `\uE001${id}\uE001` : name;
  });
}

/** A TextBlock's markdown as plain text (for headers, labels and notification text). */
export function cardMarkdownToPlain(text: string): string {
  return normaliseNewlines(text)
    .replace(AT_TAG, '@$1')
    .replace(LINK, '$1')
    .replace(/\*\*(\S(?:[^*\n]*\S)?)\*\*/g, '$1')
    .replace(/^[-*] /gm, '• ');
}

/** Wraps each line's non-blank core in `marker` (Slack formatting never spans lines or edge spaces). */
export function wrapLines(text: string, marker: string): string {
  return text
    .split('\n')
    .map((line) => {
      const match = /^(\s*)(.*?)(\s*)$/.exec(line);
      const core = match?.[2] ?? '';
      return core ? `${match?.[1] ?? ''}${marker}${core}${marker}${match?.[3] ?? ''}` : line;
    })
    .join('\n');
}

/**
 * Adaptive Card colours have no Slack equivalent; a leading symbol says the same thing to everyone,
 * including people who do not see colour (the card's words already name the status).
 */
const COLOUR_MARKS: Record<string, string> = { attention: '🔴', warning: '🟠', good: '🟢', accent: '🔵' };

export function colourMark(colour: string | undefined): string {
  return COLOUR_MARKS[colour?.toLowerCase() ?? ''] ?? '';
}

export function withColourMark(text: string, colour: string | undefined): string {
  const mark = colourMark(colour);
  return mark && text.trim() ? text.replace(/^(\s*)/, `$1${mark} `) : text;
}

export const isBold = (weight: string | undefined): boolean => weight?.toLowerCase() === 'bolder';
export const isMonospace = (fontType: string | undefined): boolean => fontType?.toLowerCase() === 'monospace';

/**
 * Inside a styled run, the style's own marker in the text would end the style early whatever
 * surrounds it, so it is shown as a look-alike character instead.
 */
const LOOKALIKES = { '*': '∗', _: 'ˍ', '~': '∼' } as const;

/** A TextRun as literal mrkdwn with its emphasis: bold, italic, strike-through, monospace, colour. */
export function textRunToMrkdwn(run: TextRun): string {
  if (!run.text) return '';
  const markers = [isBold(run.weight) && '*', run.italic && '_', run.strikethrough && '~'].filter((m): m is keyof typeof LOOKALIKES => typeof m === 'string');
  const text = markers.reduce((t, marker) => t.replaceAll(marker, LOOKALIKES[marker]), run.text);
  let out = isMonospace(run.fontType)
    ? wrapLines(escapeMrkdwn(normaliseNewlines(text)).replace(/`/g, 'ˋ'), '`')
    : literalMrkdwn(text);
  if (run.strikethrough) out = wrapLines(out, '~');
  if (run.italic) out = wrapLines(out, '_');
  if (isBold(run.weight)) out = wrapLines(out, '*');
  return withColourMark(out, run.color);
}

/** A TextBlock as mrkdwn: its markdown converted, bold when Bolder, with its colour mark. */
export function textBlockToMrkdwn(block: { text: string; weight?: string | undefined; color?: string | undefined }, mentions: Mentions = NO_MENTIONS): string {
  const bold = isBold(block.weight);
  const body = bold ? wrapLines(cardMarkdownToMrkdwn(block.text.replace(/\*\*/g, ''), mentions), '*') : cardMarkdownToMrkdwn(block.text, mentions);
  return withColourMark(body, block.color);
}
