// A local wall-clock date and time in the forum's zone, as one instant. Around the clock changes a
// wall time may not exist (01:30 on the last Sunday of March) or happen twice (01:30 in October):
// the first is refused rather than silently moved, the second is read as the earlier of the two.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { CalendarDate } from './calendar-date.ts';
import type { ClockTime } from './clock-time.ts';

export type LocalInstant = { ok: true; at: Date } | { ok: false; reason: 'no-such-time' };

export function localInstant(date: CalendarDate, time: ClockTime, timeZone: string): LocalInstant {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const at = new TZDate(y, m - 1, d, hh, mm, 0, 0, timeZone);
  // In a spring-forward gap TZDate moves the time on by an hour; reading it back shows the move.
  if (format(at, 'yyyy-MM-dd HH:mm') !== `${date} ${time}`) return { ok: false, reason: 'no-such-time' };
  return { ok: true, at: new Date(at.getTime()) };
}

/** The local calendar day of an instant in `timeZone`. */
export function localDay(at: Date, timeZone: string): CalendarDate {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd');
}
