// The one seam between the Slack channel and the Adaptive Card -> Block Kit renderer
// (./block-kit/): what the adapter needs from it, in the adapter's terms. Renderer failures that
// are not the person's fault (a submission it did not make, metadata over Slack's limit) come back
// as `undefined` / a thrown BlockKitError, with the reason for the log.
import { BlockKitError, parseButtonValue, readSubmission, renderMessage, renderModal, validateSubmission, viewStateSchema, type Block, type ModalView } from './block-kit/index.ts';
import type { AdaptiveCard } from '../../cards/render-card.ts';

export { BlockKitError };
/** What Slack sends as a modal's `view.state` (every documented element field); read back by readModalSubmission. */
export const modalStateSchema = viewStateSchema;
export type { Block, ModalView };

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/**
 * A card as a message; a card with inputs gets an "Open form" button carrying `openFormValue`.
 * `summary` is the message's one line for notifications, previews and screen readers (Slack's
 * fallback `text`); without one, the card's own first text.
 */
export function renderCardMessage(card: AdaptiveCard, openFormValue: string, summary?: string): SlackMessage {
  return renderMessage(card, { openFormValue, ...(summary?.trim() ? { text: summary.replace(/\s+/g, ' ').trim() } : {}) });
}

/**
 * A card with inputs as a modal. The renderer keeps what its submit sends (verb and data) in
 * private_metadata beside `context`, wrapped by `seal` (signed: slack-form-seal.ts), and gives
 * both back from readModalSubmission once the seal is opened.
 * Throws BlockKitError when the metadata would exceed Slack's 3,000 characters.
 */
export function renderCardModal(card: AdaptiveCard, options: { callbackId: string; title: string; context: unknown; seal: (metadata: string) => string }): ModalView {
  return renderModal(card, { callbackId: options.callbackId, title: options.title, privateMetadata: options.context, sealMetadata: options.seal });
}

export type ModalSubmission =
  | { ok: true; kind: 'execute' | 'submit'; verb: string; data: Record<string, unknown>; context: unknown }
  | { ok: false; reason: string };

/** A view_submission's `view` (its private_metadata already unsealed) read back into what Teams would have sent for the same card. */
export function readModalSubmission(view: { private_metadata: string; state: unknown }): ModalSubmission {
  try {
    const submission = readSubmission(view);
    if (submission.kind === 'none') return { ok: false, reason: 'the form has no submit action' };
    return { ok: true, kind: submission.kind, verb: submission.verb, data: submission.data, context: submission.privateMetadata };
  } catch (error) {
    if (error instanceof BlockKitError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The card's own checks on submitted values, keyed by the input's block id. */
export function validateModalValues(card: AdaptiveCard, data: Record<string, unknown>): Record<string, string> {
  return validateSubmission(card, data);
}

/** The block id the renderer gives an input (for `response_action: errors`): the input's id. */
export function blockIdOfInput(inputId: string): string {
  return inputId;
}

export type CardButton = { kind: 'execute'; verb: string; data: Record<string, unknown> } | { kind: 'submit'; data: Record<string, unknown> } | { kind: 'other'; reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a card button carries in its Slack `value`: an Action.Execute, an Action.Submit, or something the adapter cannot run. */
export function readCardButton(value: string): CardButton {
  const parsed = parseButtonValue(value);
  if (!parsed) return { kind: 'other', reason: 'a button whose value is not one of ours' };
  if (parsed.kind === 'execute') return { kind: 'execute', verb: parsed.verb, data: isRecord(parsed.data) ? parsed.data : {} };
  if (parsed.kind === 'submit') return { kind: 'submit', data: isRecord(parsed.data) ? parsed.data : {} };
  // Action.ShowCard needs the card the message came from; the forum's cards have none.
  return { kind: 'other', reason: 'Action.ShowCard is not supported in Slack yet' };
}
