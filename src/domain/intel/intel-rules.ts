// The rules for what a reporter fills in: the draft of an intelligence report, parsed from a
// card or modal submit (strings from form inputs are accepted where a form can only send strings),
// with every problem written for the person who has to fix it.
import { z } from 'zod';
import type { FieldProblem } from '../errors.ts';
import { listAreas } from '../areas.ts';
import { FORUM_TIME_ZONE } from '../calendar.ts';
import { parseCalendarDate } from '../values/calendar-date.ts';
import { parseClockTime } from '../values/clock-time.ts';
import { dayInWords, outsideRange, type DateRange } from '../values/date-range.ts';
import { localDay, localInstant } from '../values/local-instant.ts';
import {
  HANDLING_MARKINGS,
  HATE_STRANDS,
  INFORMATION_CONFIDENCE,
  INTEL_CATEGORIES,
  PROTECTED_CHARACTERISTICS,
  SOURCE_RELIABILITY,
  SOURCE_TYPES,
  TENSION_TRENDS,
} from '../model.ts';
import { findAddresses } from './identifiers/address.ts';

export const INTEL_LIMITS = {
  description: 4000,
  location: 200,
  actionsTaken: 2000,
  policeReference: 50,
  note: 2000,
} as const;

/** A time a few minutes ahead of the server's clock is a clock difference, not the future. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
const FUTURE = 'The time it happened cannot be in the future (leave the time blank if it is not known)';

export const TENSION_LEVEL_LABELS: Record<1 | 2 | 3 | 4, string> = { 1: 'Normal', 2: 'Heightened', 3: 'High', 4: 'Critical' };

const thousands = (n: number) => n.toLocaleString('en-GB');
const tooLong = (label: string, max: number) => `${label} is too long (${thousands(max)} characters at most)`;

/** A choice from a fixed list: "is required" when missing, "choose from the list" when not one of them. */
function choice<const T extends readonly [string, ...string[]]>(values: T, missing: string, invalid: string) {
  return z.enum(values, { error: (issue) => (issue.input === undefined || issue.input === '' ? missing : invalid) });
}

