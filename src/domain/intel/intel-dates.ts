// Local calendar days as instants, so a period filter over thousands of reports compares numbers
// instead of formatting every report's time in the forum's time zone.
import { TZDate } from '@date-fns/tz';

const DAY_MS = 86_400_000;

// A TZDate costs about 25 µs; a summary needs one per week of its period, and asks again for the
// same days on every call. Remembered, bounded (cleared when full: the days asked for cluster).
const midnights = new Map<string, number>();
const MAX_REMEMBERED = 20_000;

/** The instant (ms) local midnight starts on `day` (YYYY-MM-DD) in `timeZone`. */
export function startOfLocalDay(day: string, timeZone: string): number {
  const key = `${day}|${timeZone}`;
  const known = midnights.get(key);
  if (known !== undefined) return known;
  const [y = 1970, m = 1, d = 1] = day.split('-').map(Number);
  const ms = new TZDate(y, m - 1, d, 0, 0, 0, timeZone).getTime();
  if (midnights.size >= MAX_REMEMBERED) midnights.clear();
  midnights.set(key, ms);
  return ms;
}

/** `day` plus `days` calendar days (UTC arithmetic on the date alone: no clock change can shift it). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday on or before `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday ... 6 Saturday
  return addDays(day, -((weekday + 6) % 7));
}

/** [start, end) in ms for the local days `from`..`to` inclusive; either end may be open. */
export function periodBounds(from: string | undefined, to: string | undefined, timeZone: string): { start: number; end: number } {
  return {
    start: from ? startOfLocalDay(from, timeZone) : Number.NEGATIVE_INFINITY,
    end: to ? startOfLocalDay(addDays(to, 1), timeZone) : Number.POSITIVE_INFINITY,
  };
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isLocalDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/**
 * An instant as `toISOString()` writes it (2026-06-10T19:30:00.000Z). Strings of that one shape
 * sort as their instants do, so a scan can compare strings instead of parsing thousands of dates.
 * The bot writes every instant in this shape; any other (no milliseconds, say) is rewritten.
 */
export function canonicalInstant(value: string): string {
  if (value.length === 24 && value.charCodeAt(23) === 90 /* Z */ && value.charCodeAt(19) === 46 /* . */) return value;
  return new Date(Date.parse(value)).toISOString();
}
