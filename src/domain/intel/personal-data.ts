// The personal-data check: likely identifiers in a report's free text (email addresses, UK phone
// numbers, full postcodes, number plates, National Insurance numbers, dates of birth). The reporter
// is shown what was found and asked to remove it or confirm it is needed. A false alarm teaches
// people to click past the warning, so every pattern is narrow: a full postcode of a real UK
// postcode area, a phone number with the right number of digits, a date only next to "born"/"DOB".

export const IDENTIFIER_KINDS = ['email', 'phone', 'postcode', 'vehicle-registration', 'ni-number', 'date-of-birth'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface IdentifierFinding {
  kind: IdentifierKind;
  /** The text as found, for showing to the reporter. */
  text: string;
  /** Where it starts in the checked text (UTF-16 index). */
  index: number;
}

export const IDENTIFIER_LABELS: Record<IdentifierKind, string> = {
  email: 'an email address',
  phone: 'a phone number',
  postcode: 'a postcode',
  'vehicle-registration': 'a vehicle registration',
  'ni-number': 'a National Insurance number',
  'date-of-birth': 'a date of birth',
};

// --- email ------------------------------------------------------------------------------------

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// --- phone --------------------------------------------------------------------------------------

// A candidate is +44 or a leading 0 followed by digit groups separated by one space or hyphen.
// The groups are then read one at a time until the national number has 10 digits (9 for 0800
// numbers), so "07700 900123 and 12 people" yields the phone number and leaves the 12 alone.
const PHONE_CANDIDATE = /(?<![\w+/.:-])(?:\+\s?44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)\d[\d)]*(?:[ -]\(?\d[\d)]*)*/g;

function phoneAt(candidate: string): string | undefined {
  const international = candidate.startsWith('+');
  let nationalDigits = '';
  let end = 0;
  // Skip the prefix: "+44", "+44 (0)", "(0" or "0".
  const prefix = /^(?:\+\s?44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)/.exec(candidate)?.[0] ?? '';
  const rest = candidate.slice(prefix.length);
  const groups = rest.split(/(?=[ -])/);
  for (const group of groups) {
    nationalDigits += group.replace(/\D/g, '');
    end += group.length;
    if (international && nationalDigits.startsWith('0')) nationalDigits = nationalDigits.slice(1);
    if (isNationalNumber(nationalDigits)) return candidate.slice(0, prefix.length + end).replace(/[\s-]+$/, '');
    if (nationalDigits.length >= 10) return undefined;
  }
  return undefined;
}

function isNationalNumber(digits: string): boolean {
  if (digits.length === 10) return /^[1-3579]/.test(digits) || /^8[04]/.test(digits);
  return digits.length === 9 && digits.startsWith('800');
}

// --- postcode -----------------------------------------------------------------------------------

// Every UK postcode area, so that "A1 4TH" or "X12 3AB" are not taken for postcodes.
const POSTCODE_AREAS = new Set(
  ('AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G GL GU GY HA ' +
    'HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR ' +
    'RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE').split(' '),
);
// Outward code (area letters, district) then inward code (a digit and two letters, never C I K M O V).
const POSTCODE = /(?<![A-Za-z0-9])([A-Za-z]{1,2})(\d[A-Za-z\d]?)\s?(\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})(?![A-Za-z0-9])/g;

// --- vehicle registrations ----------------------------------------------------------------------

// Current style (2001 on): two letters, the age identifier (02-29, 51-79), three letters: AB12 CDE
// (or all in lower case: ab12 cde).
const PLATE_CURRENT = /(?<![A-Za-z0-9])[A-HJ-PR-Y][A-HJ-PR-Y](?:0[2-9]|[12]\d|5[1-9]|[67]\d)\s?[A-HJ-PR-Z]{3}(?![A-Za-z0-9])/gi;
// Older styles, capitals only (in lower case they read as words): prefix P123 ABC, suffix ABC 123D.
const PLATE_PREFIX = /(?<![A-Za-z0-9])[A-HJ-NPR-Y]\d{1,3}\s?[A-HJ-PR-Y]{3}(?![A-Za-z0-9])/g;
const PLATE_SUFFIX = /(?<![A-Za-z0-9])[A-HJ-PR-Y]{3}\s?\d{1,3}[A-HJ-NPR-Y](?![A-Za-z0-9])/g;

