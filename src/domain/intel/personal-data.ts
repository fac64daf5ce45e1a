// The personal-data check: likely identifiers in a report's free text. The reporter is shown what
// was found and asked to remove it or confirm it is needed. A false alarm teaches people to click
// past the warning, so every pattern is narrow; each kind has its own module in ./identifiers/,
// and test/fixtures/identifiers/corpus.json measures them (docs/intelligence.md has the numbers).
// People's names are not looked for: no pattern tells a name from a ward, a street or a mosque
// without a false alarm in most reports.
import { findAddresses } from './identifiers/address.ts';
import { findDatesOfBirth } from './identifiers/date-of-birth.ts';
import { findEmails } from './identifiers/email.ts';
import type { Match } from './identifiers/match.ts';
import { findNiNumbers } from './identifiers/ni-number.ts';
import { findPhoneNumbers } from './identifiers/phone.ts';
import { findPostcodes } from './identifiers/postcode.ts';
import { findSocialMedia } from './identifiers/social-media.ts';
import { findVehicleRegistrations } from './identifiers/vehicle-registration.ts';

// In priority order: when two findings overlap (a phone number inside an email address, a
// postcode inside a profile link), the earlier kind wins.
export const IDENTIFIER_KINDS = ['email', 'social-media', 'ni-number', 'date-of-birth', 'phone', 'postcode', 'vehicle-registration', 'address'] as const;
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
  'social-media': 'a social-media account or link',
  'ni-number': 'a National Insurance number',
  'date-of-birth': 'a date of birth',
  phone: 'a phone number',
  postcode: 'a postcode',
  'vehicle-registration': 'a vehicle registration',
  address: 'a house number and street',
};

const FINDERS: Record<IdentifierKind, (text: string) => Match[]> = {
  email: findEmails,
  'social-media': findSocialMedia,
  'ni-number': findNiNumbers,
  'date-of-birth': findDatesOfBirth,
  phone: findPhoneNumbers,
  postcode: findPostcodes,
  'vehicle-registration': findVehicleRegistrations,
  address: findAddresses,
};

/** Likely identifiers in `text`, in the order they appear; none overlap. */
export function findIdentifiers(text: string): IdentifierFinding[] {
  const kept: IdentifierFinding[] = [];
  for (const kind of IDENTIFIER_KINDS) {
    for (const f of FINDERS[kind](text).sort((a, b) => a.index - b.index)) {
      const end = f.index + f.text.length;
      if (!kept.some((k) => f.index < k.index + k.text.length && k.index < end)) kept.push({ kind, text: f.text, index: f.index });
    }
  }
  return kept.sort((a, b) => a.index - b.index);
}

/** "an email address and a phone number": the kinds found, each once, for a message to the reporter. */
export function describeFindings(findings: readonly IdentifierFinding[]): string {
  const labels = IDENTIFIER_KINDS.filter((k) => findings.some((f) => f.kind === k)).map((k) => IDENTIFIER_LABELS[k]);
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1) ?? ''}`;
}
