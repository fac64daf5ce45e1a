// Buttons that open a form. In Teams, an Action.Submit whose data says `msteams: { type:
// "task/fetch" }` opens the form in a dialog (a task module), which works on desktop, web and
// mobile; the dialog's submit comes back through the same card-action routes (src/bot/dialogs.ts).
// Slack reads the same button's data (verb and fields) and opens the form as a modal.
import type { CardButton } from './card-models.ts';

/** The data of a button that opens `verb`'s form in a dialog. */
export function dialogData(verb: string, data: Record<string, string | number> = {}): CardButton['data'] {
  return { msteams: { type: 'task/fetch' }, verb, ...data };
}

export function dialogButton(title: string, verb: string, data: Record<string, string | number> = {}): CardButton {
  return { title, verb, data: dialogData(verb, data), dialog: true };
}
