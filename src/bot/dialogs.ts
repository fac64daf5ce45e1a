// Forms in dialogs (Teams task modules): a button whose data says `msteams: { type: "task/fetch" }`
// makes Teams send a `task/fetch` invoke, answered with the form in a dialog; the dialog's
// submit comes back as `task/submit`, answered with the form again (what was wrong, beside the
// fields) or by closing the dialog with a short message. Both carry the card action as
// `value.data` and go through the same routes, checks and domain rules as a button on a card, so
// who may open a form is checked when it opens and again when it is submitted. Dialogs work on
// Teams desktop, web and mobile alike (Action.Execute on a card does not, everywhere: see
// docs/teams-app.md).
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/render-card.ts';
import { dialogCard, hasInputs } from '../cards/dialog-card.ts';
import type { Reply } from './turn.ts';

export const DIALOG_INVOKES = { fetch: 'task/fetch', submit: 'task/submit' } as const;
export type DialogPhase = keyof typeof DIALOG_INVOKES;

export function dialogPhase(name: string | undefined): DialogPhase | undefined {
  return name === DIALOG_INVOKES.fetch ? 'fetch' : name === DIALOG_INVOKES.submit ? 'submit' : undefined;
}

/** `{ data, context }` as Teams sends it: the button's data (and the inputs, on submit), without Teams' own `msteams` key. */
export function dialogPayload(value: unknown): unknown {
  const data = value && typeof value === 'object' && 'data' in value ? value.data : undefined;
  if (!data || typeof data !== 'object') return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'msteams'));
}

/**
 * The TaskModuleResponse. A saved change everyone should see (posted to the conversation) closes
 * the dialog with a line saying what was done; any other card (the form again, a confirmation
 * such as a logged report's, which may say who was alerted) stays in the dialog, its buttons
 * working there; a text answer closes it with that text.
 */
export function dialogAnswer(reply: Reply, phase: DialogPhase): object {
  if (reply.kind === 'text') return { task: { type: 'message', value: reply.text } };
  if (phase === 'fetch' || hasInputs(reply.card) || reply.replace !== 'all') {
    return { task: { type: 'continue', value: { title: reply.summary.slice(0, 80), width: 'large', height: 'large', card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: dialogCard(reply.card) } } } };
  }
  return { task: { type: 'message', value: reply.toClicker ?? noticeOf(reply.card) ?? `Done: ${reply.summary}.` } };
}

/** The card's own line about what just happened (its notice: a bold coloured TextBlock), if it has one. */
function noticeOf(card: { body: unknown[] }): string | undefined {
  for (const element of card.body) {
    if (!element || typeof element !== 'object') continue;
    const block = element as Record<string, unknown>;
    if (block.type === 'TextBlock' && block.weight === 'Bolder' && ['Good', 'Warning', 'Attention'].includes(String(block.color)) && typeof block.text === 'string') return block.text;
  }
  return undefined;
}
