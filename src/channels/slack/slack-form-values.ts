// What the Slack channel stores in Slack itself: a button's value (a card action, or "open this
// form") and a modal's private_metadata (where the form came from and what its submit sends).
// Both come back from Slack as strings and are parsed here, never trusted as they are.
import { z } from 'zod';
import { readButtonValue } from './card-rendering.ts';

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
const formMetadataSchema = z.object({ origin: originSchema, submit: submitSchema.optional() });
export type FormMetadata = z.infer<typeof formMetadataSchema>;

const openFormSchema = z.union([z.object({ text: z.string().min(1).max(1900) }), submitSchema]);
/** What re-produces a form: the command text that made it, or the card action. */
export type OpenForm = z.infer<typeof openFormSchema>;

/** Slack allows 3,000 characters of private_metadata. */
const MAX_METADATA = 3000;

export function encodeFormMetadata(metadata: FormMetadata): string {
  const encoded = JSON.stringify(metadata);
  if (encoded.length <= MAX_METADATA) return encoded;
  // A response_url is a convenience (ephemeral messages); without it the answer goes to the person.
  const { origin } = metadata;
  const slimmer = origin.kind === 'message' ? { ...metadata, origin: { kind: origin.kind, channel: origin.channel, ts: origin.ts, ephemeral: origin.ephemeral } } : metadata;
  return JSON.stringify(slimmer);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // Not ours (or damaged): the caller treats it as an unknown value and says so.
    return { unreadable: error instanceof Error ? error.name : 'error' };
  }
}

export function decodeFormMetadata(text: string): FormMetadata | undefined {
  const parsed = formMetadataSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : undefined;
}

export function encodeOpenForm(open: OpenForm): string {
  const encoded = JSON.stringify({ open });
  return encoded.length <= 2000 ? encoded : JSON.stringify({ open: { text: 'help' } });
}

export type ButtonValue = { kind: 'execute'; verb: string; data: Record<string, unknown> } | { kind: 'open'; open: OpenForm } | { kind: 'unknown' };

export function decodeButtonValue(value: string): ButtonValue {
  const json = parseJson(value);
  const open = z.object({ open: openFormSchema }).safeParse(json);
  if (open.success) return { kind: 'open', open: open.data.open };
  const execute = readButtonValue(json);
  return execute ? { kind: 'execute', ...execute } : { kind: 'unknown' };
}
