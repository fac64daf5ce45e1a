// Teams message extensions, read into the bot's own card actions. A message action (the "..."
// menu on any message) sends `composeExtension/fetchTask` with the command and the message; the
// answer is a form in a dialog, whose buttons come back as `composeExtension/submitAction` carrying
// the card's data (verb and inputs), as a dialog's `task/submit` does. Only the message's text is
// read: its author, id, link and conversation never enter the bot.
// Shapes: Microsoft Teams docs, "Create and send the dialog" and "Respond to the dialog submit
// action" (msteams-platform/messaging-extensions/how-to/action-commands/).
import { z } from 'zod';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/render-card.ts';
import { dialogCard } from '../cards/dialog-card.ts';
import type { Reply } from './turn.ts';

export const MESSAGE_EXTENSION_INVOKES = { fetch: 'composeExtension/fetchTask', submit: 'composeExtension/submitAction' } as const;
export type MessageExtensionPhase = keyof typeof MESSAGE_EXTENSION_INVOKES;

/** The message actions the Teams manifest declares, and the card action each opens. */
export const MESSAGE_ACTIONS = {
  logIntel: 'intel.from-message',
  addProgressNote: 'milestone.note-pick',
} as const;
export type MessageActionCommand = keyof typeof MESSAGE_ACTIONS;

export function messageExtensionPhase(name: string | undefined): MessageExtensionPhase | undefined {
  return name === MESSAGE_EXTENSION_INVOKES.fetch ? 'fetch' : name === MESSAGE_EXTENSION_INVOKES.submit ? 'submit' : undefined;
}

const fetchTaskSchema = z.object({
  commandId: z.string().max(64),
  commandContext: z.string().max(32).optional(),
  messagePayload: z.object({ body: z.object({ contentType: z.string().max(32).optional(), content: z.string().max(200_000).optional() }).optional() }).optional(),
});

/** `composeExtension/fetchTask` as the card action it stands for, or undefined for a command the bot does not have. */
export function fetchTaskAction(value: unknown): Record<string, unknown> | undefined {
  const parsed = fetchTaskSchema.safeParse(value);
  if (!parsed.success || !Object.hasOwn(MESSAGE_ACTIONS, parsed.data.commandId)) return undefined;
  const body = parsed.data.messagePayload?.body;
  const text = body?.contentType === 'text' ? (body.content ?? '') : htmlToText(body?.content ?? '');
  return { verb: MESSAGE_ACTIONS[parsed.data.commandId as MessageActionCommand], text };
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A Teams message body (HTML) as plain text: line breaks kept, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(Number.parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The answer to a message-extension invoke: always a dialog (Teams' "another dialog"), never a post
 * to the conversation. A form stays a form; what a text answer or a saved change says is shown as
 * a small card the person closes.
 */
export function messageExtensionAnswer(reply: Reply): object {
  const card = reply.kind === 'card' ? dialogCard(reply.card) : textCard(reply.text);
  const title = reply.kind === 'card' ? reply.summary : 'Stronger Communities';
  return { task: { type: 'continue', value: { title: title.slice(0, 80), width: 'large', height: reply.kind === 'card' ? 'large' : 'small', card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card } } } };
}

function textCard(text: string) {
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true }] };
}
