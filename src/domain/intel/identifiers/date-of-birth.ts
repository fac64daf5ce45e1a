// Dates of birth: a date only next to "born", "DOB", "d.o.b." or "date of birth"; an incident
// date such as "on 12/03/2025" is not one.
import { matches, type Match } from './match.ts';

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const FULL_DATE =
  String.raw`(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})` + // 12/03/1985, 1.3.85
  String.raw`|\d{4}-\d{2}-\d{2}` + // 1985-03-12
  String.raw`|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS})\.?,?\s+\d{4}` + // 12 March 1985, 12th of Mar 1985
  String.raw`|(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})`; // March 12, 1985
// After "born" a month and year is enough ("born in March 1985"); a bare year is not a date.
const DATE_AFTER_CUE = String.raw`(?:${FULL_DATE}|(?:${MONTHS})\.?\s+\d{4})`;
const CUE = String.raw`\b(?:born|d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s*date|birthday)`;
// A cue, then a date within a few words and no sentence break: "DOB: 12/03/1985", "born on 1 May 1990".
const DOB_AFTER_CUE = new RegExp(String.raw`${CUE}[^.!?\n\d]{0,20}?${DATE_AFTER_CUE}(?![\d/])`, 'gi');
// A date, then the cue: "12/03/1985 (DOB)".
const CUE_AFTER = String.raw`(?:d\.?o\.?b\b\.?|date of birth)`;
const DOB_BEFORE_CUE = new RegExp(String.raw`(?<![\d/])${FULL_DATE}(?:\s*\(\s*${CUE_AFTER}\s*\)|\s*[,-]?\s*${CUE_AFTER})`, 'gi');

export function findDatesOfBirth(text: string): Match[] {
  return [DOB_AFTER_CUE, DOB_BEFORE_CUE].flatMap((pattern) => [...matches(pattern, text)].map((m) => ({ index: m.index, text: m[0] })));
}
