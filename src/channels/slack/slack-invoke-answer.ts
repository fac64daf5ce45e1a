// The bot's answer to a card action (the invoke response a Teams card gets), carried out in Slack:
// a text answer goes to the clicker only; a card replaces the clicked message (or the Home tab,
// or the open modal); a form opens as a modal. For a modal submission the answer is what Slack's
// `response_action` says: `errors` beside the inputs, `update` the form, or `clear` it.
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/render-card.ts';
import { formTitle, formVerb } from '../../cards/form-titles.ts';
import { adaptiveCardSchema, hasInputs, problemsByInput } from './card-reading.ts';
import { BlockKitError, blockIdOfInput, renderCardModal, validateModalValues, type ModalView } from './card-rendering.ts';
import { FORM_CALLBACK_ID } from './slack-activities.ts';
import { openForm, replaceOrigin, toClicker, type Delivery, type SlackTurn } from './slack-delivery.ts';
import { formContext, type FormOrigin } from './slack-form-values.ts';
import { markdownToMrkdwn } from './slack-text.ts';

export type InvokeAnswer = { kind: 'text'; text: string } | { kind: 'card'; card: AdaptiveCard } | { kind: 'none' };

export type ViewAck = { response_action: 'errors'; errors: Record<string, string> } | { response_action: 'update'; view: ModalView } | { response_action: 'clear' };

const invokeResponseSchema = z.object({
  status: z.number().optional(),
  body: z.object({ type: z.string(), value: z.unknown() }).optional(),
});

/** Reads `{ status, body: { type, value } }` as ForumBot answers an `adaptiveCard/action`. */
export function readInvokeAnswer(value: unknown): InvokeAnswer {
  const parsed = invokeResponseSchema.safeParse(value);
  const body = parsed.success ? parsed.data.body : undefined;
  if (!body) return { kind: 'none' };
  if (body.type === 'application/vnd.microsoft.activity.message' && typeof body.value === 'string') return { kind: 'text', text: body.value };
  const card = adaptiveCardSchema.safeParse(body.value);
  return card.success ? { kind: 'card', card: card.data } : { kind: 'none' };
}

function formModal(d: Delivery, turn: SlackTurn, card: AdaptiveCard, origin: FormOrigin): ModalView {
  return renderCardModal(card, { callbackId: FORM_CALLBACK_ID, title: formTitle(card), context: formContext(origin), seal: d.seal.sealFor(turn.facts.user) });
}

/** A button click (block_actions), already acknowledged. */
export async function answerClick(d: Delivery, turn: SlackTurn, answer: InvokeAnswer): Promise<void> {
  const target = turn.facts.target;
  switch (answer.kind) {
    case 'none':
      return;
    case 'text':
      await toClicker(d, turn, { text: markdownToMrkdwn(answer.text) });
      return;
    case 'card': {
      const { card } = answer;
      // Inside a modal, the answer (a form or not) replaces the modal: Slack opens no second modal
      // from a modal's trigger with views.open.
      if (target.kind === 'modal') {
        const view = formModal(d, turn, card, { kind: 'person' });
        await d.web.updateModal(target.viewId, view);
        d.forms.remember(target.viewId, card);
        return;
      }
      if (hasInputs(card) && (await openForm(d, turn, card))) return;
      // From the Home tab, what a button shows (a milestone's details) opens over it: replacing
      // the Home with it would leave the person no way back. Closing the modal is the way back.
      if (target.kind === 'home' && (await openForm(d, turn, card))) return;
      await replaceOrigin(d, turn, { kind: 'card', card, summary: formTitle(card) });
    }
  }
}

/** Problems the answer card shows for the values just sent, keyed by block id; empty when none. */
function inlineErrors(card: AdaptiveCard, data: Record<string, unknown>): Record<string, string> {
  const byInput = problemsByInput(card) ?? {};
  const placed = Object.fromEntries(Object.entries(byInput).map(([inputId, message]) => [blockIdOfInput(inputId), message]));
  return { ...validateModalValues(card, data), ...placed };
}

/**
 * A modal submission: what to acknowledge it with. Changes to messages wait until after the
 * acknowledgement (`turn.afterAck`), so Slack gets its answer within its 3 seconds.
 */
export function answerSubmission(d: Delivery, turn: SlackTurn, answer: InvokeAnswer): ViewAck | undefined {
  const submission = turn.facts.submission;
  switch (answer.kind) {
    case 'none':
      return undefined;
    case 'text':
      turn.afterAck.push(() => toClicker(d, turn, { text: markdownToMrkdwn(answer.text) }));
      return { response_action: 'clear' };
    case 'card': {
      const { card } = answer;
      if (!hasInputs(card)) {
        turn.afterAck.push(() => replaceOrigin(d, turn, { kind: 'card', card, summary: formTitle(card) }));
        return { response_action: 'clear' };
      }
      // The same form again: its problems go beside the inputs just sent. The next form of a
      // sequence (the milestone chosen, now its update form) replaces the modal as it is.
      const previous = submission ? d.forms.card(submission.viewId) : undefined;
      const nextForm = previous !== undefined && formVerb(previous) !== formVerb(card);
      const errors = nextForm ? {} : inlineErrors(card, submission?.data ?? {});
      if (Object.keys(errors).length > 0) return { response_action: 'errors', errors };
      // The form again (e.g. changed meanwhile): its submit now carries the new version.
      const origin = turn.facts.target.kind === 'modal' ? { kind: 'person' as const } : turn.facts.target;
      try {
        const view = formModal(d, turn, card, origin);
        if (submission) d.forms.remember(submission.viewId, card);
        return { response_action: 'update', view };
      } catch (error) {
        if (!(error instanceof BlockKitError)) throw error;
        // Too big for a modal: the form goes where it came from, with its "Open form" button.
        d.logger.warn({ err: error }, 'the returned form cannot be shown in the modal');
        turn.afterAck.push(() => replaceOrigin(d, turn, { kind: 'card', card, summary: formTitle(card) }));
        return { response_action: 'clear' };
      }
    }
  }
}

/** Shown in place of a form whose private_metadata is not the one the bot signed. */
export const ALTERED_FORM_TEXT =
  'This form could not be accepted: it is not the form the bot sent (it was changed on the way, or opened before the bot was updated). Nothing was saved or posted. Ask the bot for the form again.';

/** The acknowledgement of such a submission: the modal says so, and nothing else happens. */
export function alteredFormAck(): ViewAck {
  return {
    response_action: 'update',
    view: {
      type: 'modal',
      callback_id: FORM_CALLBACK_ID,
      title: { type: 'plain_text', text: 'Not accepted', emoji: true },
      close: { type: 'plain_text', text: 'Close', emoji: true },
      private_metadata: '',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ALTERED_FORM_TEXT } }],
    },
  };
}
