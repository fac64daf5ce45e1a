// An Adaptive Card form as a Slack modal: the card's text and inputs as blocks, its primary submit
// (the first Action.Execute/Submit that sends inputs) as the modal's submit button, and its first
// action with `associatedInputs: "none"` (Cancel) as the close button. What the submit sends (verb
// and data) rides in private_metadata next to the caller's own, so readSubmission can rebuild
// exactly what Teams would have sent.
import type { AdaptiveCard } from '../../../cards/render-card.ts';
import type { Block, ModalView } from './block-kit-types.ts';
import { SLACK_LIMITS, truncate } from './block-kit-limits.ts';
import { cardInputs, locateActions, locateElements, sendsInputs, type CardAction, type Located } from './card-elements.ts';
import { BlockKitError } from './errors.ts';
import { buttonsFirst, contextBlocks, piecesToBlocks, tidyDividers } from './pieces.ts';
import { createContext, renderAction, submitValue, type ButtonValue } from './render-actions.ts';
import { renderElement } from './render-elements.ts';
import { renderInput } from './render-inputs.ts';

export interface RenderModalOptions {
  /** Slack's callback_id: how the adapter recognises this form's view_submission (255 characters at most). */
  callbackId: string;
  /** Modal title (cut to 24 characters). */
  title: string;
  /** The caller's own context (JSON-serialisable), returned by readSubmission. */
  privateMetadata?: unknown;
  /** Submit button label (default: the card's submit action title). */
  submitLabel?: string;
  /** Close button label (default: the card's Cancel action title, else "Cancel"). */
  closeLabel?: string;
  /**
   * Wraps the encoded metadata before it goes to Slack (the adapter signs it, so a submission
   * cannot change it); Slack's limit applies to the wrapped text. The reader unwraps it first.
   */
  sealMetadata?: (encoded: string) => string;
}

/** What private_metadata holds: the caller's context, what submit sends, and each toggle's [on, off]. */
export interface ModalMetadata {
  caller: unknown;
  submit?: Extract<ButtonValue, { kind: 'execute' | 'submit' }>;
  toggles: Record<string, [string, string]>;
}

export function renderModal(card: AdaptiveCard, options: RenderModalOptions): ModalView {
  if (options.callbackId.length > SLACK_LIMITS.callbackId) throw new BlockKitError('callback_id_too_long', `callback_id is ${options.callbackId.length} characters; Slack allows ${SLACK_LIMITS.callbackId}`);
  const context = createContext('modal', renderInput);
  const actions = locateActions(card.actions ?? [], '/actions');
  // A card with no inputs (details shown in a modal) has no submit: each action stays a button.
  const isForm = cardInputs(card.body).length > 0;
  const primary = isForm ? actions.find((action) => sendsInputs(action.item)) : undefined;
  const close = isForm ? actions.find((action) => action !== primary && isCloseAction(action.item)) : undefined;
  const body = locateElements(card.body, '/body').flatMap((element, i) => renderElement(context, element, i === 0));
  const others = buttonsFirst(actions.filter((action) => action !== primary && action !== close).flatMap((action) => renderAction(context, action)));
  const blocks = fitModal(tidyDividers(piecesToBlocks([...body, ...others])));
  const view: ModalView = {
    type: 'modal',
    callback_id: options.callbackId,
    title: { type: 'plain_text', text: truncate(options.title.trim() || 'Form', SLACK_LIMITS.modalTitle), emoji: true },
    close: { type: 'plain_text', text: truncate(options.closeLabel ?? (close?.item.title.trim() || (isForm ? 'Cancel' : 'Close')), SLACK_LIMITS.modalButton), emoji: true },
    private_metadata: encodeMetadata(card, options.privateMetadata, primary, options.sealMetadata),
    blocks,
  };
  const submitLabel = options.submitLabel ?? primary?.item.title.trim();
  if (primary || blocks.some((block) => block.type === 'input')) view.submit = { type: 'plain_text', text: truncate(submitLabel || 'Submit', SLACK_LIMITS.modalButton), emoji: true };
  return view;
}

/**
 * The action a modal's own Close button stands for: one that sends no inputs and says it leaves
 * the form ("Cancel", "Close", "Back", "Discard"). Slack's Close tells the app nothing, so an action that
 * does something else without the inputs ("Correct the text") stays a button of its own.
 */
const LEAVES_THE_FORM = /^(cancel|close|back|discard|not now)$/i;

function isCloseAction(action: CardAction): boolean {
  if (action.type !== 'Action.Execute' && action.type !== 'Action.Submit') return false;
  return LEAVES_THE_FORM.test(action.title.trim()) && !sendsInputs(action);
}

function encodeMetadata(card: AdaptiveCard, caller: unknown, primary: Located<CardAction> | undefined, seal: (encoded: string) => string = (encoded) => encoded): string {
  const submit = primary ? submitValue(primary.item) : undefined;
  const toggles: ModalMetadata['toggles'] = {};
  for (const input of cardInputs(card.body)) {
    if (input.type === 'Input.Toggle') toggles[input.id] = [input.valueOn ?? 'true', input.valueOff ?? 'false'];
  }
  const metadata: ModalMetadata = { caller: caller ?? null, toggles, ...(submit?.kind === 'execute' || submit?.kind === 'submit' ? { submit } : {}) };
  const encoded = seal(JSON.stringify(metadata));
  if (encoded.length > SLACK_LIMITS.privateMetadata) {
    throw new BlockKitError('private_metadata_too_long', `private_metadata would be ${encoded.length} characters; Slack allows ${SLACK_LIMITS.privateMetadata}`);
  }
  return encoded;
}

/** At most 100 blocks: every input is kept (the form must still submit); display blocks past the room left are cut, with a note. */
function fitModal(blocks: Block[]): Block[] {
  if (blocks.length <= SLACK_LIMITS.modalBlocks) return blocks;
  const room = SLACK_LIMITS.modalBlocks - 1;
  const inputs = blocks.filter((block) => block.type === 'input').length;
  let displayRoom = Math.max(0, room - inputs);
  let inputRoom = room;
  const kept = blocks.filter((block) => {
    if (block.type === 'input') return inputRoom-- > 0;
    if (displayRoom <= 0) return false;
    displayRoom -= 1;
    inputRoom -= 1;
    return true;
  });
  const note = contextBlocks(`_… ${blocks.length - kept.length} more parts of this form are not shown (a Slack form holds ${SLACK_LIMITS.modalBlocks} at most); every field is still here_`);
  return [...kept, ...note];
}
