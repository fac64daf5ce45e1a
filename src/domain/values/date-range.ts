// The range a date field accepts, written beside the field as offsets from today ("from today to
// five years ahead"), and the one check that says, in words, when a date is outside it.
import { format } from 'date-fns';
import { addOffset, type CalendarDate, type Offset } from './calendar-date.ts';

export interface DateRange {
  /** The earliest day accepted, relative to today (e.g. `{ years: -1 }`); absent: no lower bound. */
  earliest?: Offset;
  /** The latest day accepted, relative to today (e.g. `{ years: 5 }`); absent: no upper bound. */
  latest?: Offset;
}

export interface DateBounds {
  earliest?: CalendarDate;
  latest?: CalendarDate;
}

export function boundsOn(range: DateRange, today: CalendarDate): DateBounds {
  return {
    ...(range.earliest ? { earliest: addOffset(today, range.earliest) } : {}),
    ...(range.latest ? { latest: addOffset(today, range.latest) } : {}),
  };
}

/** "5 Dec 2026" for a calendar day. */
export function dayInWords(date: CalendarDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return format(new Date(y, m - 1, d), 'd MMM yyyy');
}

/**
 * A problem in words when `date` is outside `range` on `today`, naming the field and both ends;
 * undefined when it is inside. `today` is named as such so people see why the range moved.
 */
export function outsideRange(label: string, date: CalendarDate, range: DateRange, today: CalendarDate): string | undefined {
  const { earliest, latest } = boundsOn(range, today);
  if ((!earliest || date >= earliest) && (!latest || date <= latest)) return undefined;
  const end = (day: CalendarDate) => (day === today ? `today (${dayInWords(day)})` : dayInWords(day));
  // Said the way people think of it when the range ends or starts today.
  const what = latest === today && date > today ? 'is in the future' : earliest === today && date < today ? 'has passed' : 'is not';
  if (earliest && latest) return `${label} must be from ${end(earliest)} to ${end(latest)}; ${dayInWords(date)} ${what}.`;
  if (earliest) return `${label} must be ${end(earliest)} or later; ${dayInWords(date)} ${what}.`;
  return `${label} must be ${end(latest as CalendarDate)} or earlier; ${dayInWords(date)} ${what}.`;
}
