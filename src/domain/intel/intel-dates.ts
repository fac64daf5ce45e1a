// Local calendar days as instants, so a period filter over thousands of reports compares numbers
// instead of formatting every report's time in the forum's time zone.
import { TZDate } from '@date-fns/tz';

const DAY_MS = 86_400_000;

/** The instant (ms) local midnight starts on `day` (YYYY-MM-DD) in `timeZone`. */
export function startOfLocalDay(day: string, timeZone: string): number {
  const [y = 1970, m = 1, d = 1] = day.split('-').map(Number);
  return new TZDate(y, m - 1, d, 0, 0, 0, timeZone).getTime();
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