// --- National Insurance numbers -----------------------------------------------------------------

// Two letters, six digits (in pairs, spaces optional), a final letter A-D: QQ 12 34 56 C.
const NI_NUMBER = /(?<![A-Za-z0-9])[A-Za-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d](?![A-Za-z0-9])/g;

// --- dates of birth -----------------------------------------------------------------------------

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

// --- finding them all ---------------------------------------------------------------------------

function sameCase(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, '');
  return letters === letters.toUpperCase() || letters === letters.toLowerCase();
}

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) yield m;
}

function findAll(text: string): IdentifierFinding[] {
  const found: IdentifierFinding[] = [];
  const add = (kind: IdentifierKind, value: string, index: number) => found.push({ kind, text: value, index });

  for (const m of matches(EMAIL, text)) add('email', m[0], m.index);
  for (const m of matches(NI_NUMBER, text)) {
    if (sameCase(m[0]) && !/^(?:BG|GB|NK|KN|TN|NT|ZZ)/i.test(m[0])) add('ni-number', m[0], m.index);
  }
  for (const pattern of [DOB_AFTER_CUE, DOB_BEFORE_CUE]) {
    for (const m of matches(pattern, text)) add('date-of-birth', m[0], m.index);
  }
  for (const m of matches(PHONE_CANDIDATE, text)) {
    const phone = phoneAt(m[0]);
    if (phone) add('phone', phone, m.index);
  }
  for (const m of matches(POSTCODE, text)) {
    const [whole, area = '', district = ''] = m;
    if (POSTCODE_AREAS.has(area.toUpperCase()) && sameCase(whole) && validDistrict(area, district)) add('postcode', whole, m.index);
  }
  for (const pattern of [PLATE_CURRENT, PLATE_PREFIX, PLATE_SUFFIX]) {
    for (const m of matches(pattern, text)) if (sameCase(m[0])) add('vehicle-registration', m[0], m.index);
  }
  return found;
}

// A district is a number, optionally followed by a letter only in a few London-style areas (EC1A,
// W1B); "S60" and "S6" are districts, "S6A" is not a Rotherham-style one but is allowed elsewhere.
function validDistrict(area: string, district: string): boolean {
  if (/^\d\d?$/.test(district)) return true;
  return /^\d[A-Za-z]$/.test(district) && ['EC', 'WC', 'E', 'N', 'NW', 'SE', 'SW', 'W'].includes(area.toUpperCase());
}

// When two findings overlap (a phone number inside an email address), the earlier kind wins.
const PRIORITY: readonly IdentifierKind[] = ['email', 'ni-number', 'date-of-birth', 'phone', 'postcode', 'vehicle-registration'];

/** Likely identifiers in `text`, in the order they appear; none overlap. */
export function findIdentifiers(text: string): IdentifierFinding[] {
  const ranked = findAll(text).sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || a.index - b.index);
  const kept: IdentifierFinding[] = [];
  for (const f of ranked) {
    const end = f.index + f.text.length;
    if (!kept.some((k) => f.index < k.index + k.text.length && k.index < end)) kept.push(f);
  }
  return kept.sort((a, b) => a.index - b.index);
}

/** "an email address and a phone number": the kinds found, each once, for a message to the reporter. */
export function describeFindings(findings: readonly IdentifierFinding[]): string {
  const labels = IDENTIFIER_KINDS.filter((k) => findings.some((f) => f.kind === k)).map((k) => IDENTIFIER_LABELS[k]);
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1) ?? ''}`;
}
