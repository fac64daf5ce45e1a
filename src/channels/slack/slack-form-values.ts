// What the Slack channel stores in Slack itself: the "Open form" button's value (what re-produces
// the form) and its part of a modal's private_metadata (where the form came from, so the answer
// goes back there). Both come back from Slack and are parsed here, never trusted as they are.
import { z } from 'zod';
import { readCardButton, type CardButton } from './card-rendering.ts';

const id = z.string().min(1).max(200);

const originSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('conversation'), channel: id, threadTs: id.optional(), personal: z.boolean() }),
  z.object({ kind: z.literal('command'), channel: id, responseUrl: z.url() }),
  z.object({ kind: z.literal('message'), channel: id, ts: id, threadTs: id.optional(), ephemeral: z.boolean(), responseUrl: z.url().optional() }),
  z.object({ kind: z.literal('home') }),
  z.object({ kind: z.literal('person') }),
]);
/**
 * Where an answer goes in Slack: a conversation (DM, channel, thread), the person who ran a slash
 * command (its response_url), a message with buttons, the Home tab, or the person's DM with the app.
 * A modal's metadata keeps it, so the form's answer goes back where the form came from.
 */
export type FormOrigin = z.infer<typeof originSchema>;

const submitSchema = z.object({ verb: z.string().min(1).max(100), data: z.record(z.string(), z.unknown()) });
const formContextSchema = z.object({ origin: originSchema });

const openFormSchema = z.union([z.object({ text: z.string().min(1).max(1900) }), submitSchema]);
/** What re-produces a form: the command text that made it, or the card action. */
export type OpenForm = z.infer<typeof openFormSchema>;

/**
 * What a modal keeps in its private_metadata (beside the renderer's own: what submit sends).
 * A response_url is a convenience (ephemeral messages), left out if it would crowd Slack's limit.
 */
export function formContext(origin: FormOrigin): { origin: FormOrigin } {
  if (origin.kind === 'message' && origin.responseUrl && origin.responseUrl.length > 1000) {
    return { origin: { kind: 'message', channel: origin.channel, ts: origin.ts, ephemeral: origin.ephemeral, ...(origin.threadTs ? { threadTs: origin.threadTs } : {}) } };
  }
  return { origin };
}

export function readFormContext(context: unknown): FormOrigin | undefined {
  const parsed = formContextSchema.safeParse(context);
  return parsed.success ? parsed.data.origin : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // Not ours (or damaged): the caller treats it as an unknown value and says so.
    return { unreadable: error instanceof Error ? error.name : 'error' };
  }
}

export function encodeOpenForm(open: OpenForm): string {
  const encoded = JSON.stringify({ open });
  return encoded.length <= 2000 ? encoded : JSON.stringify({ open: { text: 'help' } });
}

export type ButtonValue = { kind: 'open'; open: OpenForm } | CardButton;

/** The "Open form" button's value (ours), or a card button's (the renderer's). */
export function decodeButtonValue(value: string): ButtonValue {
  const open = z.object({ open: openFormSchema }).safeParse(parseJson(value));
  return open.success ? { kind: 'open', open: open.data.open } : readCardButton(value);
}
