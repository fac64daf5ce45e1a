// The meeting form, defined once: each field with its label, its limits and (for the date) the
// range it accepts, and the one parser that turns what a card or a modal sent into a meeting
// draft or into problems beside the fields. Nothing is read loosely: a date is a real day, a
// time a real time that exists on that day, a series a whole number of meetings in range.
import type { FieldProblem } from '../errors.ts';
import { parseCalendarDate } from '../values/calendar-date.ts';
import { parseClockTime } from '../values/clock-time.ts';
import { boundsOn, dayInWords, outsideRange, type DateRange } from '../values/date-range.ts';
import { localDay, localInstant } from '../values/local-instant.ts';
import type { RecurrenceRule } from './recurrence.ts';
import { readSeriesChoice, seriesStarts, SERIES_LIMITS } from './series-choice.ts';

export const MEETING_FIELDS = {
  title: { label: 'The title', max: 200 },
  date: { label: 'The date', range: { earliest: { days: 0 }, latest: { years: 2 } } satisfies DateRange },
  startTime: { label: 'The start time' },
  endTime: { label: 'The end time' },
  location: { label: 'The place', max: 200 },
  onlineUrl: { label: 'The online link', max: 2000 },
  chair: { label: 'The chair', max: 200 },
  agenda: { label: 'The agenda', max: 4000, items: 30 },
  repeat: { label: 'Repeats' },
  repeatCount: { label: 'Meetings in the series', min: SERIES_LIMITS.min, max: SERIES_LIMITS.max, default: 6 },
} as const;

export type MeetingFieldName = keyof typeof MEETING_FIELDS;

/** The form as sent: text per field (Adaptive Card number inputs send a number for the count). */
export type MeetingFormInput = Partial<Record<Exclude<MeetingFieldName, 'repeatCount'>, string>> & { repeatCount?: string | number };

export interface MeetingDraft {
  title: string;
  /** Each meeting's start: one, or every meeting of a new series. */
  starts: Date[];
  /** From the end time; absent when no end time was given. */
  lengthMs?: number;
  location?: string;
  onlineUrl?: string;
  chair?: string;
  agenda: string[];
  rule?: RecurrenceRule;
}

export type MeetingFormResult = { ok: true; draft: MeetingDraft } | { ok: false; problems: FieldProblem[] };

