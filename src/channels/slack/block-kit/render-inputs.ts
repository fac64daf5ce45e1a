// Adaptive Card inputs as Slack input blocks (modals only). block_id and action_id are the input's
// id, so a submission and its errors map straight back to the card's fields. Initial values and
// options are kept within Slack's limits; what cannot be offered is said in the input's hint.
import type { InputBlock, InputElement, PlainOption, PlainText } from './block-kit-types.ts';
import { SLACK_LIMITS, truncate } from './block-kit-limits.ts';
import type { CardInput, ElementOf } from './card-elements.ts';
import { notePiece, type Piece } from './pieces.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_TEXT = /^https?:\/\/\S+$/i;

/**
 * Inputs that pick a person: an Input.Text with one of these ids (the card's way of asking for
 * someone, shown only where the channel offers a picker) becomes Slack's `users_select`, and its
 * answer is the chosen user's id (read strictly in read-submission.ts).
 */
export const USER_PICKER_INPUTS: ReadonlySet<string> = new Set(['pickedUser']);
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;

/** The value a toggle's single checkbox option carries; the real on/off values travel in private_metadata. */
export const TOGGLE_OPTION_VALUE = 'on';

const plain = (text: string, max: number): PlainText => ({ type: 'plain_text', text: truncate(text, max), emoji: true });
const placeholderOf = (text: string | undefined): { placeholder?: PlainText } => (text?.trim() ? { placeholder: plain(text, SLACK_LIMITS.placeholder) } : {});

export function inputLabel(input: CardInput): string {
  const fromToggle = input.type === 'Input.Toggle' ? input.title : undefined;
  const fromPlaceholder = 'placeholder' in input ? input.placeholder : undefined;
  return input.label?.trim() || fromToggle?.trim() || fromPlaceholder?.trim() || input.id;
}

/** The input as an input block, or a note when Slack cannot offer it. */
export function renderInput(input: CardInput): Piece[] {
  if (input.id.length > SLACK_LIMITS.blockId) return [notePiece(`[the field “${inputLabel(input)}” cannot be shown in Slack]`)];
  const made = element(input);
  if (!made) return [notePiece(`[the field “${inputLabel(input)}” has no choices to offer]`)];
  const block: InputBlock = { type: 'input', block_id: input.id, label: plain(inputLabel(input), SLACK_LIMITS.inputLabel), element: made.element, optional: input.isRequired !== true };
  if (made.hint) block.hint = plain(made.hint, SLACK_LIMITS.inputHint);
  return [{ kind: 'block', block }];
}

function element(input: CardInput): { element: InputElement; hint?: string } | undefined {
  const action_id = input.id;
  switch (input.type) {
    case 'Input.Text':
      if (USER_PICKER_INPUTS.has(input.id)) return { element: { type: 'users_select', action_id, ...placeholderOf(input.placeholder), ...(input.value && SLACK_USER_ID.test(input.value) ? { initial_user: input.value } : {}) } };
      return { element: textElement(input) };
    case 'Input.Number': {
      const element: InputElement = { type: 'number_input', action_id, is_decimal_allowed: true, ...placeholderOf(input.placeholder) };
      if (input.value !== undefined) element.initial_value = String(input.value);
      if (input.min !== undefined) element.min_value = String(input.min);
      if (input.max !== undefined) element.max_value = String(input.max);
      return { element };
    }
    case 'Input.Date':
      return { element: { type: 'datepicker', action_id, ...placeholderOf(input.placeholder), ...(input.value && DAY.test(input.value) ? { initial_date: input.value } : {}) } };
    case 'Input.Time':
      return { element: { type: 'timepicker', action_id, ...placeholderOf(input.placeholder), ...(input.value && TIME.test(input.value) ? { initial_time: input.value.slice(0, 5) } : {}) } };
    case 'Input.Toggle': {
      const option: PlainOption = { text: plain(input.title.trim() || inputLabel(input), SLACK_LIMITS.optionText), value: TOGGLE_OPTION_VALUE };
      const on = input.value !== undefined && input.value === (input.valueOn ?? 'true');
      return { element: { type: 'checkboxes', action_id, options: [option], ...(on ? { initial_options: [option] } : {}) } };
    }
    case 'Input.ChoiceSet':
      return choiceElement(input);
  }
}

function textElement(input: ElementOf<'Input.Text'>): InputElement {
  const action_id = input.id;
  const value = input.value ?? '';
  const style = input.style?.toLowerCase();
  if (style === 'email' && (!value || EMAIL.test(value))) return { type: 'email_text_input', action_id, ...placeholderOf(input.placeholder), ...(value ? { initial_value: value } : {}) };
  if (style === 'url' && (!value || URL_TEXT.test(value))) return { type: 'url_text_input', action_id, ...placeholderOf(input.placeholder), ...(value ? { initial_value: value } : {}) };
  const maxLength = input.maxLength && input.maxLength > 0 ? Math.min(Math.floor(input.maxLength), SLACK_LIMITS.plainTextInputMaxLength) : undefined;
  const element: InputElement = { type: 'plain_text_input', action_id, ...placeholderOf(input.placeholder) };
  if (input.isMultiline) element.multiline = true;
  if (maxLength) element.max_length = maxLength;
  if (value) element.initial_value = value.slice(0, maxLength ?? SLACK_LIMITS.plainTextInputMaxLength);
  return element;
}

/** The values a ChoiceSet's `value` selects: one, or comma-separated for a multi-select. */
export function selectedValues(value: string | undefined, multi: boolean): string[] {
  if (!value) return [];
  return multi ? value.split(',').map((v) => v.trim()).filter(Boolean) : [value];
}

function choiceElement(input: ElementOf<'Input.ChoiceSet'>): { element: InputElement; hint?: string } | undefined {
  const action_id = input.id;
  const seen = new Set<string>();
  const usable = input.choices.filter((choice) => {
    const ok = choice.value.length > 0 && choice.value.length <= SLACK_LIMITS.optionValue && !seen.has(choice.value);
    seen.add(choice.value);
    return ok;
  });
  const options: PlainOption[] = usable
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((choice) => ({ text: plain(choice.title.trim() || choice.value, SLACK_LIMITS.optionText), value: choice.value }));
  if (options.length === 0) return undefined;
  const missing = input.choices.length - options.length;
  const hint = missing > 0 ? `Showing ${options.length} of ${input.choices.length} choices (Slack lists ${SLACK_LIMITS.selectOptions} at most); if yours is not here, ask the forum coordinator to add it for you.` : undefined;
  const multi = input.isMultiSelect === true;
  const chosen = selectedValues(input.value, multi);
  const initial = options.filter((option) => chosen.includes(option.value));
  const asButtons = input.style?.toLowerCase() === 'expanded' && options.length <= SLACK_LIMITS.choiceButtons;
  const placeholder = placeholderOf(input.placeholder);
  const element: InputElement = multi
    ? asButtons
      ? { type: 'checkboxes', action_id, options, ...(initial.length ? { initial_options: initial } : {}) }
      : { type: 'multi_static_select', action_id, options, ...placeholder, ...(initial.length ? { initial_options: initial } : {}) }
    : asButtons
      ? { type: 'radio_buttons', action_id, options, ...(initial[0] ? { initial_option: initial[0] } : {}) }
      : { type: 'static_select', action_id, options, ...placeholder, ...(initial[0] ? { initial_option: initial[0] } : {}) };
  return hint ? { element, hint } : { element };
}
