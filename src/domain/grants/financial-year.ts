// UK public-sector financial years: 1 April to 31 March, written "2026-27".
import { ValidationError } from '../errors.ts';

export interface FinancialYear {
  label: string;
  from: string;
  to: string;
}

export function financialYear(startYear: number): FinancialYear {
  return { label: `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`, from: `${startYear}-04-01`, to: `${startYear + 1}-03-31` };
}

/** The financial year a calendar day falls in. */
export function financialYearOf(day: string): FinancialYear {
  const year = Number(day.slice(0, 4));
  return financialYear(day.slice(5) >= '04-01' ? year : year - 1);
}

/** Reads "2026-27" (or "2026/27", "2026-2027"); the second year must follow the first. */
export function parseFinancialYear(text: string): FinancialYear {
  const match = /^(\d{4})[-/](\d{2}|\d{4})$/.exec(text.trim());
  const start = Number(match?.[1]);
  const end = match?.[2];
  if (!match || !end || (end.length === 2 ? Number(end) !== (start + 1) % 100 : Number(end) !== start + 1) || start < 2000 || start > 2100) {
    throw new ValidationError([`"${text}" is not a financial year: write it like 2026-27 (1 April 2026 to 31 March 2027).`]);
  }
  return financialYear(start);
}
