// Calendar dates as people mean them: a day written YYYY-MM-DD that really exists (2024-02-30 does
// not), compared and counted as plain dates with no time zone involved. Every date that comes from
// a card, a modal, a command or a file is read here, so no impossible day reaches the store.
import { z } from 'zod';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day, `YYYY-MM-DD`. */
export type CalendarDate = string;

/** The date if `text` is a real calendar day written `YYYY-MM-DD`; otherwise undefined. */
export function parseCalendarDate(text: string): CalendarDate | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDay(year, month, day) ? match[0] : undefined;
}

export function isCalendarDate(text: string): boolean {
  return parseCalendarDate(text) === text;
}

/** Whether year/month/day (month 1-12) name a day that exists; Date.UTC would roll 31/02 into March. */
export function isRealDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || year < 1 || year > 9999) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The stored form of a calendar day, for record schemas: refuses impossible days on load and on write. */
export const calendarDateSchema = z.string().refine(isCalendarDate, { message: 'expected a real date as YYYY-MM-DD' });

/** Days since 1970-01-01 (calendar arithmetic, no zone). */
export function dayNumber(date: CalendarDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dateFromDayNumber(day: number): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return dateFromDayNumber(dayNumber(date) + days);
}

/** `date` plus whole months; a day past the end of the new month is the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** A span of time relative to a day, as a range is written beside a field ("five years ahead"). */
export interface Offset {
  days?: number;
  months?: number;
  years?: number;
}

export function addOffset(date: CalendarDate, offset: Offset): CalendarDate {
  return addDays(addMonths(date, (offset.years ?? 0) * 12 + (offset.months ?? 0)), offset.days ?? 0);
}
