// The forum's domain model: one zod schema per record kind. The store validates every file
// against these on load, so a hand-edited or damaged file is caught before the bot trusts it.
// Dates a person types (due dates) are calendar days `YYYY-MM-DD`; instants are ISO-8601 UTC.
import { z } from 'zod';
import { recurrenceRuleSchema } from './meetings/recurrence.ts';
import { calendarDateSchema } from './values/calendar-date.ts';
import { grantCollectionSchemas } from './grants/grant-records.ts';
import { THEME_IDS } from './theme-ids.ts';

/** A real calendar day (2024-02-30 is refused on load and on write, as are impossible instants). */
export const isoDate = calendarDateSchema;
export const isoInstant = z.iso.datetime({ offset: false, message: 'expected a UTC time as ISO-8601 ending in Z' });
const id = z.string().min(1).max(120);
const shortText = z.string().max(500);
const longText = z.string().max(20_000);

// `web`: the public grants pages (applicants are not forum members).
export const CHANNELS = ['teams', 'slack', 'cli', 'seed', 'system', 'import', 'web'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

export { THEME_IDS, type ThemeId } from './theme-ids.ts';
export const themeSchema = z.object({ id: z.enum(THEME_IDS), title: shortText, order: z.number().int() });
export type Theme = z.infer<typeof themeSchema>;

export const ORGANISATION_KINDS = ['council', 'police', 'fire', 'health', 'vcs', 'faith', 'education', 'housing', 'partnership', 'government', 'other'] as const;
export const organisationSchema = z.object({
  id,
  name: shortText,
  shortName: shortText.optional(),
  kind: z.enum(ORGANISATION_KINDS),
});
export type Organisation = z.infer<typeof organisationSchema>;

// `grants-panel` scores grant applications; `grants-decider` is the officer with delegated authority
// who awards or declines (a role of its own: a coordinator does not decide by being one).
export const ROLES = ['admin', 'coordinator', 'member', 'intel-reviewer', 'grants-panel', 'grants-decider'] as const;
export type Role = (typeof ROLES)[number];
export const platformIdentitySchema = z.discriminatedUnion('platform', [
  z.object({ platform: z.literal('teams'), aadObjectId: id, tenantId: id }),
  z.object({ platform: z.literal('slack'), userId: id, teamId: id }),
]);
export type PlatformIdentity = z.infer<typeof platformIdentitySchema>;
export const personSchema = z.object({
  id,
  displayName: shortText,
  organisationId: id.optional(),
  jobTitle: shortText.optional(),
  roles: z.array(z.enum(ROLES)),
  identities: z.array(platformIdentitySchema),
  /**
   * The Bot Framework conversation reference of the person's 1:1 chat with the bot, per channel,
   * kept when they write to it: how the bot reaches them privately (alerts, nudges).
   */
  directChats: z.partialRecord(channelSchema, z.record(z.string(), z.unknown())).optional(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export type Person = z.infer<typeof personSchema>;

/** Who is responsible: a named person once one is assigned, otherwise a role in an organisation. */
export const responsibleSchema = z.object({ organisationId: id, role: shortText, personId: id.optional() });
export type Responsible = z.infer<typeof responsibleSchema>;

export const actionSchema = z.object({
  id,
  themeId: z.enum(THEME_IDS),
  title: shortText,
  description: longText.optional(),
  lead: responsibleSchema,
  supportingOrganisationIds: z.array(id),
});
export type Action = z.infer<typeof actionSchema>;

// Rotherham's own tracker: Grey / Green / Amber (< 3 months late) / Red (3 months or more) / Blue / none.
export const MILESTONE_STATUSES = ['not-started', 'on-track', 'delayed', 'off-track', 'complete', 'closed'] as const;
export const milestoneStatusSchema = z.enum(MILESTONE_STATUSES);
export type MilestoneStatus = z.infer<typeof milestoneStatusSchema>;

export const milestoneSchema = z.object({
  id,
  actionId: id,
  description: longText,
  owner: responsibleSchema,
  originalDue: isoDate,
  revisedDue: isoDate.optional(),
  status: milestoneStatusSchema,
  commentary: longText.optional(),
  evidence: longText.optional(),
  updatedBy: shortText.optional(),
  updatedAt: isoInstant,
  /** Incremented on every change; an update made against an older version is refused as stale. */
  version: z.number().int().positive(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const milestoneUpdateSchema = z.object({
  id,
  milestoneId: id,
  /** The milestone version this change produced. */
  version: z.number().int().positive(),
  status: milestoneStatusSchema,
  previousStatus: milestoneStatusSchema.optional(),
  commentary: longText.optional(),
  revisedDue: isoDate.optional(),
  evidence: longText.optional(),
  by: shortText,
  byPersonId: id.optional(),
  via: channelSchema,
  at: isoInstant,
});
export type MilestoneUpdate = z.infer<typeof milestoneUpdateSchema>;

export const INTEL_CATEGORIES = [
  'hate-incident', 'protest-or-march', 'extremist-activity', 'anti-social-behaviour', 'rumour-or-misinformation',
  'national-or-international-event', 'inter-community-dispute', 'community-building-or-planning', 'new-arrivals',
  'confidence-in-services', 'positive-community-event', 'other',
] as const;
export const HATE_STRANDS = ['race', 'religion-or-belief', 'disability', 'sexual-orientation', 'transgender-identity', 'other'] as const;
export const PROTECTED_CHARACTERISTICS = [
  'age', 'disability', 'gender-reassignment', 'marriage-and-civil-partnership', 'pregnancy-and-maternity', 'race',
  'religion-or-belief', 'sex', 'sexual-orientation',
] as const;
export const SOURCE_TYPES = ['own-observation', 'community-member', 'partner-agency', 'councillor', 'social-media', 'media', 'anonymous-third-party'] as const;
export const SOURCE_RELIABILITY = ['reliable', 'untested', 'not-reliable'] as const;
export const INFORMATION_CONFIDENCE = ['known-directly', 'known-indirectly-corroborated', 'known-indirectly', 'not-known', 'suspected-false'] as const;
export const TENSION_TRENDS = ['rising', 'stable', 'falling', 'unknown'] as const;
export const HANDLING_MARKINGS = ['OFFICIAL', 'OFFICIAL-SENSITIVE'] as const;
export const INTEL_STATUSES = ['new', 'reviewed', 'actioned', 'closed'] as const;

/** A ward's ONS code, or one of the three areas that are not wards. */
export const areaIdSchema = z.union([z.string().regex(/^E05\d{6}$/), z.enum(['borough-wide', 'outside-rotherham', 'unknown'])]);

export const intelReportSchema = z.object({
  id,
  reportedAt: isoInstant,
  occurredAt: isoInstant,
  /** False when the reporter left the time blank: `occurredAt` is then the start of that local day. Absent (older reports): known. */
  occurredTimeKnown: z.boolean().optional(),
  reporterPersonId: id,
  reporterVia: channelSchema,
  areaId: areaIdSchema,
  location: shortText.optional(),
  category: z.enum(INTEL_CATEGORIES),
  hateStrands: z.array(z.enum(HATE_STRANDS)),
  communitiesAffected: z.array(z.enum(PROTECTED_CHARACTERISTICS)),
  description: longText,
  sourceType: z.enum(SOURCE_TYPES),
  sourceReliability: z.enum(SOURCE_RELIABILITY),
  informationConfidence: z.enum(INFORMATION_CONFIDENCE),
  tensionLevel: z.number().int().min(1).max(4),
  tensionTrend: z.enum(TENSION_TRENDS),
  reportedToPolice: z.boolean(),
  policeReference: shortText.optional(),
  actionsTaken: longText.optional(),
  handling: z.enum(HANDLING_MARKINGS),
  status: z.enum(INTEL_STATUSES),
  reviewNotes: z.array(z.object({ by: shortText, byPersonId: id.optional(), at: isoInstant, status: z.enum(INTEL_STATUSES), note: longText })),
  /** Earlier texts of amended fields, oldest first. */
  amendments: z.array(z.object({ at: isoInstant, byPersonId: id, field: shortText, previous: longText })),
  retainUntil: isoDate,
  version: z.number().int().positive(),
});
export type IntelReport = z.infer<typeof intelReportSchema>;

export const RSVP_RESPONSES = ['attending', 'apologies'] as const;
export const meetingSchema = z.object({
  id,
  title: shortText,
  startsAt: isoInstant,
  endsAt: isoInstant.optional(),
  location: shortText.optional(),
  onlineUrl: z.url().max(2000).optional(),
  chair: shortText.optional(),
  chairPersonId: id.optional(),
  agenda: z.array(shortText),
  status: z.enum(['scheduled', 'cancelled', 'held']),
  seriesId: id.optional(),
  /** For a meeting made as part of a series: its place in it and the rule that made it. */
  occurrence: z.object({ number: z.number().int().positive(), of: z.number().int().positive(), rule: recurrenceRuleSchema }).optional(),
  rsvps: z.array(z.object({ personId: id.optional(), name: shortText, response: z.enum(RSVP_RESPONSES), note: shortText.optional(), at: isoInstant })),
  version: z.number().int().positive(),
});
export type Meeting = z.infer<typeof meetingSchema>;

export const SUBSCRIPTION_KINDS = ['meeting-reminders', 'weekly-digest'] as const;
export const subscriptionSchema = z.object({
  id,
  target: z.discriminatedUnion('platform', [
    // A Bot Framework ConversationReference, kept as received so proactive sends can use it as is.
    z.object({ platform: z.literal('teams'), conversationId: id, conversationReference: z.record(z.string(), z.unknown()) }),
    // Slack: the team and channel, and the same kind of reference the Slack adapter continues from.
    z.object({ platform: z.literal('slack'), teamId: id, channelId: id, conversationReference: z.record(z.string(), z.unknown()).optional() }),
  ]),
  kinds: z.array(z.enum(SUBSCRIPTION_KINDS)),
  /** What people call the conversation ("#forum-partners"), for the list of subscriptions. */
  label: shortText.optional(),
  /**
   * Whether the meeting pack posted here carries the intelligence summary (src/domain/subscriptions/
   * intel-summary-choice.ts). Absent on subscriptions made before the choice existed: it does.
   */
  intelSummary: z.boolean().optional(),
  /** What the platform said when the conversation was (last) subscribed: it has, or may have, members from other organisations. */
  sharedOutside: z.boolean().optional(),
  /** Set when the platform said the bot can no longer post there; reminders stop until someone subscribes again. */
  inactive: z.object({ since: isoInstant, reason: shortText }).optional(),
  createdBy: shortText,
  createdAt: isoInstant,
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export const jobSchema = z.object({
  id,
  kind: shortText,
  dueAt: isoInstant,
  /**
   * `sending`: claimed by the scheduler, the send may be in flight (`running` is its older name,
   * read the same way). A job found `sending` at start is not sent again (src/scheduler/scheduler.ts).
   */
  status: z.enum(['pending', 'sending', 'running', 'sent', 'failed', 'cancelled']),
  attempts: z.number().int().nonnegative(),
  /** After a failed attempt, the earliest time of the next one (backoff); absent means `dueAt`. */
  nextAttemptAt: isoInstant.optional(),
  /** When the scheduler last claimed the job for sending. */
  claimedAt: isoInstant.optional(),
  /**
   * While `sending`: the instance that claimed it (a random id per process) and until when its lease
   * runs; the holder renews it while the send is under way. Only a job whose lease has expired is
   * recovered by another instance (src/scheduler/scheduler.ts).
   */
  leaseHolder: shortText.optional(),
  leaseUntil: isoInstant.optional(),
  createdAt: isoInstant.optional(),
  /** Unique per intended send, so a restart or retry never posts the same thing twice. */
  idempotencyKey: shortText,
  payload: z.record(z.string(), z.unknown()),
  sentAt: isoInstant.optional(),
  lastError: shortText.optional(),
});
export type Job = z.infer<typeof jobSchema>;

/** Why a report alerts the reviewers (src/domain/intel/escalation.ts): numbers and a ward, never text. */
export const escalationReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('high-tension'), level: z.number().int().min(1).max(4) }),
  z.object({ kind: z.literal('ward-rising'), areaId: areaIdSchema, count: z.number().int().positive() }),
]);

/**
 * A private message the bot owes one person and has not delivered yet (src/domain/outbox.ts):
 * written before the first attempt, kept while the person cannot be reached, deleted once
 * delivered. An intelligence alert names the report and why, never its text.
 */
export const outboxMessageSchema = z.object({
  id,
  personId: id,
  message: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('intel-alert'), reportId: id, reasons: z.array(escalationReasonSchema).min(1) }),
    /** A notice to an admin or a reporter, written by the bot (ids, names, counts: no report text). */
    z.object({ kind: z.literal('notice'), text: longText }),
  ]),
  createdAt: isoInstant,
  /** `sending`: claimed for one attempt, so two turns never deliver it twice. */
  status: z.enum(['waiting', 'sending']),
  attempts: z.number().int().nonnegative(),
  lastAttemptAt: isoInstant.optional(),
  /** Why the last attempt did not deliver it ("no 1:1 chat with the bot yet", a platform error). */
  lastError: shortText.optional(),
  /** When to try again without waiting for the person to write; absent: wait for them. */
  nextAttemptAt: isoInstant.optional(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

/** What a link opens; each purpose has its own lifetime and limits (src/links/link-purposes.ts). */
export const LINK_PURPOSES = ['intel-export', 'meeting-ics', 'grants-report-csv', 'grants-report-docx'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];
/** 32 bytes as unpadded base64url: a token, its HMAC, or a seed. */
const base64url256 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected 32 bytes as base64url (43 characters)');
/**
 * A link the bot gave someone (a download). The token itself is never stored: the id is the
 * HMAC-SHA256 of the token under a key derived from the server secret, so the store alone cannot
 * open anything. `reissue` (links shown again, e.g. a meeting's calendar file) is a random seed the
 * token is derived from with another secret-derived key; without the secret it opens nothing either.
 */
export const linkSchema = z.object({
  id: base64url256,
  purpose: z.enum(LINK_PURPOSES),
  /** Who it was issued to: a forum person's id, or the platform account of someone not registered. */
  holder: id,
  /** What it opens: a meeting id, or an export's period `YYYY-MM-DD/YYYY-MM-DD`. */
  subject: id,
  /** Where it was asked for: the audit of its use names that channel. */
  issuedVia: channelSchema,
  issuedAt: isoInstant,
  expiresAt: isoInstant,
  /** Works once: deleted when used. */
  singleUse: z.boolean(),
  reissue: base64url256.optional(),
});
export type Link = z.infer<typeof linkSchema>;

/**
 * A platform event the bot has taken on (a Slack `event_id`), remembered for a while so a
 * repeated delivery (Slack retries for about 5 minutes) is not answered twice, across a restart
 * too. Only the platform's id is kept: no text, no person. `src/channels/first-delivery.ts`.
 */
export const receivedEventSchema = z.object({
  /** `<platform>:<the platform's event id>` */
  id: z.string().min(3).max(200),
  receivedAt: isoInstant,
  /** After this, a delivery with the same id is taken as new (the platform has stopped retrying long before). */
  forgetAfter: isoInstant,
});
export type ReceivedEvent = z.infer<typeof receivedEventSchema>;

/** Every collection the store keeps, with the schema of its records. */
export const collectionSchemas = {
  organisations: organisationSchema,
  people: personSchema,
  themes: themeSchema,
  actions: actionSchema,
  milestones: milestoneSchema,
  milestoneUpdates: milestoneUpdateSchema,
  intelReports: intelReportSchema,
  meetings: meetingSchema,
  subscriptions: subscriptionSchema,
  jobs: jobSchema,
  outbox: outboxMessageSchema,
  links: linkSchema,
  receivedEvents: receivedEventSchema,
  ...grantCollectionSchemas,
} as const;
export type CollectionName = keyof typeof collectionSchemas;
export const COLLECTION_NAMES = Object.keys(collectionSchemas) as CollectionName[];
export type RecordOf<C extends CollectionName> = z.infer<(typeof collectionSchemas)[C]>;
export type Dataset = { [C in CollectionName]: RecordOf<C>[] };
