// Every card action the bot understands, parsed from what a card sends back (Teams
// Action.Execute / Action.Submit, Slack buttons and modals via the Slack adapter). Anything that
// does not fit is refused with a clear message and changes nothing.
import { z } from 'zod';
import { MILESTONE_STATUSES, ROLES, THEME_IDS } from '../domain/model.ts';
import { FUNDING_SOURCES } from '../domain/grants/grant-records.ts';
import { TEXT_FIELDS } from '../domain/grants/application-form.ts';

const APPLICATION_TEXT_FIELDS = Object.keys(TEXT_FIELDS);
import { isCalendarDate } from '../domain/values/calendar-date.ts';

/** A form field as a card sends it: text, or (Slack multi-selects) a list of values. */
const formText = z
  .union([z.string().max(10_000, 'is too long'), z.array(z.string().max(200)).max(50), z.number(), z.boolean()])
  .optional()
  .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v.join(',') : String(v)));

export const INTEL_FORM_FIELDS = [
  'occurredDate', 'occurredTime', 'areaId', 'location', 'category', 'hateStrands', 'communitiesAffected', 'description', 'sourceType',
  'sourceReliability', 'informationConfidence', 'tensionLevel', 'tensionTrend', 'reportedToPolice', 'policeReference', 'actionsTaken', 'handling',
  'identifiersConfirmed',
] as const;

const id = z.string().trim().min(1, 'is missing').max(120, 'is too long');
/** A person chosen with the platform's picker (Slack's users_select): a user id, or empty. */
const pickedUser = z.string().trim().regex(/^([UW][A-Z0-9]{2,30})?$/, 'is not a person chosen with the picker').optional();
const note = (label: string) => z.string().max(2000, `${label} is too long (2,000 characters at most)`).optional();

const reference = z.string().trim().toUpperCase().regex(/^BSC-[A-Z0-9]{6}$/, 'The grant reference looks like BSC-7K3P9Q');
/** A whole number of pounds as an Adaptive Card number input (a number) or Slack (the typed text) sends it; empty is 0. */
const wholePounds = z
  .union([z.number(), z.string().trim().max(12)])
  .optional()
  .transform((v) => (v === undefined || v === '' ? 0 : Number(v)))
  .pipe(z.number({ message: 'Amounts are whole pounds' }).int('Amounts are whole pounds').min(0, 'Amounts cannot be negative').max(10_000_000, 'That amount is too large'));

