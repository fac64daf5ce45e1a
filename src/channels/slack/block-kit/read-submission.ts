// A Slack view_submission read back into what Teams would have sent for the same card: the
// submit action's verb, and its data merged with every input's value in Adaptive Card formats
// (text as typed, numbers as strings, dates YYYY-MM-DD, times HH:mm, toggles as valueOn/valueOff,
// multi-selects comma-separated, empty inputs as ''). The payload is parsed, never trusted.
import { z } from 'zod';
import { BlockKitError } from './errors.ts';
import { buttonValueSchema, parseJson } from './render-actions.ts';
import { SLACK_USER_ID, TOGGLE_OPTION_VALUE } from './render-inputs.ts';

const option = z.object({ value: z.string() });
/**
 * One element's entry in `view.state.values`, with every field Slack documents for the input
 * elements (value, selected_date, selected_time, selected_date_time, selected_option(s),
 * selected_user(s), selected_conversation(s), selected_channel(s), rich_text_value, files...).
 * A loose object: a field not listed here is kept, not silently dropped on the way in (dropping
 * `selected_time` once lost every time picked in Slack). `inputValue` reads it per element type.
 */
export const stateValueSchema = z.looseObject({
  type: z.string().min(1).max(100),
  value: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_time: z.string().nullish(),
  selected_date_time: z.number().nullish(),
  selected_option: option.nullish(),
  selected_options: z.array(option).nullish(),
  selected_user: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
  selected_conversation: z.string().nullish(),
  selected_conversations: z.array(z.string()).nullish(),
  selected_channel: z.string().nullish(),
  selected_channels: z.array(z.string()).nullish(),
});

/** `view.state`: values by block_id, then by action_id. */
export const viewStateSchema = z.object({ values: z.record(z.string(), z.record(z.string(), stateValueSchema)) });

const viewSchema = z.object({ private_metadata: z.string(), state: viewStateSchema });

/** The shape render-modal.ts writes (ModalMetadata). */
const metadataSchema = z.object({
  caller: z.unknown(),
  submit: buttonValueSchema.optional(),
  toggles: z.record(z.string(), z.tuple([z.string(), z.string()])).default({}),
});

export interface Submission {
  /** How Teams would deliver it: an Action.Execute invoke, an Action.Submit message, or no submit action on the card. */
  kind: 'execute' | 'submit' | 'none';
  /** The Action.Execute verb ('' for Action.Submit or none). */
  verb: string;
  /** The action's data with every input's value, keyed by input id, exactly as Teams sends it. */
  data: Record<string, unknown>;
  /** Just the inputs, keyed by input id. */
  inputs: Record<string, string>;
  /** What the caller passed to renderModal as privateMetadata. */
  privateMetadata: unknown;
}

type StateValue = z.infer<typeof stateValueSchema>;

/** Reads `body.view` of a view_submission. Throws BlockKitError('unreadable_submission') if it is not a modal this renderer made. */
export function readSubmission(view: unknown): Submission {
  const parsedView = viewSchema.safeParse(view);
  if (!parsedView.success) throw new BlockKitError('unreadable_submission', `view_submission has no readable state: ${parsedView.error.issues[0]?.message ?? 'unknown'}`);
  const metadata = metadataSchema.safeParse(parseJson(parsedView.data.private_metadata));
  if (!metadata.success) throw new BlockKitError('unreadable_submission', 'view_submission private_metadata was not made by the Block Kit renderer');
  const { caller, submit, toggles } = metadata.data;
  const inputs: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(parsedView.data.state.values)) {
    const state = actions[blockId] ?? Object.values(actions)[0];
    if (state) inputs[blockId] = inputValue(state, toggles[blockId]);
  }
  if (submit?.kind === 'showCard') throw new BlockKitError('unreadable_submission', 'a modal submit cannot be a ShowCard');
  const actionData = submit && isRecord(submit.data) ? submit.data : {};
  return {
    kind: submit?.kind ?? 'none',
    verb: submit?.kind === 'execute' ? submit.verb : '',
    data: { ...actionData, ...inputs },
    inputs,
    privateMetadata: caller,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The input's value in Adaptive Card terms, for the element types this renderer puts in a modal
 * (render-inputs.ts). Any other type cannot come from a modal it made: the submission is refused
 * rather than read as empty.
 */
function inputValue(state: StateValue, toggle: [string, string] | undefined): string {
  if (toggle) return state.selected_options?.some((o) => o.value === TOGGLE_OPTION_VALUE) ? toggle[0] : toggle[1];
  switch (state.type) {
    case 'datepicker':
      return state.selected_date ?? '';
    case 'timepicker':
      return state.selected_time ?? '';
    case 'static_select':
    case 'radio_buttons':
      return state.selected_option?.value ?? '';
    case 'multi_static_select':
    case 'checkboxes':
      return (state.selected_options ?? []).map((o) => o.value).join(',');
    case 'users_select': {
      // A user id or nothing: anything else did not come from Slack's picker.
      const user = state.selected_user ?? '';
      if (user && !SLACK_USER_ID.test(user)) throw new BlockKitError('unreadable_submission', 'view_submission has a users_select value that is not a Slack user id');
      return user;
    }
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return state.value ?? '';
    default:
      throw new BlockKitError('unreadable_submission', `view_submission has a ${state.type} element, which this renderer never puts in a modal`);
  }
}
