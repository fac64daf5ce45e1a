// An Adaptive Card as a Slack message. A form's inputs are not shown in a message (Slack messages
// cannot submit inputs); one "Open form" button lets the adapter open the same card as a modal.
// Over Slack's size limits the body is cut between top-level elements and the cut is said out loud.
import type { AdaptiveCard } from '../../../cards/render-card.ts';
import type { Block, SlackMessage } from './block-kit-types.ts';
import { blockChars, SLACK_LIMITS, truncateMrkdwn } from './block-kit-limits.ts';
import { cardInputs, locateActions, locateElements, readElements, sendsInputs, type CardElement } from './card-elements.ts';
import { cardMarkdownToPlain, literalMrkdwn, mentionsOf } from './mrkdwn.ts';
import { buttonsFirst, contextBlocks, notePiece, piecesToBlocks, tidyDividers, type Piece } from './pieces.ts';
import { button, createContext, OPEN_FORM_ACTION_ID, renderAction, type RenderContext } from './render-actions.ts';
import { renderElement } from './render-elements.ts';

export interface RenderMessageOptions {
  /** Value of the "Open form" button shown instead of a form's inputs; the Slack adapter reads it to open the form as a modal. */
  openFormValue?: string;
  /** Label of that button (default "Open form"). */
  openFormTitle?: string;
  /** Notification text (default: the card's `fallbackText`, else its first text). */
  text?: string;
}

/** Value of the "Open form" button when the caller gives none. */
export const DEFAULT_OPEN_FORM_VALUE = JSON.stringify({ kind: 'openForm' });

export function renderMessage(card: AdaptiveCard, options: RenderMessageOptions = {}): SlackMessage {
  const context = createContext('message', undefined, mentionsOf(card));
  const groups = locateElements(card.body, '/body').map((element, i) => piecesToBlocks(renderElement(context, element, i === 0)));
  const actions = piecesToBlocks(footerPieces(context, card, options));
  // The card's own buttons must not read as the last item's buttons.
  const footer: Block[] = actions.length && groups.flat().at(-1)?.type === 'actions' ? [{ type: 'divider' }, ...actions] : actions;
  return { text: notificationText(card, options.text), blocks: tidyDividers(fit(groups, footer)) };
}

function footerPieces(context: RenderContext, card: AdaptiveCard, options: RenderMessageOptions): Piece[] {
  const isForm = cardInputs(card.body).length > 0;
  const actions = locateActions(card.actions ?? [], '/actions').filter((action) => !(isForm && sendsInputs(action.item)));
  const pieces = buttonsFirst(actions.flatMap((action) => renderAction(context, action)));
  if (!isForm) return pieces;
  const value = options.openFormValue ?? DEFAULT_OPEN_FORM_VALUE;
  if (value.length > SLACK_LIMITS.buttonValue) return [notePiece('This form is too large to open from here: ask me for it again with its command (type `help` to see them).'), ...pieces];
  const open = button(context, options.openFormTitle ?? 'Open form', { value, style: 'positive' });
  return [{ kind: 'button', button: { ...open, action_id: OPEN_FORM_ACTION_ID } }, ...pieces];
}

export function truncationNote(hidden: number): Block[] {
  const what = hidden === 1 ? '1 more item' : `${hidden} more items`;
  return contextBlocks(`_… ${what} not shown — narrow your query to see them_`);
}

/**
 * The body groups (one per top-level card element) that fit with the footer within 50 blocks and
 * the character budget. A group is kept whole or not at all, unless not even the first one fits.
 */
export function fit(groups: readonly Block[][], footer: readonly Block[], maxBlocks: number = SLACK_LIMITS.messageBlocks, maxChars: number = SLACK_LIMITS.messageCharBudget): Block[] {
  const all = [...groups.flat(), ...footer];
  if (all.length <= maxBlocks && blockChars(all) <= maxChars) return all;
  const kept: Block[] = [];
  let blocks = footer.length + 1;
  let chars = blockChars(footer) + blockChars(truncationNote(groups.length));
  let whole = 0;
  for (const group of groups) {
    const size = blockChars(group);
    if (blocks + group.length > maxBlocks || chars + size > maxChars) break;
    kept.push(...group);
    blocks += group.length;
    chars += size;
    whole += 1;
  }
  if (whole === 0) {
    for (const block of groups[0] ?? []) {
      const size = blockChars(block);
      if (blocks + 1 > maxBlocks || chars + size > maxChars) break;
      kept.push(block);
      blocks += 1;
      chars += size;
    }
  }
  const hidden = groups.slice(whole).filter((group) => group.length > 0).length;
  return [...kept, ...truncationNote(hidden), ...footer];
}

/** The card's own summary as plain, escaped text for notifications (and screen readers). */
function notificationText(card: AdaptiveCard, given: string | undefined): string {
  const fallback = typeof card['fallbackText'] === 'string' ? card['fallbackText'] : undefined;
  const text = given ?? fallback ?? firstText(readElements(card.body)) ?? 'New message from the forum bot';
  return truncateMrkdwn(literalMrkdwn(text).trim(), SLACK_LIMITS.messageText);
}

/** The first text of the card, plain: a TextBlock's markdown removed, a TextRun's text as typed. */
function firstText(elements: readonly CardElement[]): string | undefined {
  for (const element of elements) {
    if (element.type === 'TextBlock' && element.text.trim()) return cardMarkdownToPlain(element.text);
    if (element.type === 'RichTextBlock') {
      const text = element.inlines.map((run) => run.text).join('');
      if (text.trim()) return text;
    }
    if (element.type === 'Container' || element.type === 'Column') {
      const inner = firstText(readElements(element.items));
      if (inner) return inner;
    }
  }
  return undefined;
}
