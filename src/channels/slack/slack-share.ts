// "Share a milestone", Slack's counterpart of the Teams search message extension: a global
// shortcut opens a modal with a milestone menu that searches as the person types (external_select,
// its options from block_suggestion) and the conversation to share it in; on submit the app posts
// the milestone's card there. The searching is the core's (composeExtension/query, as Teams asks
// it); here are only Slack's shapes. Sources: Slack's reference "Shortcuts payloads",
// "block_suggestion payloads" (https://docs.slack.dev/reference/interaction-payloads/block_suggestion-payload),
// "external_select" and "conversations_select" (https://docs.slack.dev/reference/block-kit/block-elements/).
import { z } from 'zod';
import type { ModalView } from './block-kit/index.ts';

export const SHARE_SHORTCUT_ID = 'forum.share_milestone';
export const SHARE_CALLBACK_ID = 'forum.share';
export const SHARE_MILESTONE_ACTION = 'milestone';
export const SHARE_CONVERSATION_ACTION = 'conversation';
const MILESTONE_BLOCK = 'milestone';
const CONVERSATION_BLOCK = 'conversation';
/** Slack shows at most 100 options; an option's text is at most 75 characters. */
const MAX_OPTIONS = 100;
const OPTION_TEXT = 75;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

export function shareModal(): ModalView {
  return {
    type: 'modal',
    callback_id: SHARE_CALLBACK_ID,
    title: plain('Share a milestone'),
    submit: plain('Share'),
    close: plain('Cancel'),
    private_metadata: '',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: "Find a milestone of the action plan by id, words, owner or organisation, and choose where to share its card. The card shows the milestone's status as of now." } },
      {
        type: 'input',
        block_id: MILESTONE_BLOCK,
        label: plain('Milestone'),
        element: { type: 'external_select', action_id: SHARE_MILESTONE_ACTION, placeholder: plain('Type an id or a word'), min_query_length: 0 },
      },
      {
        type: 'input',
        block_id: CONVERSATION_BLOCK,
        label: plain('Share in'),
        hint: plain('The app must be in the channel (add it with /invite).'),
        element: { type: 'conversations_select', action_id: SHARE_CONVERSATION_ACTION, default_to_current_conversation: true, filter: { include: ['public', 'private', 'mpim'], exclude_bot_users: true } },
      },
    ],
  } as unknown as ModalView;
}

const searchAnswer = z.object({
  composeExtension: z.object({
    type: z.string(),
    attachments: z.array(z.object({ content: z.unknown(), preview: z.object({ content: z.object({ title: z.string(), text: z.string() }) }).optional() })).optional(),
  }),
});

/** The core's search answer as external_select options (id: status · due · description). */
export function optionsOf(answer: unknown): { text: { type: 'plain_text'; text: string }; value: string }[] {
  const parsed = searchAnswer.safeParse(answer);
  if (!parsed.success) return [];
  return (parsed.data.composeExtension.attachments ?? []).slice(0, MAX_OPTIONS).flatMap((a) => {
    const preview = a.preview?.content;
    if (!preview) return [];
    const text = `${preview.title}: ${preview.text}`;
    return [{ text: { type: 'plain_text' as const, text: text.length > OPTION_TEXT ? `${text.slice(0, OPTION_TEXT - 1)}…` : text }, value: preview.title }];
  });
}

/** The card the core found for exactly this milestone id, if any. */
export function cardFor(answer: unknown, id: string): unknown {
  const parsed = searchAnswer.safeParse(answer);
  return parsed.success ? parsed.data.composeExtension.attachments?.find((a) => a.preview?.content.title === id)?.content : undefined;
}

const stateSchema = z.object({
  values: z.object({
    [MILESTONE_BLOCK]: z.object({ [SHARE_MILESTONE_ACTION]: z.object({ selected_option: z.object({ value: z.string().max(60) }).nullish() }) }),
    [CONVERSATION_BLOCK]: z.object({ [SHARE_CONVERSATION_ACTION]: z.object({ selected_conversation: z.string().max(30).nullish() }) }),
  }),
});

/** What the share modal sent: the milestone and the conversation, or why it cannot be read. */
export function readShare(state: unknown): { ok: true; milestoneId: string; conversation: string } | { ok: false; errors: Record<string, string> } {
  const parsed = stateSchema.safeParse(state);
  const milestoneId = parsed.success ? parsed.data.values[MILESTONE_BLOCK][SHARE_MILESTONE_ACTION].selected_option?.value : undefined;
  const conversation = parsed.success ? parsed.data.values[CONVERSATION_BLOCK][SHARE_CONVERSATION_ACTION].selected_conversation : undefined;
  if (milestoneId && conversation && /^[CG][A-Z0-9]+$/.test(conversation)) return { ok: true, milestoneId, conversation };
  return { ok: false, errors: { ...(milestoneId ? {} : { [MILESTONE_BLOCK]: 'Choose a milestone.' }), ...(conversation && /^[CG][A-Z0-9]+$/.test(conversation) ? {} : { [CONVERSATION_BLOCK]: 'Choose a channel or group to share it in.' }) } };
}

/** The query the core answers (composeExtension/query, as Teams sends it). */
export function searchValue(query: string): { commandId: string; parameters: { name: string; value: string }[]; queryOptions: { skip: number; count: number } } {
  return { commandId: 'findMilestone', parameters: [{ name: 'query', value: query.slice(0, 200) }], queryOptions: { skip: 0, count: 25 } };
}
