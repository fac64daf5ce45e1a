// Meeting series: "every 8 weeks" or "first Tuesday of the month", at the first meeting's local
// time of day. Occurrences are generated on local calendar dates and only then turned into UTC,
// so a 10:00 meeting is 10:00 in Rotherham in March and in November. Single occurrences can be
// moved or cancelled by an override keyed on the occurrence's original local date.
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { FORUM_TIME_ZONE } from '../calendar.ts';
import { addDays, dayNumber, localDateSchema, localDateTimeSchema, localDateTimeToInstant, localToInstant, weekdayOf } from './local-time.ts';

export const recurrenceRuleSchema = z.discriminatedUnion('kind', [
  /** The weekday is the first meeting's. */
  z.object({ kind: z.literal('every-n-weeks'), weeks: z.number().int().min(1).max(52) }),
  z.object({
    kind: z.literal('nth-weekday-of-month'),
    /** 1..4, or -1 for the last such weekday of the month. */
    nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]),
    weekday: z.number().int().min(0).max(6),
  }),
]);
export type RecurrenceRule = z.infer<typeof recurrenceRuleSchema>;

export const occurrenceOverrideSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('cancel'), date: localDateSchema }),
  z.object({ action: z.literal('move'), date: localDateSchema, to: localDateTimeSchema }),
]);
export type OccurrenceOverride = z.infer<typeof occurrenceOverrideSchema>;

export interface Occurrence {
  /** The occurrence's original local date: its identity within the series, even when moved. */
  date: string;
  startsAt: Date;
  moved: boolean;
}

/** Refuses a series whose first meeting is not itself on the rule (e.g. "first Tuesday" starting on a Friday). */
export function checkSeries(rule: RecurrenceRule, firstStartLocal: string): void {
  const parsed = recurrenceRuleSchema.safeParse(rule);
  const problems: string[] = parsed.success ? [] : parsed.error.issues.map((i) => `recurrence: ${i.message}`);
  if (!localDateTimeSchema.safeParse(firstStartLocal).success) problems.push('the first meeting needs a local date and time (YYYY-MM-DDTHH:mm)');
  else if (parsed.success && !isOnRule(rule, firstStartLocal.slice(0, 10))) problems.push('the first meeting is not on a day the recurrence gives');
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Whether a local date matches the rule's pattern (ignoring where the series starts). */
function isOnRule(rule: RecurrenceRule, date: string): boolean {
  if (rule.kind === 'every-n-weeks') return true;
  return date === nthWeekdayOfMonth(date.slice(0, 7), rule.nth, rule.weekday);
}

/** Whether `date` is an (original) occurrence date of the series. */
export function isOccurrenceDate(rule: RecurrenceRule, firstDate: string, date: string): boolean {
  const offset = dayNumber(date) - dayNumber(firstDate);
  if (offset < 0) return false;
  switch (rule.kind) {
    case 'every-n-weeks':
      return offset % (rule.weeks * 7) === 0;
    case 'nth-weekday-of-month':
      return isOnRule(rule, date);
    default:
      return assertNever(rule);
  }
}

/** `YYYY-MM` -> the date of its nth (or last, -1) given weekday. */
export function nthWeekdayOfMonth(month: string, nth: 1 | 2 | 3 | 4 | -1, weekday: number): string {
  if (nth === -1) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = `${month}-01`;
  return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7);
}

/** Original occurrence dates from `firstDate` up to and including `lastDate`. */
function originalDates(rule: RecurrenceRule, firstDate: string, fromDate: string, lastDate: string): string[] {
  const dates: string[] = [];
  const start = dayNumber(fromDate) > dayNumber(firstDate) ? fromDate : firstDate;
  switch (rule.kind) {
    case 'every-n-weeks': {
      const step = rule.weeks * 7;
      const skip = Math.max(0, Math.floor((dayNumber(start) - dayNumber(firstDate)) / step));
      for (let d = addDays(firstDate, skip * step); dayNumber(d) <= dayNumber(lastDate); d = addDays(d, step)) dates.push(d);
      break;
    }
    case 'nth-weekday-of-month': {
      let [y, m] = start.split('-').map(Number) as [number, number];
      for (;;) {
        const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
        if (`${month}-01` > lastDate) break;
        dates.push(nthWeekdayOfMonth(month, rule.nth, rule.weekday));
        [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
      }
      break;
    }
    default:
      assertNever(rule);
  }
  return dates.filter((d) => d >= firstDate && d <= lastDate);
}

/**
 * The series' meetings starting in [from, to), as UTC instants, earliest first, with overrides
 * applied: a cancelled occurrence is left out; a moved one appears at its new time (even if its
 * original date is outside the window).
 */
export function occurrencesBetween(
  rule: RecurrenceRule,
  firstStartLocal: string,
  from: Date,
  to: Date,
  timeZone: string = FORUM_TIME_ZONE,
  overrides: readonly OccurrenceOverride[] = [],
): Occurrence[] {
  checkSeries(rule, firstStartLocal);
  const [firstDate, time] = firstStartLocal.split('T') as [string, string];
  const inWindow = (at: Date) => at.getTime() >= from.getTime() && at.getTime() < to.getTime();
  const byDate = new Map(overrides.map((o) => [o.date, o]));
  // One day of slack each side: a local date maps to an instant within +/- 14 hours of its UTC date.
  const dates = originalDates(rule, firstDate, addDays(from.toISOString().slice(0, 10), -1), addDays(to.toISOString().slice(0, 10), 1));
  const result: Occurrence[] = [];
  for (const date of dates) {
    if (byDate.has(date)) continue;
    const startsAt = localToInstant(date, time, timeZone);
    if (inWindow(startsAt)) result.push({ date, startsAt, moved: false });
  }
  for (const o of overrides) {
    if (o.action !== 'move' || !isOccurrenceDate(rule, firstDate, o.date)) continue;
    const startsAt = localDateTimeToInstant(o.to, timeZone);
    if (inWindow(startsAt)) result.push({ date: o.date, startsAt, moved: true });
  }
  return result.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

function assertNever(value: never): never {
  throw new Error(`unexpected recurrence ${JSON.stringify(value)}`);
}
