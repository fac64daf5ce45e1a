// The group's private status page: where the application stands, the decision and its reason,
// payments made, and the monitoring return due (with its form). It names no panel member and shows
// no scores. A wrong, replaced or expired link gets the same "not found" page as a missing one.
import type { GrantApplication, GrantDecision, GrantPayment, GrantReturn, GrantRound } from '../domain/grants/grant-records.ts';
import { FUNDING_SOURCE_NAMES } from '../domain/grants/grant-records.ts';
import { totalOf } from '../domain/grants/grant-budget.ts';
import { button, errorSummary, summaryList, textarea, textInput, type Errors } from './components.ts';
import { html, paragraphs, type Html } from './html.ts';
import { page } from './layout.ts';
import { dayInWords, pounds } from './words.ts';

export interface StatusView {
  round: GrantRound;
  application: GrantApplication;
  decision?: GrantDecision;
  payments: readonly GrantPayment[];
  returns: readonly GrantReturn[];
  nextReturn?: GrantReturn;
}

function outcome(view: StatusView): Html {
  const { decision } = view;
  if (!decision) return html`<strong class="govuk-tag govuk-tag--blue">Being considered</strong>`;
  if (decision.outcome === 'decline') return html`<strong class="govuk-tag govuk-tag--red">Not awarded</strong>`;
  return html`<strong class="govuk-tag govuk-tag--green">Awarded ${pounds(totalOf(decision.amounts))}</strong>`;
}

export function statusPage(view: StatusView, csrfToken: string, returnPath: string, raw: Record<string, string> = {}, errors: Errors = [], notice?: string): Html {
  const { application, decision, round } = view;
  return page(
    { title: `Application ${application.id}`, demo: round.demo, hasErrors: errors.length > 0 },
    html`${errorSummary(errors)}${notice ? html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="notice-title" data-module="govuk-notification-banner"><div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="notice-title">Success</h2></div><div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${notice}</p></div></div>` : ''}
<span class="govuk-caption-l">Reference ${application.id}</span><h1 class="govuk-heading-l">${application.project.title}</h1>
${summaryList([
  { key: 'Group', value: application.group.name },
  { key: 'Round', value: round.name },
  { key: 'Sent', value: dayInWords(application.submittedAt.slice(0, 10)) },
  { key: 'Amount asked for', value: pounds(application.amount) },
  { key: 'Status', value: outcome(view) },
])}
${decision ? html`<h2 class="govuk-heading-m">The decision</h2>${paragraphs(decision.reason)}${decision.outcome === 'award' ? html`<p class="govuk-body">The grant is paid by Rotherham Council's finance team to your group's bank account. We never ask for bank details on this page.</p>` : ''}` : ''}
${view.payments.length > 0 ? html`<h2 class="govuk-heading-m">Payments</h2>${summaryList(view.payments.map((p) => ({ key: `Payment ${p.instalment}`, value: `${pounds(p.amount)} on ${dayInWords(p.paidOn)} from ${FUNDING_SOURCE_NAMES[p.source]} (reference ${p.financeReference})` })))}` : ''}
${view.returns.filter((r) => r.received).length > 0 ? html`<h2 class="govuk-heading-m">Monitoring returns sent</h2>${summaryList(view.returns.filter((r) => r.received).map((r) => ({ key: `Due ${dayInWords(r.dueOn)}`, value: `Sent ${dayInWords((r.received?.at ?? '').slice(0, 10))}: ${r.received?.peopleReached ?? 0} people reached, ${pounds(r.received?.moneySpent ?? 0)} spent` })))}` : ''}
${view.nextReturn ? returnForm(view.nextReturn, csrfToken, returnPath, raw, errors) : ''}`,
  );
}

function returnForm(due: GrantReturn, csrfToken: string, action: string, raw: Record<string, string>, errors: Errors): Html {
  return html`<h2 class="govuk-heading-m">Monitoring return due ${dayInWords(due.dueOn)}</h2>
<p class="govuk-body">Tell us how the project is going. This is how the forum reports the use of the grant each year.</p>
<form method="post" action="${action}" novalidate><input type="hidden" name="csrf" value="${csrfToken}">
${textarea({ name: 'whatWasDone', label: 'What has the project done so far?', hint: 'Up to 3,000 characters', value: raw.whatWasDone ?? '', errors })}
${textInput({ name: 'peopleReached', label: 'How many people has it reached?', value: raw.peopleReached ?? '', errors, inputmode: 'numeric', widthClass: 'govuk-input--width-5', spellcheck: false })}
${textInput({ name: 'moneySpent', label: 'How much of the grant has been spent?', hint: 'In whole pounds', value: raw.moneySpent ?? '', errors, prefix: '£', inputmode: 'numeric', widthClass: 'govuk-input--width-5', spellcheck: false })}
${button('Send monitoring return')}</form>`;
}

export function linkNotFoundPage(): Html {
  return page(
    { title: 'This link does not work' },
    html`<h1 class="govuk-heading-l">This link does not work</h1><p class="govuk-body">The link may be wrong, may have been replaced by a newer one, or the grants programme it was for has ended.</p><p class="govuk-body">If you need a new link, contact the forum coordinator and give them your application's reference number.</p>`,
  );
}
