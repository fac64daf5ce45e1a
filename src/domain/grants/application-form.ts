// The grant application form, defined once: its questions, their labels and limits, and how an
// answer is read. The public web pages render from it and parse with it; an officer entering an
// application from chat goes through the same parser, and so does the domain service.
import { THEME_IDS, type ThemeId } from '../theme-ids.ts';
import type { FieldProblem } from '../errors.ts';
import { GROUP_TYPES, type GrantApplication, type GrantRound } from './grant-records.ts';

export type RawAnswers = Record<string, string | string[] | undefined>;

/** The eligibility questions asked before the form; every answer must be "yes". */
export const ELIGIBILITY_QUESTIONS = [
  { name: 'inRotherham', question: 'Is your group based in Rotherham, or does it work for people who live in Rotherham?', no: 'The fund is for groups working in Rotherham.' },
  { name: 'notForProfit', question: 'Is your group not-for-profit?', no: 'The fund can only give grants to not-for-profit groups.' },
  { name: 'bankAccount', question: "Does your group have a bank account in the group's name that needs two unrelated people to sign?", no: 'Grants are paid to a group bank account with two unrelated signatories. Do not send us bank details: the council asks for them separately if you are awarded a grant.' },
  { name: 'withinYear', question: 'Will the project be finished within 12 months of an award?', no: 'Projects must be finished within 12 months.' },
] as const;
export type EligibilityName = (typeof ELIGIBILITY_QUESTIONS)[number]['name'];

export const GROUP_TYPE_LABELS: Record<(typeof GROUP_TYPES)[number], string> = {
  'constituted-group': 'Constituted community group',
  charity: 'Registered charity',
  cic: 'Community interest company',
  'faith-group': 'Faith group',
  'school-or-pta': 'School or parent-teacher association',
  other: 'Other not-for-profit group',
};

export const THEME_LABELS: Record<ThemeId, string> = {
  coordination: 'Coordination and overarching activity',
  'civic-pride': 'A strong civic community and pride of place',
  'bringing-together': 'Bringing people together',
  'rights-responsibilities': 'Our rights and responsibilities towards each other',
  opportunity: 'Expanding opportunity and economic security',
};

/** Every text field: its label, hint and longest answer. The field names are the form's and the HTML ids. */
export const TEXT_FIELDS = {
  groupName: { label: 'Name of your group', max: 200, missing: 'Enter the name of your group' },
  groupPostcode: { label: "Your group's postcode (optional)", hint: 'For example, S60 1AE', max: 10, missing: undefined },
  contactName: { label: 'Full name', max: 120, missing: 'Enter your full name' },
  contactEmail: { label: 'Email address', hint: 'We will only use this to contact you about this application', max: 254, missing: 'Enter your email address' },
  contactPhone: { label: 'Phone number (optional)', max: 30, missing: undefined },
  projectTitle: { label: 'Project name', max: 120, missing: 'Enter the name of the project' },
  projectDescription: { label: 'What will the project do?', hint: 'Say what you will do, where, when and who it is for', max: 3000, missing: 'Say what the project will do' },
  difference: { label: 'What difference will it make?', hint: 'Say how it will bring people together or make your community stronger', max: 2000, missing: 'Say what difference the project will make' },
} as const;
export type TextFieldName = keyof typeof TEXT_FIELDS;

/** The order the questions appear in, so the error summary lists problems as the page shows them. */
export const FORM_ORDER = ['groupName', 'groupType', 'groupPostcode', 'contactName', 'contactEmail', 'contactPhone', 'projectTitle', 'projectDescription', 'difference', 'wards', 'themes', 'amount'];

export interface ApplicationDraft {
  group: GrantApplication['group'];
  contact: GrantApplication['contact'];
  project: GrantApplication['project'];
  wards: string[];
  themes: ThemeId[];
  amount: number;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;
const PHONE = /^[+\d][\d ()-]{8,20}$/;

const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).replace(/\r\n?/g, '\n').trim();
const many = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]);