/** Form inputs send "" for an empty optional field; that means "not given". */
function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text` })
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(z.string().max(max, tooLong(label, max)).optional());
}

/** A multi-select sends an array, or (Adaptive Cards) one comma-separated string. */
function multiChoice<const T extends readonly [string, ...string[]]>(values: T, invalid: string) {
  return z
    .union([z.array(z.string()), z.string()], { error: invalid })
    .optional()
    .transform((v) => (v === undefined ? [] : typeof v === 'string' ? v.split(',') : v).map((s) => s.trim()).filter((s) => s !== ''))
    .pipe(z.array(z.enum(values, { error: invalid })))
    .transform((list) => [...new Set(list)]);
}

const areaIds = (): ReadonlySet<string> => new Set(listAreas().map((a) => a.id));


/**
 * When it happened, as the form asks it: a date (required, within the range below) and a time
 * (optional: left blank, the time is not known, and is stored and shown that way, never as noon).
 * Checked against the clock in parseIntelDraft, which knows today's date and the forum's zone.
 */
export const OCCURRED_DATE: { label: string; range: DateRange } = {
  label: 'The date it happened',
  // Intelligence is about now: a report of something over a year ago belongs in a review, not here.
  range: { earliest: { years: -1 }, latest: { days: 0 } },
};

const occurredDate = z
  .string({ error: (issue) => (issue.input === undefined ? 'Enter the date it happened' : 'The date it happened must be a date') })
  .trim()
  .min(1, 'Enter the date it happened')
  .refine((v) => parseCalendarDate(v) !== undefined, 'The date it happened is not a real date (write it as YYYY-MM-DD)');

const occurredTime = z
  .string({ error: 'The time it happened must be a time like 19:30' })
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .refine((v) => v === undefined || parseClockTime(v) !== undefined, 'The time it happened is not a time like 19:30 (or leave it blank if not known)')
  .transform((v) => (v === undefined ? undefined : parseClockTime(v)));

const LEVEL_RANGE = 'Choose a tension level from 1 (normal) to 4 (critical)';
const tensionLevel = z
  .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)], {
    error: (issue) => (issue.input === undefined || issue.input === '' ? 'Choose a tension level' : LEVEL_RANGE),
  })
  .pipe(z.number().int(LEVEL_RANGE).min(1, LEVEL_RANGE).max(4, LEVEL_RANGE));

const yesNo = z
  .union([z.boolean(), z.enum(['true', 'false', 'yes', 'no'])], { error: 'Say whether it was reported to the police' })
  .transform((v) => v === true || v === 'true' || v === 'yes');

function draftShape() {
  return {
    occurredDate,
    occurredTime,
    areaId: z
      .string({ error: (issue) => (issue.input === undefined ? 'Choose an area' : 'Choose an area from the list') })
      .trim()
      .min(1, 'Choose an area')
      .refine((id) => areaIds().has(id), 'Choose an area from the list'),
    location: optionalText('Location', INTEL_LIMITS.location).refine(
      // Coarse locations only: the same house-number rule as the personal-data check, so a count
      // ("12 people near Church Lane") is not refused and a flat ("Flat 6, Eastwood House") is.
      (v) => v === undefined || findAddresses(v).length === 0,
      'Give a coarse location (a street or landmark) without a house number',
    ),
    category: choice(INTEL_CATEGORIES, 'Choose a category', 'Choose a category from the list'),
    hateStrands: multiChoice(HATE_STRANDS, 'Choose hate strands from the list'),
    communitiesAffected: multiChoice(PROTECTED_CHARACTERISTICS, 'Choose the communities affected from the list'),
    description: z
      .string({ error: 'Describe what happened' })
      .trim()
      .min(1, 'Describe what happened')
      .max(INTEL_LIMITS.description, tooLong('Description', INTEL_LIMITS.description)),
    sourceType: choice(SOURCE_TYPES, 'Choose where the information came from', 'Choose a source type from the list'),
    sourceReliability: choice(SOURCE_RELIABILITY, 'Choose how reliable the source is', 'Choose a source reliability from the list'),
    informationConfidence: choice(INFORMATION_CONFIDENCE, 'Choose how the information is known', 'Choose an information confidence from the list'),
    tensionLevel,
    tensionTrend: choice(TENSION_TRENDS, 'Choose a tension trend', 'Choose a tension trend from the list'),
    reportedToPolice: yesNo,
    policeReference: optionalText('Police reference', INTEL_LIMITS.policeReference),
    actionsTaken: optionalText('Actions taken', INTEL_LIMITS.actionsTaken),
    handling: choice(HANDLING_MARKINGS, 'Choose a handling marking (OFFICIAL or OFFICIAL-SENSITIVE)', 'Choose OFFICIAL or OFFICIAL-SENSITIVE'),
  };
}

const HATE_STRANDS_NEEDED = 'A hate incident needs at least one hate strand';
const NOT_A_FORM = 'The form could not be read: please fill it in again';

function withCrossChecks() {
  return z.object(draftShape(), { error: NOT_A_FORM }).refine((d) => d.category !== 'hate-incident' || d.hateStrands.length > 0, {
    message: HATE_STRANDS_NEEDED,
    path: ['hateStrands'],
    // Object refinements normally wait for every field to pass; this one only needs its own two,
    // so the reporter sees every problem at once. (Not when the submit was not an object at all.)
    when: (payload) => !payload.issues.some((i) => (i.path?.length ?? 0) === 0 || i.path?.[0] === 'category' || i.path?.[0] === 'hateStrands'),
  });
}

/** The draft as a form sends it; parseIntelDraft adds the checks that need the clock. */
export const intelDraftSchema = withCrossChecks();

/** A parsed draft, with when it happened as one instant and whether its time of day is known. */
export type IntelDraft = z.output<typeof intelDraftSchema> & { occurredAt: string; occurredTimeKnown: boolean };

/** `fields`: each problem that belongs to one field of the form, so it can be shown beside it. */
export type DraftParse = { ok: true; draft: IntelDraft } | { ok: false; problems: string[]; fields: FieldProblem[] };

/**
 * Parses a submitted draft with every rule: the fields, then when it happened against today in
 * the forum's zone (within OCCURRED_DATE's range; a time today not in the future; a time that
 * exists on that day). A blank time is "not known": the instant is the start of that local day.
 */
export function parseIntelDraft(input: unknown, now: Date, timeZone: string = FORUM_TIME_ZONE): DraftParse {
  const parsed = intelDraftSchema.safeParse(input);
  const fieldProblems: FieldProblem[] = parsed.success ? [] : fieldProblemsOf(parsed.error);
  const problems = parsed.success ? [] : problemsOf(parsed.error);
  const add = (field: string, message: string) => {
    problems.push(message);
    fieldProblems.push({ field, message });
  };
  const fields = typeof input === 'object' && input !== null ? input : {};
  const date = occurredDate.safeParse(Reflect.get(fields, 'occurredDate'));
  const time = occurredTime.safeParse(Reflect.get(fields, 'occurredTime'));
  let when: { occurredAt: string; occurredTimeKnown: boolean } | undefined;
  if (date.success && time.success) {
    const day = parseCalendarDate(date.data) as string;
    const outside = outsideRange(OCCURRED_DATE.label, day, OCCURRED_DATE.range, localDay(now, timeZone));
    const instant = localInstant(day, time.data ?? '00:00', timeZone);
    if (outside) add('occurredDate', outside);
    else if (!instant.ok) add('occurredTime', `The time it happened, ${time.data ?? ''}, did not happen on ${dayInWords(day)}: the clocks went forward. Check the time.`);
    else if (time.data !== undefined && instant.at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) add('occurredTime', FUTURE);
    else when = { occurredAt: instant.at.toISOString(), occurredTimeKnown: time.data !== undefined };
  }
  if (parsed.success && problems.length === 0 && when) return { ok: true, draft: { ...parsed.data, ...when } };
  return { ok: false, problems: [...new Set(problems)], fields: fieldProblems };
}

/** The fields a reviewer may amend, each checked by the same rules as the reporter's draft. */
export const AMENDABLE_FIELDS = ['description', 'location', 'actionsTaken', 'category', 'tensionLevel', 'tensionTrend', 'areaId'] as const;
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];
export type IntelAmendments = Partial<Pick<IntelDraft, AmendableField>>;

export const intelAmendmentsSchema = z
  .object(draftShape(), { error: NOT_A_FORM })
  .pick({ description: true, location: true, actionsTaken: true, category: true, tensionLevel: true, tensionTrend: true, areaId: true })
  .partial();

/** The problems zod found on one field each (its path's first key), for showing beside the field. */
export function fieldProblemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => (typeof issue.path[0] === 'string' ? [{ field: issue.path[0], message: issue.message }] : []));
}

/** Every problem zod found, as the person-facing messages, each once. */
export function problemsOf(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((issue) => issue.message))];
}

/** The free-text fields checked for personal data. */
export const FREE_TEXT_FIELDS = ['description', 'location', 'actionsTaken'] as const;
export type FreeTextField = (typeof FREE_TEXT_FIELDS)[number];
