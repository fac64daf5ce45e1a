// The small grants fund's records (issue 17): rounds with a budget per funding source,
// applications, panel scores, decisions, payments and monitoring returns. Money is whole pounds
// (the fund awards at most a few thousand pounds; no pence are asked for or shown).
import { z } from 'zod';
import { calendarDateSchema } from '../values/calendar-date.ts';
import { THEME_IDS } from '../theme-ids.ts';

const isoInstant = z.iso.datetime({ offset: false, message: 'expected a UTC time as ISO-8601 ending in Z' });
const id = z.string().min(1).max(120);
const shortText = z.string().max(500);
const longText = z.string().max(20_000);
const pounds = z.number().int().nonnegative().max(10_000_000);

/** Where the fund's money comes from: the council, Rotherham Together Partnership, an external funder. */
export const FUNDING_SOURCES = ['council', 'rtp', 'external'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const FUNDING_SOURCE_NAMES: Record<FundingSource, string> = { council: 'Rotherham Council', rtp: 'Rotherham Together Partnership', external: 'External funder' };
export const perSourceSchema = z.object({ council: pounds, rtp: pounds, external: pounds });
export type PerSource = z.infer<typeof perSourceSchema>;

const wardId = z.string().regex(/^E05\d{6}$/);
const themeId = z.enum(THEME_IDS);

export const grantRoundSchema = z.object({
  id,
  name: shortText,
  opensOn: calendarDateSchema,
  closesOn: calendarDateSchema,
  /** The last day of the programme this round belongs to: status links and returns end then. */
  programmeEndsOn: calendarDateSchema,
  maxAward: pounds,
  /** The strategy's themes the panel scores against. */
  criteria: z.array(themeId).min(1),
  budget: perSourceSchema,
  /** A round made for trying the service locally: every page and card says DEMO. */
  demo: z.boolean(),
  createdBy: shortText,
  createdAt: isoInstant,
  version: z.number().int().positive(),
});
export type GrantRound = z.infer<typeof grantRoundSchema>;

export const GROUP_TYPES = ['constituted-group', 'charity', 'cic', 'faith-group', 'school-or-pta', 'other'] as const;
export const APPLICATION_STATUSES = ['submitted', 'awarded', 'declined', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const grantApplicationSchema = z.object({
  /** The reference the group is given (e.g. `BSC-7K3P9Q`): not a secret, shown in chat. */
  id,
  roundId: id,
  submittedAt: isoInstant,
  via: z.enum(['web', 'teams', 'slack', 'cli', 'seed']),
  /** A partner officer who entered it on the group's behalf. */
  enteredByPersonId: id.optional(),
  group: z.object({ name: shortText, type: z.enum(GROUP_TYPES), postcode: shortText.optional() }),
  /** Personal data: seen only by coordinators and the panel, never in a channel. */
  contact: z.object({ name: shortText, email: shortText, phone: shortText.optional() }),
  project: z.object({ title: shortText, description: longText, difference: longText }),
  wards: z.array(wardId).min(1),
  themes: z.array(themeId).min(1),
  amount: pounds,
  status: z.enum(APPLICATION_STATUSES),
  /** The private status link: the HMAC of its token (never the token) and when it stops working. */
  statusLink: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{43}$/), expiresAt: isoInstant }),
  /** The HMAC of the web form's one-time submission id: sending the same form again finds this application. */
  submissionKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
  version: z.number().int().positive(),
});
export type GrantApplication = z.infer<typeof grantApplicationSchema>;

/** One panel member's view of one application: scores per criterion (1-5), or a declared conflict. */
export const grantScoreSchema = z.object({
  /** `<application>/<person>`: one per member per application. */
  id,
  applicationId: id,
  roundId: id,
  personId: id,
  by: shortText,
  conflict: z.boolean(),
  scores: z.partialRecord(themeId, z.number().int().min(1).max(5)),
  comment: longText.optional(),
  at: isoInstant,
});
export type GrantScore = z.infer<typeof grantScoreSchema>;

export const grantDecisionSchema = z.object({
  /** The application's reference: one decision per application. */
  id,
  applicationId: id,
  roundId: id,
  outcome: z.enum(['award', 'decline']),
  amounts: perSourceSchema,
  reason: longText,
  byPersonId: id,
  by: shortText,
  at: isoInstant,
});
export type GrantDecision = z.infer<typeof grantDecisionSchema>;

/** A payment made by the finance system: no bank details are ever taken or kept. */
export const grantPaymentSchema = z.object({
  id,
  applicationId: id,
  roundId: id,
  source: z.enum(FUNDING_SOURCES),
  amount: pounds.min(1),
  paidOn: calendarDateSchema,
  instalment: z.number().int().positive(),
  financeReference: shortText,
  byPersonId: id,
  by: shortText,
  at: isoInstant,
});
export type GrantPayment = z.infer<typeof grantPaymentSchema>;

export const grantReturnSchema = z.object({
  id,
  applicationId: id,
  roundId: id,
  dueOn: calendarDateSchema,
  received: z
    .object({ at: isoInstant, whatWasDone: longText, peopleReached: z.number().int().nonnegative().max(10_000_000), moneySpent: pounds })
    .optional(),
  /** The day the grants lead was last nudged about it being overdue. */
  nudgedOn: calendarDateSchema.optional(),
});
export type GrantReturn = z.infer<typeof grantReturnSchema>;

export const grantCollectionSchemas = {
  grantRounds: grantRoundSchema,
  grantApplications: grantApplicationSchema,
  grantScores: grantScoreSchema,
  grantDecisions: grantDecisionSchema,
  grantPayments: grantPaymentSchema,
  grantReturns: grantReturnSchema,
} as const;