/** `series`: whether the form may make a series (a new meeting), or edits one meeting. */
export function parseMeetingForm(input: MeetingFormInput, context: { now: Date; timeZone: string; series: boolean }): MeetingFormResult {
  const problems: FieldProblem[] = [];
  const problem = (field: MeetingFieldName, message: string) => problems.push({ field, message });
  const text = (field: Exclude<MeetingFieldName, 'repeatCount'>) => (input[field] ?? '').trim();
  const today = localDay(context.now, context.timeZone);

  const title = text('title');
  if (!title) problem('title', 'Enter a title.');
  else if (title.length > MEETING_FIELDS.title.max) problem('title', `${MEETING_FIELDS.title.label} is too long (${MEETING_FIELDS.title.max} characters at most).`);

  const date = parseCalendarDate(text('date'));
  if (!text('date')) problem('date', 'Enter the date.');
  else if (!date) problem('date', `${MEETING_FIELDS.date.label} is not a real date (write it as YYYY-MM-DD).`);
  const outside = date ? outsideRange(MEETING_FIELDS.date.label, date, MEETING_FIELDS.date.range, today) : undefined;
  if (outside) problem('date', outside);

  const startTime = parseClockTime(text('startTime'));
  if (!text('startTime')) problem('startTime', 'Enter the start time.');
  else if (!startTime) problem('startTime', `${MEETING_FIELDS.startTime.label} is not a time like 14:00.`);
  const endTime = text('endTime') ? parseClockTime(text('endTime')) : undefined;
  if (text('endTime') && !endTime) problem('endTime', `${MEETING_FIELDS.endTime.label} is not a time like 16:00.`);

  let start: Date | undefined;
  let end: Date | undefined;
  if (date && !outside && startTime) {
    const at = localInstant(date, startTime, context.timeZone);
    if (!at.ok) problem('startTime', `${startTime} does not exist on ${dayInWords(date)}: the clocks go forward that night.`);
    else if (at.at.getTime() <= context.now.getTime()) problem('startTime', 'The meeting must be in the future.');
    else start = at.at;
    if (endTime) {
      const until = localInstant(date, endTime, context.timeZone);
      if (!until.ok) problem('endTime', `${endTime} does not exist on ${dayInWords(date)}: the clocks go forward that night.`);
      else if (start && until.at.getTime() <= start.getTime()) problem('endTime', 'The end time must be after the start.');
      else end = until.at;
    }
  }

  const optional = (field: 'location' | 'chair' | 'onlineUrl') => {
    const value = text(field);
    if (value.length > MEETING_FIELDS[field].max) problem(field, `${MEETING_FIELDS[field].label} is too long (${MEETING_FIELDS[field].max} characters at most).`);
    return value || undefined;
  };
  const location = optional('location');
  const chair = optional('chair');
  const onlineUrl = optional('onlineUrl');
  if (onlineUrl && !isHttpsUrl(onlineUrl)) problem('onlineUrl', 'The online link must be a web address starting with https://');

  const agendaText = input.agenda ?? '';
  if (agendaText.length > MEETING_FIELDS.agenda.max) problem('agenda', `${MEETING_FIELDS.agenda.label} is too long (${MEETING_FIELDS.agenda.max.toLocaleString('en-GB')} characters at most).`);
  const agenda = agendaText.split('\n').map((line) => line.trim()).filter(Boolean);
  if (agenda.length > MEETING_FIELDS.agenda.items) problem('agenda', `${MEETING_FIELDS.agenda.label} has ${agenda.length} items; ${MEETING_FIELDS.agenda.items} at most.`);

  let rule: RecurrenceRule | undefined;
  let count = 1;
  if (context.series && date) {
    const choice = readSeriesChoice(text('repeat'), date);
    if (!choice.ok) problem('repeat', choice.problem);
    else if (choice.rule) {
      rule = choice.rule;
      const typed = input.repeatCount === undefined || String(input.repeatCount).trim() === '' ? MEETING_FIELDS.repeatCount.default : Number(String(input.repeatCount).trim());
      if (!Number.isInteger(typed) || typed < SERIES_LIMITS.min || typed > SERIES_LIMITS.max) {
        problem('repeatCount', `A series has ${SERIES_LIMITS.min} to ${SERIES_LIMITS.max} meetings: enter a whole number in that range.`);
      } else count = typed;
    }
  }

  if (problems.length > 0 || !start || !date || !startTime) return { ok: false, problems };
  const starts = rule ? seriesStarts(rule, date, startTime, count, context.timeZone) : [start];
  const latest = boundsOn(MEETING_FIELDS.date.range, today).latest;
  const last = starts.at(-1);
  if (rule && last && latest && localDay(last, context.timeZone) > latest) {
    return { ok: false, problems: [{ field: 'repeatCount', message: `The last meeting of that series would be on ${dayInWords(localDay(last, context.timeZone))}, more than two years ahead: choose fewer meetings.` }] };
  }
  return {
    ok: true,
    draft: {
      title,
      starts,
      ...(end ? { lengthMs: end.getTime() - start.getTime() } : {}),
      ...(location ? { location } : {}),
      ...(onlineUrl ? { onlineUrl } : {}),
      ...(chair ? { chair } : {}),
      agenda,
      ...(rule ? { rule } : {}),
    },
  };
}

function isHttpsUrl(text: string): boolean {
  if (!/^https:\/\/\S+$/.test(text)) return false;
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}