export const cardActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('grant.show'), reference }),
  z.object({ verb: z.literal('grants.show') }),
  z.object({ verb: z.literal('intel.list') }),
  z.object({ verb: z.literal('grant.round-form') }),
  // Read loosely here (bounded text); the round form's parser checks each answer with its own message.
  z.object({ verb: z.literal('grant.open-round'), name: formText, opensOn: formText, closesOn: formText, programmeEndsOn: formText, maxAward: formText, criteria: formText, council: formText, rtp: formText, external: formText }),
  z.object({ verb: z.literal('grant.budget-form'), roundId: id }),
  z.object({ verb: z.literal('grant.set-budget'), roundId: id, version: z.coerce.number().int().positive(), council: formText, rtp: formText, external: formText }),
  z.object({ verb: z.literal('grant.score-form'), reference }),
  z.object({
    verb: z.literal('grant.score'),
    reference,
    // One `score-<theme>` per criterion of the round; the scoring rules check each (1 to 5).
    ...Object.fromEntries(THEME_IDS.map((theme) => [`score-${theme}`, z.union([z.string().max(2), z.number()]).optional()])),
    comment: z.string().max(2000, 'The comment is too long (2,000 characters at most)').optional(),
  }),
  z.object({ verb: z.literal('grant.conflict'), reference }),
  z.object({ verb: z.literal('grant.decide-form'), reference }),
  z.object({
    verb: z.literal('grant.decide'),
    reference,
    version: z.coerce.number().int().positive(),
    outcome: z.enum(['award', 'decline'], { message: 'Choose award or decline' }),
    council: wholePounds,
    rtp: wholePounds,
    external: wholePounds,
    reason: z.string().max(2000, 'The reason is too long (2,000 characters at most)').optional(),
  }),
  z.object({ verb: z.literal('grant.pay-form'), reference }),
  z.object({
    verb: z.literal('grant.pay'),
    reference,
    source: z.enum(FUNDING_SOURCES, { message: 'Choose where the money came from' }),
    amount: wholePounds,
    paidOn: z.string().trim().refine(isCalendarDate, 'The payment date must be a real day (YYYY-MM-DD)'),
    financeReference: z.string().max(60, 'The finance reference is too long (60 characters at most)').optional(),
  }),
  z.object({ verb: z.literal('grant.new-link'), reference }),
  z.object({
    verb: z.literal('grant.enter'),
    // Read loosely here (bounded text); the application form's parser checks each answer with its own message.
    ...Object.fromEntries([...APPLICATION_TEXT_FIELDS, 'groupType', 'wards', 'themes', 'amount', 'eligibleConfirmed'].map((field) => [field, formText])),
  }),
  z.object({ verb: z.literal('milestones.page'), query: z.string().max(500), page: z.coerce.number().int().min(1).max(10_000) }),
  z.object({ verb: z.literal('milestone.show'), id }),
  z.object({ verb: z.literal('milestone.refresh'), id }),
  z.object({ verb: z.literal('milestone.history'), id, page: z.coerce.number().int().min(1).max(10_000) }),
  z.object({ verb: z.literal('milestone.edit'), id }),
  z.object({
    verb: z.literal('milestone.update'),
    id,
    version: z.coerce.number().int().positive(),
    status: z.enum(MILESTONE_STATUSES, { message: 'Status is not one of the choices' }),
    commentary: note('The progress note'),
    // Read as typed: the milestone's rules parse it (a real date, in range) and answer beside the field.
    revisedDue: z.string().trim().max(40).optional(),
    evidence: note('The evidence note'),
    /** Set when the form was opened from a meeting nudge: the answer is the nudge again. */
    meetingId: z.string().max(120).optional(),
  }),
  z.object({
    verb: z.literal('milestone.quick-status'),
    id,
    version: z.coerce.number().int().positive(),
    status: z.enum(['on-track', 'delayed', 'off-track', 'complete'], { message: 'Status is not one of the choices' }),
    meetingId: z.string().max(120).optional(),
  }),
  z.object({ verb: z.literal('milestone.nudge'), meetingId: id }),
  z.object({ verb: z.literal('milestone.assign-form'), id }),
  z.object({ verb: z.literal('milestone.assign'), id, personId: z.string().trim().max(120).optional(), pickedUser }),
  z.object({ verb: z.literal('intel.new') }),
  // From a message's "..." menu (a Teams message action, a Slack message shortcut): the message's
  // text only, as a draft. Its author, id, link and channel are never read into the action.
  z.object({ verb: z.literal('intel.from-message'), text: z.string().max(40_000, 'The message is too long to use as a draft').optional() }),
  z.object({ verb: z.literal('milestone.note-pick'), text: z.string().max(40_000, 'The message is too long to use as a note').optional() }),
  z.object({ verb: z.literal('milestone.note-form'), id, commentary: note('The progress note') }),
  z.object({
    verb: z.literal('intel.review'),
    id,
    version: z.coerce.number().int().positive(),
    status: z.enum(['reviewed', 'actioned', 'closed'], { message: 'Choose reviewed, actioned or closed' }),
    note: z.string().max(2000, 'The note is too long (2,000 characters at most)').optional(),
    // Present only when the reviewer opened "Correct the text"; the intelligence rules check them.
    description: z.string().max(10_000, 'What happened is too long').optional(),
    location: z.string().max(1000, 'The location is too long').optional(),
    actionsTaken: z.string().max(10_000, 'Actions taken is too long').optional(),
  }),
  z.object({ verb: z.literal('intel.amend'), id }),
  z.object({ verb: z.literal('intel.show'), id }),
  z.object({ verb: z.literal('person.edit'), personId: id }),
  z.object({ verb: z.literal('person.new') }),
  z.object({ verb: z.literal('subscription.stop'), id }),
  z.object({ verb: z.literal('intel.cancel') }),
  z.object({
    verb: z.literal('intel.submit'),
    // Read loosely here (bounded strings); the intelligence rules check each field with its own message.
    ...Object.fromEntries(INTEL_FORM_FIELDS.map((field) => [field, formText])),
  }),
  z.object({ verb: z.literal('meeting.rsvp'), meetingId: id, response: z.enum(['attending', 'apologies'], { message: 'Choose attending or apologies' }), note: z.string().max(200, 'The note is too long (200 characters at most)').optional() }),
  z.object({ verb: z.literal('meeting.rsvp-form'), meetingId: id }),
  z.object({ verb: z.literal('meeting.pack'), meetingId: id }),
  z.object({ verb: z.literal('meeting.edit'), meetingId: id }),
  z.object({ verb: z.literal('meeting.cancel'), meetingId: id }),
  z.object({ verb: z.literal('meeting.cancel-confirmed'), meetingId: id }),
  z.object({ verb: z.literal('meetings.show') }),
  z.object({ verb: z.literal('meeting.ics'), meetingId: id }),
  z.object({
    verb: z.literal('meeting.save'),
    meetingId: z.string().max(120),
    version: z.coerce.number().int().min(0),
    title: z.string().max(200, 'The title is too long (200 characters at most)').optional(),
    date: z.string().max(20).optional(),
    startTime: z.string().max(10).optional(),
    endTime: z.string().max(10).optional(),
    location: z.string().max(200, 'The place is too long (200 characters at most)').optional(),
    onlineUrl: z.string().max(2000, 'The link is too long').optional(),
    chair: z.string().max(200, 'The chair is too long (200 characters at most)').optional(),
    agenda: z.string().max(4000, 'The agenda is too long (4,000 characters at most)').optional(),
    repeat: z.string().max(40).optional(),
    /** Adaptive Card number inputs send a number; Slack sends the typed text. */
    repeatCount: z.union([z.number(), z.string().max(10)]).optional(),
  }),
  z.object({ verb: z.literal('meeting.cancel-series'), meetingId: id }),
  z.object({ verb: z.literal('meeting.cancel-series-confirmed'), meetingId: id }),
  z.object({ verb: z.literal('summary.show') }),
  z.object({ verb: z.literal('help.show') }),
  z.object({
    verb: z.literal('person.save'),
    // Either someone chosen from the conversation (`member`, their account code) or a typed account code; checked by the handler.
    displayName: z.string().trim().max(200).optional(),
    account: z.string().trim().max(200).optional(),
    member: z.string().trim().max(200).optional(),
    // Slack's users_select (read strictly by the Block Kit reader too): a user id or nothing.
    pickedUser: pickedUser,
    organisationId: z.string().trim().max(120).optional(),
    // Adaptive Card multi-select sends "a,b"; Slack sends an array. Both are read here.
    roles: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(',')).map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.enum(ROLES, { message: 'Unknown role' }))),
  }),
]);

export type CardAction = z.infer<typeof cardActionSchema>;
export type CardVerb = CardAction['verb'];

export type ParsedCardAction = { ok: true; action: CardAction } | { ok: false; problem: string };

/** Reads `{ verb, ...data }` from whatever shape the channel delivered. */
export function parseCardAction(payload: unknown): ParsedCardAction {
  const result = cardActionSchema.safeParse(payload);
  if (result.success) return { ok: true, action: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path.join('.');
  const known = payload && typeof payload === 'object' && 'verb' in payload && typeof payload.verb === 'string' && cardActionSchema.options.some((o) => o.shape.verb.value === payload.verb);
  if (!known) return { ok: false, problem: 'That button is not one I know (perhaps from an older version of this card).' };
  return { ok: false, problem: issue?.message && !issue.message.startsWith('Invalid') ? `${issue.message}.` : `The card sent a value I could not read${field ? ` for "${field}"` : ''}.` };
}
