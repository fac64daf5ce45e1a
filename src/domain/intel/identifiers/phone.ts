// UK phone numbers: mobiles and landlines, with +44, 0044 or 0, spaces, hyphens or brackets, and
// straight after a label ("tel:0114 496 0000", "Mob:07700 900111").
import { matches, type Match } from './match.ts';

// A candidate is an international or trunk prefix, then digit groups separated by one space or
// hyphen. It may follow a letter and a colon or full stop (a label), but not a digit and one
// (a time such as 10:05, a decimal, a range such as 12-0114...); and a slash only between two
// numbers ("07700 900123/07700 900124"), never in a link.
const PREFIX = String.raw`(?:\(?(?:\+|00)\s?44\)?[\s-]?(?:\(0\)[\s-]?)?|\(0|0)`;
const PHONE_CANDIDATE = new RegExp(String.raw`(?<![\w+])(?<!\d[.:-])(?<![^\d\s]/)${PREFIX}\d[\d)]*(?:[ -]\(?\d[\d)]*)*`, 'g');
const LEADING_PREFIX = new RegExp(`^${PREFIX}`);

// National helplines a report may signpost: they name no one. (National numbers, without the
// leading 0.)
const PUBLIC_LINES = new Set([
  '800555111', // Crimestoppers, 0800 555 111
  '800789321', // Anti-Terrorist Hotline, 0800 789 321
  '8001381625', // Stop Hate UK, 0800 138 1625
  '8081689111', // Victim Support, 0808 168 9111
  '8082000247', // National Domestic Abuse Helpline, 0808 2000 247
  '8088005000', // NSPCC, 0808 800 5000
  '8000121700', // Modern Slavery Helpline, 08000 121 700
  '3001232040', // Action Fraud, 0300 123 2040
]);

// The groups are read one at a time until the national number has 10 digits (9 for 0800
// numbers), so "07700 900123 and 12 people" yields the phone number and leaves the 12 alone.
function phoneAt(candidate: string): string | undefined {
  const prefix = LEADING_PREFIX.exec(candidate)?.[0] ?? '';
  const international = /^\(?(?:\+|00)/.test(prefix);
  let nationalDigits = '';
  let end = 0;
  for (const group of candidate.slice(prefix.length).split(/(?=[ -])/)) {
    nationalDigits += group.replace(/\D/g, '');
    end += group.length;
    if (international && nationalDigits.startsWith('0')) nationalDigits = nationalDigits.slice(1);
    if (isNationalNumber(nationalDigits)) {
      return PUBLIC_LINES.has(nationalDigits) ? undefined : candidate.slice(0, prefix.length + end).replace(/[\s-]+$/, '');
    }
    if (nationalDigits.length >= 10) return undefined;
  }
  return undefined;
}

function isNationalNumber(digits: string): boolean {
  if (digits.length === 10) return /^[1-3579]/.test(digits) || /^8[04]/.test(digits);
  return digits.length === 9 && digits.startsWith('800');
}

export function findPhoneNumbers(text: string): Match[] {
  const found: Match[] = [];
  for (const m of matches(PHONE_CANDIDATE, text)) {
    const phone = phoneAt(m[0]);
    if (phone) found.push({ index: m.index, text: phone });
  }
  return found;
}
