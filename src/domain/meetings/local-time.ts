// Wall-clock arithmetic for meetings: people say "10:00 on the first Tuesday", and that must stay
// 10:00 in Rotherham whether the clocks are on GMT or BST. Calendar days are counted on plain
// dates (no zone), and only the final local date + time is turned into a UTC instant.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { z } from 'zod';
import { FORUM_TIME_ZONE } from '../calendar.ts';
import { addDays, calendarDateSchema, dateFromDayNumber, dayNumber, isCalendarDate } from '../values/calendar-date.ts';

/** A local wall-clock time as people write it: `YYYY-MM-DDTHH:mm`, a real day and a real time. */
export const localDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time as YYYY-MM-DDTHH:mm')
  .refine((v) => isCalendarDate(v.slice(0, 10)), 'expected a real date');
export const localDateSchema = calendarDateSchema;
export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:mm');

const DAY_MS = 86_400_000;

export { addDays, dateFromDayNumber, dayNumber };

/** 0 = Sunday ... 6 = Saturday, as Date#getDay. */
export function weekdayOf(date: string): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

/** The UTC instant at which the wall clock in `timeZone` shows `date` `time`. */
export function localToInstant(date: string, time: string, timeZone: string = FORUM_TIME_ZONE): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, 0, timeZone).getTime());
}

export function localDateTimeToInstant(local: string, timeZone: string = FORUM_TIME_ZONE): Date {
  const [date, time] = local.split('T') as [string, string];
  return localToInstant(date, time, timeZone);
}

/** The local `YYYY-MM-DDTHH:mm` of an instant. */
export function instantToLocal(at: Date, timeZone: string = FORUM_TIME_ZONE): string {
  return format(new TZDate(at.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm");
}
