// The words people see for each intelligence field's values. One place, so the form, the detail
// card and the forum summary all say the same thing.
import type { HATE_STRANDS, INFORMATION_CONFIDENCE, INTEL_CATEGORIES, INTEL_STATUSES, PROTECTED_CHARACTERISTICS, SOURCE_RELIABILITY, SOURCE_TYPES, TENSION_TRENDS } from '../../domain/model.ts';

type Labels<T extends readonly string[]> = Record<T[number], string>;

export const CATEGORY_LABELS: Labels<typeof INTEL_CATEGORIES> = {
  'hate-incident': 'Hate incident',
  'protest-or-march': 'Protest or march',
  'extremist-activity': 'Far-right or extremist activity',
  'anti-social-behaviour': 'Anti-social behaviour',
  'rumour-or-misinformation': 'Rumour or misinformation',
  'national-or-international-event': 'National or international event',
  'inter-community-dispute': 'Inter-community dispute',
  'community-building-or-planning': 'Community building or planning',
  'new-arrivals': 'New arrivals',
  'confidence-in-services': 'Confidence in police or services',
  'positive-community-event': 'Positive community event',
  other: 'Other',
};

export const HATE_STRAND_LABELS: Labels<typeof HATE_STRANDS> = {
  race: 'Race',
  'religion-or-belief': 'Religion or belief',
  disability: 'Disability',
  'sexual-orientation': 'Sexual orientation',
  'transgender-identity': 'Transgender identity',
  other: 'Other',
};

export const COMMUNITY_LABELS: Labels<typeof PROTECTED_CHARACTERISTICS> = {
  age: 'Age',
  disability: 'Disability',
  'gender-reassignment': 'Gender reassignment',
  'marriage-and-civil-partnership': 'Marriage and civil partnership',
  'pregnancy-and-maternity': 'Pregnancy and maternity',
  race: 'Race',
  'religion-or-belief': 'Religion or belief',
  sex: 'Sex',
  'sexual-orientation': 'Sexual orientation',
};

export const SOURCE_TYPE_LABELS: Labels<typeof SOURCE_TYPES> = {
  'own-observation': 'My own observation',
  'community-member': 'A community member',
  'partner-agency': 'A partner agency',
  councillor: 'A councillor',
  'social-media': 'Social media',
  media: 'The media',
  'anonymous-third-party': 'An anonymous third party',
};

export const RELIABILITY_LABELS: Labels<typeof SOURCE_RELIABILITY> = {
  reliable: 'Reliable',
  untested: 'Untested',
  'not-reliable': 'Not reliable',
};

export const CONFIDENCE_LABELS: Labels<typeof INFORMATION_CONFIDENCE> = {
  'known-directly': 'Known directly',
  'known-indirectly-corroborated': 'Known indirectly, corroborated',
  'known-indirectly': 'Known indirectly',
  'not-known': 'Not known',
  'suspected-false': 'Suspected to be false',
};

export const TREND_LABELS: Labels<typeof TENSION_TRENDS> = { rising: 'Rising', stable: 'Stable', falling: 'Falling', unknown: 'Unknown' };

export const TENSION_LEVEL_LABELS: Record<1 | 2 | 3 | 4, string> = { 1: '1: Normal', 2: '2: Heightened', 3: '3: High', 4: '4: Critical' };

export const INTEL_STATUS_LABELS: Labels<typeof INTEL_STATUSES> = { new: 'New', reviewed: 'Reviewed', actioned: 'Actioned', closed: 'Closed' };

/** Choices for an Input.ChoiceSet from a label table, in the table's order. */
export function choicesOf<K extends string>(labels: Record<K, string>): { title: string; value: string }[] {
  return Object.entries<string>(labels).map(([value, title]) => ({ title, value }));
}
