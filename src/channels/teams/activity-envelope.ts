// What an activity on /api/messages must look like before the Bot Framework SDK and the bot read
// it: the fields they rely on, with the types the Bot Framework schema gives them. The SDK trusts
// these blindly, so a request that gets them wrong is refused here with a 400 naming the field,
// instead of failing half-way through a turn with a TypeError (and a 500, or an error log line
// for the operator). Everything else in the activity is the adapter's business.
import { z } from 'zod';

const requiredText = () => z.string({ error: (issue) => (issue.input === undefined ? 'is missing' : 'must be text') }).min(1, 'is missing');
const optionalText = z.string({ error: 'must be text' }).nullish();
const objectOf = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: (issue) => (issue.input === undefined ? 'is missing' : 'must be an object') });

const account = objectOf({ id: requiredText(), name: optionalText, aadObjectId: optionalText, role: optionalText });

/**
 * A conversation id goes into the Bot Connector's URL path and an HTTP header of every reply:
 * Teams' ids are printable ASCII (`a:1x…`, `19:…@thread.tacv2;messageid=…`), and a bare `.` or `..`
 * would walk up the connector's path.
 */
const conversationId = requiredText().refine((id) => /^[\x21-\x7E]+$/.test(id) && !/^\.{1,2}$/.test(id), 'is not a conversation id');

/** `TurnContext.removeRecipientMention` reads every entity's type, and each mention's `mentioned.id`. */
const entity = z
  .object({ type: requiredText(), mentioned: account.optional(), text: optionalText })
  .refine((e) => e.type.toLowerCase() !== 'mention' || e.mentioned !== undefined, { message: 'is a mention that names nobody', path: ['mentioned'] });

const activityEnvelope = z.object(
  {
    type: requiredText(),
    serviceUrl: requiredText(),
    // The SDK copies these into the address of every reply; the Bot Connector client refuses to
    // send a reply with a wrongly typed one (a 500 after the bot has done the work).
    id: optionalText,
    channelId: optionalText,
    locale: optionalText,
    from: account,
    recipient: account,
    conversation: account.extend({ id: conversationId, isGroup: z.boolean({ error: 'must be true or false' }).nullish(), conversationType: optionalText, tenantId: optionalText }),
    // Read by the bot (the command, the invoke or event name, who joined).
    text: optionalText,
    name: optionalText,
    entities: z.array(entity, { error: 'must be a list' }).optional(),
    membersAdded: z.array(account, { error: 'must be a list' }).nullish(),
    membersRemoved: z.array(account, { error: 'must be a list' }).nullish(),
  },
  { message: 'must be a JSON object' },
);

export type EnvelopeCheck = { ok: true } | { ok: false; problem: string };

/** Whether `body` is an activity the bot can answer; if not, what is wrong, for the 400 answer. */
export function checkActivityEnvelope(body: unknown): EnvelopeCheck {
  const envelope = activityEnvelope.safeParse(body);
  if (envelope.success) return { ok: true };
  const issue = envelope.error.issues[0];
  return { ok: false, problem: `Expected a Bot Framework activity: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is not valid'}.` };
}
