// The card's own input rules applied to submitted values (isRequired with its errorMessage,
// maxLength, regex, number/date/time min and max, choices), keyed by input id, which is the
// input's block_id in the modal: the adapter answers `{ response_action: 'errors', errors }` with
// it and Slack shows each message under its field.
import type { AdaptiveCard } from '../../../cards/render-card.ts';
import { cardInputs, type CardInput } from './card-elements.ts';
import { inputLabel, selectedValues } from './render-inputs.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function validateSubmission(card: AdaptiveCard, data: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const input of cardInputs(card.body)) {
    const problem = check(input, asText(data[input.id]));
    if (problem) errors[input.id] = input.errorMessage?.trim() || problem;
  }
  return errors;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asText).join(',');
  return '';
}

/** What is wrong with `value` for this input, in words, or undefined. */
function check(input: CardInput, value: string): string | undefined {
  const label = inputLabel(input);
  const empty = input.type === 'Input.Toggle' ? value !== (input.valueOn ?? 'true') : value.trim() === '';
  if (input.isRequired && empty) return `${label} is required.`;
  if (value.trim() === '') return undefined;
  switch (input.type) {
    case 'Input.Text':
      if (input.maxLength && value.length > input.maxLength) return `${label} is too long (${input.maxLength} characters at most).`;
      if (input.regex && !matches(input.regex, value)) return `${label} is not in the expected format.`;
      return undefined;
    case 'Input.Number': {
      const n = Number(value);
      if (!Number.isFinite(n)) return `${label} must be a number.`;
      if (input.min !== undefined && n < input.min) return `${label} must be at least ${input.min}.`;
      if (input.max !== undefined && n > input.max) return `${label} must be at most ${input.max}.`;
      return undefined;
    }
    case 'Input.Date':
    case 'Input.Time': {
      const format = input.type === 'Input.Date' ? DAY : TIME;
      if (!format.test(value)) return `${label} must be a ${input.type === 'Input.Date' ? 'date (YYYY-MM-DD)' : 'time (HH:mm)'}.`;
      // Fixed-width ISO dates and 24-hour times order correctly as strings.
      if (input.min && value < input.min) return `${label} must be ${input.min} or later.`;
      if (input.max && value > input.max) return `${label} must be ${input.max} or earlier.`;
      return undefined;
    }
    case 'Input.ChoiceSet': {
      const allowed = new Set(input.choices.map((choice) => choice.value));
      const chosen = selectedValues(value, input.isMultiSelect === true);
      return chosen.every((v) => allowed.has(v)) ? undefined : `${label}: choose from the list.`;
    }
    case 'Input.Toggle':
      return undefined;
  }
}

/** As the Adaptive Cards renderer does (`new RegExp(regex).test(value)`: anchored only if the pattern says so). */
function matches(pattern: string, value: string): boolean {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return true; // An invalid pattern in the card cannot be met; the person is not blamed for it.
  }
  return regex.test(value);
}
