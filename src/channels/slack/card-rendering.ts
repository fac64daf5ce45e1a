// The one seam between the Slack channel and the Adaptive Card -> Block Kit renderer. The real
// renderer is being written in ./block-kit/; until it lands this delegates to the interim one, so
// switching is a change to this file only.
import type { types as slack } from '@slack/bolt';
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/render-card.ts';
import * as renderer from './interim-card-renderer.ts';
import type { ViewState } from './slack-payloads.ts';

export interface SlackMessage {
  text: string;
  blocks: slack.KnownBlock[];
}

/** A card as a message; a card with inputs gets an "Open form" button carrying `openFormValue`. */
export function renderCardMessage(card: AdaptiveCard, openFormValue: string): SlackMessage {
  return renderer.renderMessage(card, { openFormValue });
}

export function renderCardModal(card: AdaptiveCard, options: { callbackId: string; title: string; privateMetadata: string }): slack.ModalView {
  return renderer.renderModal(card, options);
}

/** A modal's values keyed by input id, as an Adaptive Card submit would carry them. */
export function readModalValues(state: ViewState): Record<string, unknown> {
  return renderer.readSubmission(state.values);
}

/** The card's own checks on submitted values, keyed by the input's block id. */
export function validateModalValues(card: AdaptiveCard, data: Record<string, unknown>): Record<string, string> {
  return renderer.validateSubmission(card, data);
}

/** The block id the renderer gives an input (for `response_action: errors`). */
export function blockIdOfInput(inputId: string): string {
  return inputId;
}

const executeValue = z.object({ kind: z.literal('execute'), verb: z.string().min(1).max(100), data: z.record(z.string(), z.unknown()).default({}) });

/** What an Action.Execute button carries in its Slack `value`. */
export function readButtonValue(value: unknown): { verb: string; data: Record<string, unknown> } | undefined {
  const parsed = executeValue.safeParse(value);
  return parsed.success ? { verb: parsed.data.verb, data: parsed.data.data } : undefined;
}
