// The GOV.UK Design System components the pages use, as server-rendered markup (the same markup
// govuk-frontend's Nunjucks macros produce): error summary, inputs, radios, checkboxes, summary
// list, button, panel. Each field shows its own error beside it and is linked from the summary.
import type { FieldProblem } from '../domain/errors.ts';
import { html, type Html } from './html.ts';

export type Errors = readonly FieldProblem[];

const errorOf = (errors: Errors, field: string) => errors.find((e) => e.field === field)?.message;

export function errorSummary(errors: Errors, firstInput: (field: string) => string = (f) => f): Html {
  if (errors.length === 0) return html``;
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2><div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">${errors.map((e) => html`<li><a href="#${firstInput(e.field)}">${e.message}</a></li>`)}</ul></div></div></div>`;
}

function errorMessage(id: string, message: string | undefined): Html {
  return message ? html`<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${message}</p>` : html``;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export interface TextFieldOptions {
  name: string;
  label: string;
  hint?: string;
  value: string;
  errors: Errors;
  type?: 'text' | 'email' | 'tel';
  autocomplete?: string;
  spellcheck?: boolean;
  widthClass?: string;
  inputmode?: 'numeric';
  prefix?: string;
  /** A page's one question: the label is the heading. */
  isPageHeading?: boolean;
}

export function textInput(o: TextFieldOptions): Html {
  const error = errorOf(o.errors, o.name);
  const aria = describedBy(o.name, o.hint, error);
  const input = html`<input class="govuk-input${o.widthClass ? ` ${o.widthClass}` : ''}${error ? ' govuk-input--error' : ''}" id="${o.name}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value}"${aria ? html` aria-describedby="${aria}"` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.spellcheck === false ? html` spellcheck="false"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}>`;
  return html`<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}"><label class="govuk-label govuk-label--s" for="${o.name}">${o.label}</label>${o.hint ? html`<div id="${o.name}-hint" class="govuk-hint">${o.hint}</div>` : ''}${errorMessage(o.name, error)}${o.prefix ? html`<div class="govuk-input__wrapper"><div class="govuk-input__prefix" aria-hidden="true">${o.prefix}</div>${input}</div>` : input}</div>`;
}

export function textarea(o: { name: string; label: string; hint?: string; value: string; errors: Errors; rows?: number }): Html {
  const error = errorOf(o.errors, o.name);
  const aria = describedBy(o.name, o.hint, error);
  return html`<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}"><label class="govuk-label govuk-label--s" for="${o.name}">${o.label}</label>${o.hint ? html`<div id="${o.name}-hint" class="govuk-hint">${o.hint}</div>` : ''}${errorMessage(o.name, error)}<textarea class="govuk-textarea${error ? ' govuk-textarea--error' : ''}" id="${o.name}" name="${o.name}" rows="${o.rows ?? 5}"${aria ? html` aria-describedby="${aria}"` : ''}>${o.value}</textarea></div>`;
}

export interface Choice {
  value: string;
  text: string;
}

/** Radios or checkboxes in a fieldset; the first option's id is the field name (the error summary links to it). */
export function choices(o: { kind: 'radios' | 'checkboxes'; name: string; legend: string; hint?: string; items: readonly Choice[]; selected: readonly string[]; errors: Errors; inline?: boolean; small?: boolean }): Html {
  const error = errorOf(o.errors, o.name);
  const aria = describedBy(o.name, o.hint, error);
  const kind = o.kind === 'radios' ? 'radios' : 'checkboxes';
  const type = o.kind === 'radios' ? 'radio' : 'checkbox';
  const items = o.items.map((item, i) => {
    const id = i === 0 ? o.name : `${o.name}-${i + 1}`;
    return html`<div class="govuk-${kind}__item"><input class="govuk-${kind}__input" id="${id}" name="${o.name}" type="${type}" value="${item.value}"${o.selected.includes(item.value) ? html` checked` : ''}><label class="govuk-label govuk-${kind}__label" for="${id}">${item.text}</label></div>`;
  });
  return html`<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}"><fieldset class="govuk-fieldset"${aria ? html` aria-describedby="${aria}"` : ''}><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${o.legend}</legend>${o.hint ? html`<div id="${o.name}-hint" class="govuk-hint">${o.hint}</div>` : ''}${errorMessage(o.name, error)}<div class="govuk-${kind}${o.inline ? ` govuk-${kind}--inline` : ''}${o.small ? ` govuk-${kind}--small` : ''}" data-module="govuk-${kind}">${items}</div></fieldset></div>`;
}

export function summaryList(rows: readonly { key: string; value: Html | string }[]): Html {
  return html`<dl class="govuk-summary-list">${rows.map((r) => html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${r.key}</dt><dd class="govuk-summary-list__value">${r.value}</dd></div>`)}</dl>`;
}

export function button(text: string, options: { secondary?: boolean; name?: string; value?: string } = {}): Html {
  return html`<button type="submit" class="govuk-button${options.secondary ? ' govuk-button--secondary' : ''}" data-module="govuk-button"${options.name ? html` name="${options.name}" value="${options.value ?? ''}"` : ''}>${text}</button>`;
}

export function hiddenFields(fields: Record<string, string | readonly string[]>): Html {
  return html`${Object.entries(fields).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v: string) => html`<input type="hidden" name="${name}" value="${v}">`))}`;
}