/** Reads the eligibility answers: undefined when all are yes, else what is missing or why not. */
export function parseEligibility(raw: RawAnswers): { eligible: true } | { eligible: false; problems: FieldProblem[]; reasons: string[] } {
  const problems: FieldProblem[] = [];
  const reasons: string[] = [];
  for (const q of ELIGIBILITY_QUESTIONS) {
    const answer = one(raw[q.name]);
    if (answer !== 'yes' && answer !== 'no') problems.push({ field: q.name, message: `Select yes or no: ${q.question.charAt(0).toLowerCase()}${q.question.slice(1)}` });
    else if (answer === 'no') reasons.push(q.no);
  }
  if (problems.length > 0 || reasons.length > 0) return { eligible: false, problems, reasons };
  return { eligible: true };
}

/**
 * Reads a whole application against the round it is for (the amount's limit and the themes it
 * scores). `wardIds` are the wards a group may name. Returns every problem at once, in form order.
 */
export function parseApplication(raw: RawAnswers, round: Pick<GrantRound, 'maxAward' | 'criteria'>, wardIds: ReadonlySet<string>): { ok: true; draft: ApplicationDraft } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = {} as Record<TextFieldName, string>;
  for (const [name, field] of Object.entries(TEXT_FIELDS) as [TextFieldName, (typeof TEXT_FIELDS)[TextFieldName]][]) {
    const value = one(raw[name]);
    text[name] = value;
    if (field.missing && value === '') problems.push({ field: name, message: field.missing });
    else if (value.length > field.max) problems.push({ field: name, message: `${field.label.replace(/ \(optional\)$/, '')} must be ${field.max.toLocaleString('en-GB')} characters or fewer` });
  }
  if (text.contactEmail && text.contactEmail.length <= TEXT_FIELDS.contactEmail.max && !EMAIL.test(text.contactEmail)) problems.push({ field: 'contactEmail', message: 'Enter an email address in the correct format, like name@example.com' });
  if (text.groupPostcode && text.groupPostcode.length <= TEXT_FIELDS.groupPostcode.max && !POSTCODE.test(text.groupPostcode)) problems.push({ field: 'groupPostcode', message: 'Enter a real postcode, like S60 1AE' });
  if (text.contactPhone && text.contactPhone.length <= TEXT_FIELDS.contactPhone.max && !PHONE.test(text.contactPhone)) problems.push({ field: 'contactPhone', message: 'Enter a phone number, like 01709 123456 or +44 7700 900982' });

  const groupType = one(raw.groupType);
  if (!(GROUP_TYPES as readonly string[]).includes(groupType)) problems.push({ field: 'groupType', message: 'Select the kind of group you are' });

  const wards = [...new Set(many(raw.wards))];
  if (wards.length === 0) problems.push({ field: 'wards', message: 'Select at least one ward where the project will happen' });
  else if (wards.some((w) => !wardIds.has(w))) problems.push({ field: 'wards', message: 'Select wards from the list' });

  const themes = [...new Set(many(raw.themes))];
  if (themes.length === 0) problems.push({ field: 'themes', message: 'Select at least one theme your project is about' });
  else if (themes.some((t) => !(round.criteria as readonly string[]).includes(t))) problems.push({ field: 'themes', message: 'Select themes from the list' });

  const amountText = one(raw.amount).replace(/^£/, '').replace(/,/g, '');
  const amount = /^\d{1,7}$/.test(amountText) ? Number(amountText) : Number.NaN;
  if (amountText === '') problems.push({ field: 'amount', message: 'Enter how much you are asking for' });
  else if (!Number.isInteger(amount)) problems.push({ field: 'amount', message: 'Enter the amount in whole pounds, like 750' });
  else if (amount < 1 || amount > round.maxAward) problems.push({ field: 'amount', message: `The amount must be between £1 and £${round.maxAward.toLocaleString('en-GB')}` });

  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => FORM_ORDER.indexOf(a.field) - FORM_ORDER.indexOf(b.field)) };
  const optional = <K extends string>(key: K, value: string) => (value ? { [key]: value } : {}) as Partial<Record<K, string>>;
  return {
    ok: true,
    draft: {
      group: { name: text.groupName, type: groupType as ApplicationDraft['group']['type'], ...optional('postcode', text.groupPostcode.toUpperCase()) },
      contact: { name: text.contactName, email: text.contactEmail, ...optional('phone', text.contactPhone) },
      project: { title: text.projectTitle, description: text.projectDescription, difference: text.difference },
      wards,
      themes: themes as ThemeId[],
      amount,
    },
  };
}

export const ALL_THEMES: readonly ThemeId[] = THEME_IDS;
