// The application journey's pages: start, eligibility, not eligible, the application form, check
// your answers and the confirmation. Views only: they take what to show and return HTML; the
// routes decide which to show. Answers travel between pages in the form itself (hidden fields),
// so nothing is saved until the applicant sends the checked application.
import { ELIGIBILITY_QUESTIONS, GROUP_TYPE_LABELS, TEXT_FIELDS, THEME_LABELS, type RawAnswers } from '../domain/grants/application-form.ts';
import { GROUP_TYPES, type GrantRound } from '../domain/grants/grant-records.ts';
import type { Area } from '../domain/areas.ts';
import { button, choices, errorSummary, hiddenFields, summaryList, textarea, textInput, type Errors } from './components.ts';
import { html, type Html } from './html.ts';
import { page } from './layout.ts';
import { dayInWords, pounds } from './words.ts';

const one = (raw: RawAnswers, name: string): string => {
  const v = raw[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
const many = (raw: RawAnswers, name: string): string[] => {
  const v = raw[name];
  return Array.isArray(v) ? v : v ? [v] : [];
};

/** Every answer given so far, as hidden fields for the next page. */
export function carried(raw: RawAnswers, names: readonly string[]): Html {
  return hiddenFields(Object.fromEntries(names.filter((n) => raw[n] !== undefined).map((n) => [n, raw[n] as string | string[]])));
}

export const ELIGIBILITY_NAMES = ELIGIBILITY_QUESTIONS.map((q) => q.name);
export const APPLICATION_NAMES = [...Object.keys(TEXT_FIELDS), 'groupType', 'wards', 'themes', 'amount'];

const csrf = (token: string) => html`<input type="hidden" name="csrf" value="${token}">`;
/** A spam trap: hidden from people (and from assistive technology); bots fill it in. */
const honeypot = html`<div hidden><label for="website">Leave this empty</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>`;

export function startPage(round: GrantRound | undefined): Html {
  if (!round) {
    return page({ title: 'The fund is not open' }, html`<h1 class="govuk-heading-l">Building Stronger Communities small grants</h1><p class="govuk-body">The fund is not taking applications at the moment. Rounds are announced by Rotherham's Stronger Communities Forum.</p>`);
  }
  return page(
    { title: 'Apply for a small grant', demo: round.demo },
    html`<h1 class="govuk-heading-l">Apply for a Building Stronger Communities small grant</h1>
<p class="govuk-body">Community groups in Rotherham can apply for up to ${pounds(round.maxAward)} for a project that brings people together or makes their community stronger.</p>
<p class="govuk-body">This round (${round.name}) is open from ${dayInWords(round.opensOn)} until ${dayInWords(round.closesOn)}.</p>
<h2 class="govuk-heading-m">Before you start</h2>
<p class="govuk-body">You will need:</p>
<ul class="govuk-list govuk-list--bullet"><li>your group's name and the kind of group it is</li><li>a contact name and email address</li><li>what the project will do, where, and what difference it will make</li><li>how much you are asking for</li></ul>
<p class="govuk-body">It takes about 20 minutes. Do not send bank details: we never ask for them here.</p>
<p class="govuk-body">Read the <a class="govuk-link" href="/grants/privacy">privacy notice</a> to see how we use your details.</p>
<a href="/grants/apply" role="button" draggable="false" class="govuk-button govuk-button--start" data-module="govuk-button">Start now<svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false"><path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"/></svg></a>`,
  );
}

export function eligibilityPage(round: GrantRound, raw: RawAnswers, errors: Errors, csrfToken: string): Html {
  return page(
    { title: 'Check your group can apply', demo: round.demo, hasErrors: errors.length > 0, backLink: '/grants' },
    html`${errorSummary(errors)}<h1 class="govuk-heading-l">Check your group can apply</h1>
<form method="post" action="/grants/apply/eligibility" novalidate>${csrf(csrfToken)}
${ELIGIBILITY_QUESTIONS.map((q) => choices({ kind: 'radios', name: q.name, legend: q.question, items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }], selected: [one(raw, q.name)], errors, inline: true }))}
${button('Continue')}</form>`,
  );
}

export function notEligiblePage(round: GrantRound, reasons: readonly string[]): Html {
  return page(
    { title: 'Your group cannot apply', demo: round.demo, backLink: '/grants/apply' },
    html`<h1 class="govuk-heading-l">Your group cannot apply to this fund</h1>${reasons.map((r) => html`<p class="govuk-body">${r}</p>`)}<p class="govuk-body">If you think this is wrong, <a class="govuk-link" href="/grants/apply">check your answers again</a>.</p>`,
  );
}

export function applicationPage(round: GrantRound, wards: readonly Area[], raw: RawAnswers, errors: Errors, csrfToken: string): Html {
  const text = (name: keyof typeof TEXT_FIELDS, extra: Partial<Parameters<typeof textInput>[0]> = {}) => {
    const f = TEXT_FIELDS[name];
    return textInput({ name, label: f.label, ...('hint' in f ? { hint: f.hint } : {}), value: one(raw, name), errors, ...extra });
  };
  const long = (name: 'projectDescription' | 'difference') => textarea({ name, label: TEXT_FIELDS[name].label, hint: `${TEXT_FIELDS[name].hint}. Up to ${TEXT_FIELDS[name].max.toLocaleString('en-GB')} characters.`, value: one(raw, name), errors, rows: 6 });
  return page(
    { title: 'Your application', demo: round.demo, hasErrors: errors.length > 0 },
    html`${errorSummary(errors)}<h1 class="govuk-heading-l">Your application</h1>
<form method="post" action="/grants/apply/details" novalidate>${csrf(csrfToken)}${carried(raw, ELIGIBILITY_NAMES)}${honeypot}
<h2 class="govuk-heading-m">Your group</h2>
${text('groupName', { autocomplete: 'organization' })}
${choices({ kind: 'radios', name: 'groupType', legend: 'What kind of group are you?', items: GROUP_TYPES.map((t) => ({ value: t, text: GROUP_TYPE_LABELS[t] })), selected: [one(raw, 'groupType')], errors })}
${text('groupPostcode', { autocomplete: 'postal-code', widthClass: 'govuk-input--width-10' })}
<h2 class="govuk-heading-m">Who we should contact</h2>
${text('contactName', { autocomplete: 'name', spellcheck: false })}
${text('contactEmail', { type: 'email', autocomplete: 'email', spellcheck: false })}
${text('contactPhone', { type: 'tel', autocomplete: 'tel', widthClass: 'govuk-input--width-20' })}
<h2 class="govuk-heading-m">Your project</h2>
${text('projectTitle')}
${long('projectDescription')}
${long('difference')}
${choices({ kind: 'checkboxes', name: 'wards', legend: 'Which wards will the project take place in?', hint: 'Select all that apply', items: wards.map((w) => ({ value: w.id, text: w.name })), selected: many(raw, 'wards'), errors, small: true })}
${choices({ kind: 'checkboxes', name: 'themes', legend: 'Which themes of the Building Stronger Communities strategy is it about?', hint: 'Select all that apply', items: round.criteria.map((t) => ({ value: t, text: THEME_LABELS[t] })), selected: many(raw, 'themes'), errors })}
${textInput({ name: 'amount', label: 'How much are you asking for?', hint: `In whole pounds, up to ${pounds(round.maxAward)}`, value: one(raw, 'amount'), errors, prefix: '£', inputmode: 'numeric', widthClass: 'govuk-input--width-5', spellcheck: false })}
${button('Continue')}</form>`,
  );
}

export function checkPage(round: GrantRound, wards: readonly Area[], raw: RawAnswers, csrfToken: string, submissionId: string): Html {
  const wardNames = many(raw, 'wards').map((id) => wards.find((w) => w.id === id)?.name ?? id);
  const themeNames = many(raw, 'themes').map((t) => THEME_LABELS[t as keyof typeof THEME_LABELS] ?? t);
  const opt = (name: string) => one(raw, name) || 'Not given';
  return page(
    { title: 'Check your answers before sending your application', demo: round.demo },
    html`<h1 class="govuk-heading-l">Check your answers before sending your application</h1>
<h2 class="govuk-heading-m">Your group</h2>
${summaryList([{ key: 'Name', value: one(raw, 'groupName') }, { key: 'Kind of group', value: GROUP_TYPE_LABELS[one(raw, 'groupType') as keyof typeof GROUP_TYPE_LABELS] ?? '' }, { key: 'Postcode', value: opt('groupPostcode') }])}
<h2 class="govuk-heading-m">Contact</h2>
${summaryList([{ key: 'Name', value: one(raw, 'contactName') }, { key: 'Email', value: one(raw, 'contactEmail') }, { key: 'Phone', value: opt('contactPhone') }])}
<h2 class="govuk-heading-m">Project</h2>
${summaryList([
  { key: 'Project name', value: one(raw, 'projectTitle') },
  { key: 'What it will do', value: one(raw, 'projectDescription') },
  { key: 'What difference it will make', value: one(raw, 'difference') },
  { key: 'Wards', value: wardNames.join(', ') },
  { key: 'Themes', value: themeNames.join(', ') },
  { key: 'Amount', value: `£${one(raw, 'amount').replace(/^£/, '')}` },
])}
<form method="post" action="/grants/apply/details" novalidate>${csrf(csrfToken)}${carried(raw, [...ELIGIBILITY_NAMES, ...APPLICATION_NAMES])}<input type="hidden" name="change" value="yes">${button('Change your answers', { secondary: true })}</form>
<h2 class="govuk-heading-m">Now send your application</h2>
<p class="govuk-body">By sending this application you confirm that, to the best of your knowledge, the details you are providing are correct.</p>
<form method="post" action="/grants/apply/submit" novalidate>${csrf(csrfToken)}${carried(raw, [...ELIGIBILITY_NAMES, ...APPLICATION_NAMES])}<input type="hidden" name="submission" value="${submissionId}">${honeypot}${button('Accept and send')}</form>`,
  );
}

export function confirmationPage(round: GrantRound, reference: string, statusUrl: string | undefined, repeated: boolean): Html {
  return page(
    { title: 'Application sent', demo: round.demo },
    html`<div class="govuk-panel govuk-panel--confirmation"><h1 class="govuk-panel__title">Application sent</h1><div class="govuk-panel__body">Your reference number<br><strong>${reference}</strong></div></div>
${repeated ? html`<p class="govuk-body">You had already sent this application: it was not sent twice.</p>` : ''}
${statusUrl
  ? html`<h2 class="govuk-heading-m">Your private link</h2><p class="govuk-body">Keep this link safe. It is the only way to see your application's progress and to send your monitoring returns if you get a grant. Anyone with the link can see your application, so do not share it.</p><p class="govuk-body"><a class="govuk-link" href="${statusUrl}">${statusUrl}</a></p><p class="govuk-body">It works until ${dayInWords(round.programmeEndsOn)}. If you lose it, contact the forum coordinator with your reference number and they will send you a new one.</p>`
  : html`<p class="govuk-body">A coordinator has since sent your group a new private link; use that one.</p>`}
<h2 class="govuk-heading-m">What happens next</h2><p class="govuk-body">The forum's grants panel will look at your application after the round closes on ${dayInWords(round.closesOn)}. We will tell you the decision on your private link.</p>`,
  );
}

export function problemPage(title: string, message: string, options: { demo?: boolean } = {}): Html {
  return page({ title, ...options }, html`<h1 class="govuk-heading-l">${title}</h1><p class="govuk-body">${message}</p><p class="govuk-body"><a class="govuk-link" href="/grants">Go to the start of the service</a></p>`);
}
