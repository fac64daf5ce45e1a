// When a meeting's reminders and nudges are due. Offsets are "N days before, at HH:mm" on the
// meeting's LOCAL date, so "1 day before at 09:00" is 09:00 in Rotherham even when the clocks
// change in between. Each send has a stable idempotency key that includes the meeting's start:
// planning the same meeting twice gives the same keys (nothing twice), and a moved meeting gives
// new keys, so its old jobs can be told apart and cancelled (src/scheduler/plan-jobs.ts).
import { z } from 'zod';
import { FORUM_TIME_ZONE } from '../calendar.ts';
import type { Meeting, Subscription } from '../model.ts';
import type { PlannedJob } from '../../scheduler/job-kinds.ts';
import { addDays, instantToLocal, localToInstant, timeOfDaySchema } from './local-time.ts';

export const reminderOffsetSchema = z.object({ daysBefore: z.number().int().min(0).max(60), at: timeOfDaySchema });
export type ReminderOffset = z.infer<typeof reminderOffsetSchema>;

export const reminderConfigSchema = z.object({
  reminders: z.array(reminderOffsetSchema).max(10),
  nudge: reminderOffsetSchema.optional(),
  timeZone: z.string().min(1),
});
export type ReminderConfig = z.infer<typeof reminderConfigSchema>;

export const DEFAULT_REMINDER_CONFIG: ReminderConfig = {
  reminders: [
    { daysBefore: 7, at: '09:00' },
    { daysBefore: 1, at: '09:00' },
  ],
  nudge: { daysBefore: 5, at: '09:00' },
  timeZone: FORUM_TIME_ZONE,
};

/** `7d0900`: the offset's part of a key. */
export function offsetLabel(offset: ReminderOffset): string {
  return `${offset.daysBefore}d${offset.at.replace(':', '')}`;
}

/** `M-12@20260310T1000Z`: a meeting at one particular start. */
function meetingAt(meeting: Pick<Meeting, 'id' | 'startsAt'>): string {
  return `${meeting.id}@${meeting.startsAt.replace(/[-:]/g, '').replace(/\.\d+/, '').replace(/\d{2}Z$/, 'Z')}`;
}

export const reminderKey = (meeting: Pick<Meeting, 'id' | 'startsAt'>, offset: ReminderOffset, subscriptionId: string) =>
  `reminder:${meetingAt(meeting)}:${offsetLabel(offset)}:${subscriptionId}`;
export const nudgeKey = (meeting: Pick<Meeting, 'id' | 'startsAt'>, personId: string) => `nudge:${meetingAt(meeting)}:${personId}`;

/** The instant of "N days before the meeting's local date, at HH:mm local". */
export function dueInstant(meetingStartsAt: string, offset: ReminderOffset, timeZone: string): Date {
  const meetingLocalDate = instantToLocal(new Date(meetingStartsAt), timeZone).slice(0, 10);
  return localToInstant(addDays(meetingLocalDate, -offset.daysBefore), offset.at, timeZone);
}

/**
 * Every reminder (one per offset per subscription that takes meeting reminders) and nudge (one per
 * person) for a meeting. A cancelled or held meeting has none; a send that would fall at or after
 * the meeting's start is dropped. Sends already in the past are left to the planner to skip.
 */
export function planMeetingSends(
  meeting: Meeting,
  subscriptions: readonly Subscription[],
  nudgePersonIds: readonly string[],
  config: ReminderConfig = DEFAULT_REMINDER_CONFIG,
): PlannedJob[] {
  if (meeting.status !== 'scheduled') return [];
  const start = new Date(meeting.startsAt).getTime();
  const jobs: PlannedJob[] = [];
  for (const offset of config.reminders) {
    const due = dueInstant(meeting.startsAt, offset, config.timeZone);
    if (due.getTime() >= start) continue;
    for (const sub of subscriptions) {
      if (!sub.kinds.includes('meeting-reminders')) continue;
      jobs.push({
        kind: 'meeting-reminder',
        idempotencyKey: reminderKey(meeting, offset, sub.id),
        dueAt: due.toISOString(),
        payload: { meetingId: meeting.id, meetingStartsAt: meeting.startsAt, subscriptionId: sub.id, offset: offsetLabel(offset) },
      });
    }
  }
  if (config.nudge) {
    const due = dueInstant(meeting.startsAt, config.nudge, config.timeZone);
    if (due.getTime() < start) {
      for (const personId of new Set(nudgePersonIds)) {
        jobs.push({
          kind: 'meeting-nudge',
          idempotencyKey: nudgeKey(meeting, personId),
          dueAt: due.toISOString(),
          payload: { meetingId: meeting.id, meetingStartsAt: meeting.startsAt, personId },
        });
      }
    }
  }
  return jobs.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.idempotencyKey.localeCompare(b.idempotencyKey));
}
