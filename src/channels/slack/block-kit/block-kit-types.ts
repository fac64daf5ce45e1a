// The small part of Slack's Block Kit this renderer produces, typed by hand (the project does not
// depend on @slack/types). Field names are Slack's own; limits live in block-kit-limits.ts.

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export type TextObject = PlainText | MrkdwnText;

export interface PlainOption {
  text: PlainText;
  value: string;
}

export interface ButtonElement {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export interface ImageElement {
  type: 'image';
  image_url: string;
  alt_text: string;
}

export interface PlainTextInputElement {
  type: 'plain_text_input';
  action_id: string;
  multiline?: boolean;
  max_length?: number;
  initial_value?: string;
  placeholder?: PlainText;
}

export interface EmailInputElement {
  type: 'email_text_input';
  action_id: string;
  initial_value?: string;
  placeholder?: PlainText;
}

export interface UrlInputElement {
  type: 'url_text_input';
  action_id: string;
  initial_value?: string;
  placeholder?: PlainText;
}

export interface NumberInputElement {
  type: 'number_input';
  action_id: string;
  is_decimal_allowed: boolean;
  initial_value?: string;
  min_value?: string;
  max_value?: string;
  placeholder?: PlainText;
}

export interface DatepickerElement {
  type: 'datepicker';
  action_id: string;
  initial_date?: string;
  placeholder?: PlainText;
}

export interface TimepickerElement {
  type: 'timepicker';
  action_id: string;
  initial_time?: string;
  placeholder?: PlainText;
}

export interface CheckboxesElement {
  type: 'checkboxes';
  action_id: string;
  options: PlainOption[];
  initial_options?: PlainOption[];
}

export interface RadioButtonsElement {
  type: 'radio_buttons';
  action_id: string;
  options: PlainOption[];
  initial_option?: PlainOption;
}

export interface StaticSelectElement {
  type: 'static_select';
  action_id: string;
  options: PlainOption[];
  initial_option?: PlainOption;
  placeholder?: PlainText;
}

export interface MultiStaticSelectElement {
  type: 'multi_static_select';
  action_id: string;
  options: PlainOption[];
  initial_options?: PlainOption[];
  placeholder?: PlainText;
}

/** Slack's own person picker (https://docs.slack.dev/reference/block-kit/block-elements/users-select-element). */
export interface UsersSelectElement {
  type: 'users_select';
  action_id: string;
  initial_user?: string;
  placeholder?: PlainText;
}

export type InputElement =
  | UsersSelectElement
  | PlainTextInputElement
  | EmailInputElement
  | UrlInputElement
  | NumberInputElement
  | DatepickerElement
  | TimepickerElement
  | CheckboxesElement
  | RadioButtonsElement
  | StaticSelectElement
  | MultiStaticSelectElement;

export interface SectionBlock {
  type: 'section';
  text?: TextObject;
  fields?: TextObject[];
  block_id?: string;
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
  block_id?: string;
}

export interface ContextBlock {
  type: 'context';
  elements: (TextObject | ImageElement)[];
  block_id?: string;
}

export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
  block_id?: string;
}

export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}

export interface ImageBlock {
  type: 'image';
  image_url: string;
  alt_text: string;
  title?: PlainText;
  block_id?: string;
}

export interface InputBlock {
  type: 'input';
  block_id: string;
  label: PlainText;
  element: InputElement;
  optional: boolean;
  hint?: PlainText;
}

export type Block = SectionBlock | HeaderBlock | ContextBlock | ActionsBlock | DividerBlock | ImageBlock | InputBlock;

/** A chat message: `text` is the notification fallback, `blocks` what people see. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface ModalView {
  type: 'modal';
  callback_id: string;
  title: PlainText;
  submit?: PlainText;
  close: PlainText;
  private_metadata: string;
  blocks: Block[];
}
