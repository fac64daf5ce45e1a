// What the scheduler can send: one entry per job kind, each with the schema of its payload. The
// store keeps `kind` and `payload` loosely (so an older bot can still load a newer file); the
// scheduler parses them against these schemas before a handler sees them, so handlers get typed
// payloads and a new kind fails the build until it has a handler.
import { z } from 'zod';
import { isoInstant } from '../domain/model.ts';

const id = z.string().min(1).max(120);

export const jobPayloadSchemas = {
  /** A meeting reminder (with the meeting pack) to one subscribed conversation. */
  'meeting-reminder': z.object({ meetingId: id, meetingStartsAt: isoInstant, subscriptionId: id, offset: z.string().min(1).max(40) }),
  /** A private nudge to a milestone owner to update before a meeting. */
  'meeting-nudge': z.object({ meetingId: id, meetingStartsAt: isoInstant, personId: id }),
  /** The Monday digest to one subscribed conversation. */
  'weekly-digest': z.object({ subscriptionId: id, weekOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  /** A new grant application announced to one subscribed conversation (no contact details). */
  'grant-announcement': z.object({ applicationId: id, subscriptionId: id }),
  /** The coordinators' reminder, four weeks before 31 March, that the grants year-end report is due. */
  'grants-report-reminder': z.object({ year: z.string().regex(/^\d{4}-\d{2}$/) }),
  /** The daily check that nudges the grants lead privately about overdue monitoring returns. */
  'grants-returns-nudge': z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
} as const;

export type JobKind = keyof typeof jobPayloadSchemas;
export const JOB_KINDS = Object.keys(jobPayloadSchemas) as JobKind[];
export type JobPayload<K extends JobKind> = z.infer<(typeof jobPayloadSchemas)[K]>;

/** A job as planned by the domain: the scheduler adds status, attempts and the rest. */
export type PlannedJob = { [K in JobKind]: { kind: K; idempotencyKey: string; dueAt: string; payload: JobPayload<K> } }[JobKind];

export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(jobPayloadSchemas, kind);
}

/** The meeting a job belongs to, if any (used to cancel a meeting's outdated jobs). */
export function meetingIdOf(payload: Readonly<Record<string, unknown>>): string | undefined {
  return typeof payload.meetingId === 'string' ? payload.meetingId : undefined;
}
