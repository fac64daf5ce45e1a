// What element renderers produce before it becomes blocks: runs of text merge into one section (or
// one context when subtle), runs of buttons into actions blocks of at most 25, and dividers never
// start a group or follow each other. Every block made here is within Slack's limits.
import type { Block, ButtonElement, ContextBlock, HeaderBlock, SectionBlock, TextObject } from './block-kit-types.ts';
import { SLACK_LIMITS, splitText, truncate, truncateMrkdwn } from './block-kit-limits.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

export type Piece =
  | { kind: 'text'; mrkdwn: string; subtle: boolean }
  | { kind: 'fields'; fields: string[] }
  | { kind: 'header'; text: string }
  | { kind: 'divider' }
  | { kind: 'button'; button: ButtonElement }
  | { kind: 'block'; block: Block };

export const textPiece = (mrkdwn: string, subtle = false): Piece[] => (mrkdwn.trim() ? [{ kind: 'text', mrkdwn, subtle }] : []);

/** A visible note about something the card has that Slack cannot show (shown small, never thrown). */
export const notePiece = (message: string): Piece => ({ kind: 'text', mrkdwn: `_${escapeMrkdwn(message)}_`, subtle: true });

/** Buttons first, then any notes about buttons left out, so one row of buttons stays one row. */
export function buttonsFirst(pieces: readonly Piece[]): Piece[] {
  return [...pieces.filter((p) => p.kind === 'button'), ...pieces.filter((p) => p.kind !== 'button')];
}

export function headerBlock(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.headerText), emoji: true } };
}

export function sectionBlocks(mrkdwn: string): SectionBlock[] {
  return splitText(mrkdwn, SLACK_LIMITS.sectionText).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

export function contextBlocks(mrkdwn: string): ContextBlock[] {
  return splitText(mrkdwn, SLACK_LIMITS.contextText).map((text) => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] }));
}

function fieldBlocks(fields: string[]): SectionBlock[] {
  const objects: TextObject[] = fields.filter((f) => f.trim()).map((f) => ({ type: 'mrkdwn', text: truncateMrkdwn(f, SLACK_LIMITS.sectionFieldText) }));
  const blocks: SectionBlock[] = [];
  for (let i = 0; i < objects.length; i += SLACK_LIMITS.sectionFields) blocks.push({ type: 'section', fields: objects.slice(i, i + SLACK_LIMITS.sectionFields) });
  return blocks;
}

/** Turns pieces into blocks, merging neighbours where Slack shows them the same way. */
export function piecesToBlocks(pieces: readonly Piece[]): Block[] {
  const blocks: Block[] = [];
  let text: { lines: string[]; subtle: boolean } | undefined;
  let buttons: ButtonElement[] = [];
  const flushText = (): void => {
    if (text) blocks.push(...(text.subtle ? contextBlocks(text.lines.join('\n')) : sectionBlocks(text.lines.join('\n'))));
    text = undefined;
  };
  const flushButtons = (): void => {
    for (let i = 0; i < buttons.length; i += SLACK_LIMITS.actionsElements) blocks.push({ type: 'actions', elements: buttons.slice(i, i + SLACK_LIMITS.actionsElements) });
    buttons = [];
  };
  for (const piece of pieces) {
    if (piece.kind !== 'text') flushText();
    if (piece.kind !== 'button') flushButtons();
    switch (piece.kind) {
      case 'text':
        flushButtons();
        if (text && text.subtle !== piece.subtle) flushText();
        text ??= { lines: [], subtle: piece.subtle };
        text.lines.push(piece.mrkdwn);
        break;
      case 'fields':
        blocks.push(...fieldBlocks(piece.fields));
        break;
      case 'header':
        if (piece.text.trim()) blocks.push(headerBlock(piece.text));
        break;
      case 'divider': {
        const last = blocks.at(-1);
        if (last?.type !== 'divider') blocks.push({ type: 'divider' });
        break;
      }
      case 'button':
        buttons.push(piece.button);
        break;
      case 'block':
        blocks.push(piece.block);
        break;
    }
  }
  flushText();
  flushButtons();
  return blocks;
}

/** No divider first, last or twice in a row (a group's separator is kept until the whole surface is known). */
export function tidyDividers(blocks: readonly Block[]): Block[] {
  const out = blocks.filter((block, i) => block.type !== 'divider' || (i > 0 && blocks[i - 1]?.type !== 'divider'));
  while (out[0]?.type === 'divider') out.shift();
  while (out.at(-1)?.type === 'divider') out.pop();
  return out;
}
