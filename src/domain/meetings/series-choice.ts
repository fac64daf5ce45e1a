// A meeting series as a coordinator chooses it on the meeting form: "every 8 weeks", or "monthly,
// on the same weekday" read from the first meeting's date (the 1st to 4th, or the last, Tuesday).
// Turns the choice into a recurrence rule, says what is wrong in words, and lists the dates.
import { FORUM_TIME_ZONE } from '../calendar.ts';
import { addDays, localToInstant, weekdayOf } from './local-time.ts';
import { occurrencesBetween, type RecurrenceRule } from './recurrence.ts';

export const SERIES_LIMITS = { min: 2, max: 24 } as const;

/** The form's choices, in the order shown. */
export const REPEAT_CHOICES = [
  { value: 'none', title: 'Does not repeat' },
  { value: 'weeks-2', title: 'Every 2 weeks' },
  { value: 'weeks-4', title: 'Every 4 weeks' },
  { value: 'weeks-6', title: 'Every 6 weeks' },
  { value: 'weeks-8', title: 'Every 8 weeks' },
  { value: 'weeks-12', title: 'Every 12 weeks' },
  { value: 'monthly-nth', title: 'Monthly, on the same weekday (e.g. the first Tuesday)' },
  { value: 'monthly-last', title: 'Monthly, on the last such weekday (e.g. the last Thursday)' },
] as const;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const ORDINALS = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' } as const;

export type SeriesChoice = { ok: true; rule: RecurrenceRule | undefined } | { ok: false; problem: string };

const daysInMonth = (date: string): number => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};

/** Reads the form's "Repeats" choice against the first meeting's date (YYYY-MM-DD). */
export function readSeriesChoice(choice: string | undefined, firstDate: string): SeriesChoice {
  const value = choice?.trim() || 'none';
  if (value === 'none') return { ok: true, rule: undefined };
  const weeks = /^weeks-(\d{1,2})$/.exec(value);
  if (weeks && REPEAT_CHOICES.some((c) => c.value === value)) return { ok: true, rule: { kind: 'every-n-weeks', weeks: Number(weeks[1]) } };
  const day = Number(firstDate.slice(8, 10));
  const weekday = weekdayOf(firstDate);
  if (value === 'monthly-nth') {
    const nth = Math.ceil(day / 7);
    if (nth > 4) return { ok: false, problem: `${firstDate} is the fifth ${WEEKDAYS[weekday]} of its month, which most months do not have: choose "Monthly, on the last such weekday".` };
    return { ok: true, rule: { kind: 'nth-weekday-of-month', nth: nth as 1 | 2 | 3 | 4, weekday } };
  }
  if (value === 'monthly-last') {
    if (day + 7 <= daysInMonth(firstDate)) return { ok: false, problem: `${firstDate} is not the last ${WEEKDAYS[weekday]} of its month: choose that date, or "Monthly, on the same weekday".` };
    return { ok: true, rule: { kind: 'nth-weekday-of-month', nth: -1, weekday } };
  }
  return { ok: false, problem: 'Choose how the meeting repeats from the list.' };
}

/** "every 8 weeks", "on the first Tuesday of each month". */
export function describeRule(rule: RecurrenceRule): string {
  switch (rule.kind) {
    case 'every-n-weeks':
      return rule.weeks === 1 ? 'every week' : `every ${rule.weeks} weeks`;
    case 'nth-weekday-of-month':
      return `on the ${ORDINALS[rule.nth]} ${WEEKDAYS[rule.weekday]} of each month`;
  }
}

/** The first `count` meetings of a series starting at local `date` `time`, as UTC instants. */
export function seriesStarts(rule: RecurrenceRule, date: string, time: string, count: number, timeZone: string = FORUM_TIME_ZONE): Date[] {
  const from = localToInstant(date, time, timeZone);
  const spanDays = rule.kind === 'every-n-weeks' ? rule.weeks * 7 * count : 31 * (count + 1);
  const to = localToInstant(addDays(date, spanDays + 1), time, timeZone);
  return occurrencesBetween(rule, `${date}T${time}`, from, to, timeZone)
    .slice(0, count)
    .map((o) => o.startsAt);
}
