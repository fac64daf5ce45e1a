// Slack's published Block Kit limits (docs.slack.dev and @slack/types), and the helpers that keep
// text within them. Slack refuses a whole message for one field over its limit, so every string
// the renderer emits passes through one of these.

export const SLACK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  /** Slack has refused messages whose blocks total about 13,000 characters (msg_blocks_too_long). */
  messageChars: 13_000,
  /** What the renderer aims for, leaving room below messageChars. */
  messageCharBudget: 12_000,
  messageText: 3_000,
  sectionText: 3_000,
  sectionFields: 10,
  sectionFieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  contextText: 2_000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  url: 3_000,
  actionId: 255,
  blockId: 255,
  callbackId: 255,
  optionText: 75,
  optionValue: 75,
  selectOptions: 100,
  /** Radio buttons and checkboxes show at most 10 options. */
  choiceButtons: 10,
  placeholder: 150,
  inputLabel: 2_000,
  inputHint: 2_000,
  plainTextInputMaxLength: 3_000,
  imageAltText: 2_000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3_000,
} as const;

export const ELLIPSIS = '…';

/** Plain text cut to `max` characters, ellipsis included, never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${plainCut(text, Math.max(0, max - ELLIPSIS.length)).trimEnd()}${ELLIPSIS}`;
}

/** mrkdwn cut to `max` characters, ellipsis included, never inside an `&...;` entity or a `<...>` link. */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${safeCut(text, Math.max(0, max - ELLIPSIS.length)).trimEnd()}${ELLIPSIS}`;
}

function plainCut(text: string, max: number): string {
  let end = Math.min(max, text.length);
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** The longest mrkdwn prefix of at most `max` characters that splits no entity, `<...>` or surrogate pair. */
function safeCut(text: string, max: number): string {
  const head = plainCut(text, max);
  let end = head.length;
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && /^&[a-z]*$/.test(head.slice(amp))) end = amp;
  const open = head.lastIndexOf('<');
  if (open >= 0 && head.indexOf('>', open) === -1) end = Math.min(end, open);
  return text.slice(0, end);
}

/**
 * Splits mrkdwn into pieces of at most `max` characters, at line breaks where it can (formatting
 * never spans a line in Slack), else at a space; nothing is dropped.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  const push = (): void => {
    if (current.trim()) chunks.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const joined = current ? `${current}\n${line}` : line;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    push();
    let rest = line;
    while (rest.length > max) {
      const head = safeCut(rest, max);
      const space = head.lastIndexOf(' ');
      const piece = space > max / 2 ? head.slice(0, space) : head || rest.slice(0, max);
      chunks.push(piece);
      rest = rest.slice(piece.length).trimStart();
    }
    current = rest;
  }
  push();
  return chunks;
}

/** Characters Slack counts towards a message's size: every string in the blocks. */
export function blockChars(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blockChars(item), 0);
  if (typeof value === 'object' && value !== null) return Object.values(value).reduce((sum: number, item) => sum + blockChars(item), 0);
  return 0;
}
