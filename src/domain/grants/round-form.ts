// The round form's answers, read strictly: real dates in order, whole pounds, themes from the
// strategy. Each problem names its field, so the form shows it beside the input (Slack: beside the
// field in the modal). The rules a round must meet against the store (no overlap, a budget not
// below what is committed) are checked again by the domain service inside its transaction.
import { FUNDING_SOURCES, type PerSource } from './grant-records.ts';
import type { FieldProblem } from '../errors.ts';
import { THEME_IDS, type ThemeId } from '../theme-ids.ts';
import { addDays, addMonths, parseCalendarDate } from '../values/calendar-date.ts';
import type { RoundDraft } from './grant-rounds.ts';

/** The form's fields as a card or modal sends them (already bounded text). */
export type RoundFormValues = Partial<Record<'name' | 'opensOn' | 'closesOn' | 'programmeEndsOn' | 'maxAward' | 'criteria' | 'council' | 'rtp' | 'external', string>>;
export type BudgetFormValues = Partial<Record<'council' | 'rtp' | 'external', string>>;

const MAX_POUNDS = 10_000_000;
const DATE_LABELS = { opensOn: 'opening date', closesOn: 'closing date', programmeEndsOn: 'end of the programme' } as const;

function wholePounds(field: string, text: string | undefined, problems: FieldProblem[], what: string): number {
  const value = (text ?? '').trim().replace(/^£/, '').replace(/,/g, '');
  if (value === '') return 0;
  if (!/^\d+$/.test(value) || Number(value) > MAX_POUNDS) {
    problems.push({ field, message: `${what} must be whole pounds from 0 to ${MAX_POUNDS.toLocaleString('en-GB')}, like 5000.` });
    return 0;
  }
  return Number(value);
}

function budgetOf(values: BudgetFormValues, problems: FieldProblem[]): PerSource {
  const names = { council: 'The council budget', rtp: 'The RTP budget', external: 'The external budget' } as const;
  return Object.fromEntries(FUNDING_SOURCES.map((s) => [s, wholePounds(s, values[s], problems, names[s])])) as PerSource;
}

export function parseBudgetForm(values: BudgetFormValues): { ok: true; budget: PerSource } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const budget = budgetOf(values, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, budget };
}

/**
 * A round draft from the form, or every problem found. Dates must be real days; the round may not
 * open more than a year before today (a typo in the year) nor close more than two years ahead.
 */
export function parseRoundForm(values: RoundFormValues, today: string): { ok: true; draft: RoundDraft } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = (values.name ?? '').trim();
  if (name === '') problems.push({ field: 'name', message: 'Give the round a name.' });
  else if (name.length > 200) problems.push({ field: 'name', message: 'The name is too long (200 characters at most).' });
  const dates = {} as Record<keyof typeof DATE_LABELS, string>;
  for (const field of Object.keys(DATE_LABELS) as (keyof typeof DATE_LABELS)[]) {
    const text = (values[field] ?? '').trim();
    const day = parseCalendarDate(text);
    if (!day) problems.push({ field, message: text === '' ? `Enter the ${DATE_LABELS[field]}.` : `The ${DATE_LABELS[field]} must be a real date, like ${today}.` });
    dates[field] = day ?? '';
  }
  if (dates.opensOn && dates.opensOn < addDays(today, -365)) problems.push({ field: 'opensOn', message: 'The round cannot open more than a year ago: check the year.' });
  if (dates.closesOn && dates.closesOn > addMonths(today, 24)) problems.push({ field: 'closesOn', message: 'The round cannot close more than two years from today: check the year.' });
  if (dates.programmeEndsOn && dates.programmeEndsOn > addMonths(today, 120)) problems.push({ field: 'programmeEndsOn', message: 'The programme cannot end more than ten years from today: check the year.' });
  const maxAwardText = (values.maxAward ?? '').trim();
  const maxAward = maxAwardText === '' ? 0 : wholePounds('maxAward', maxAwardText, problems, 'The largest award');
  const criteriaText = (values.criteria ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = criteriaText.filter((c) => !(THEME_IDS as readonly string[]).includes(c));
  if (unknown.length > 0) problems.push({ field: 'criteria', message: 'Choose themes from the list.' });
  const criteria = [...new Set(criteriaText.filter((c): c is ThemeId => (THEME_IDS as readonly string[]).includes(c)))];
  const budget = budgetOf(values, problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, draft: { name, opensOn: dates.opensOn, closesOn: dates.closesOn, programmeEndsOn: dates.programmeEndsOn, maxAward, criteria, budget } };
}
