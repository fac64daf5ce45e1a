// What a failed proactive send to Slack means: a channel the bot was removed from, or that was
// archived or deleted, is final; anything else (rate limits, outages) may pass and is retried.
import { ConversationGoneError } from '../../bot/direct-messages.ts';

const GONE: Record<string, string> = {
  channel_not_found: 'the channel no longer exists, or the bot cannot see it',
  not_in_channel: 'the bot is not a member of the channel',
  is_archived: 'the channel was archived',
  account_inactive: 'the Slack app was uninstalled',
};

export function classifySlackSendError(error: unknown): unknown {
  const data: unknown = error && typeof error === 'object' && 'data' in error ? error.data : undefined;
  const code = data && typeof data === 'object' && 'error' in data && typeof data.error === 'string' ? data.error : undefined;
  const reason = code ? GONE[code] : undefined;
  return reason ? new ConversationGoneError(reason, { cause: error }) : error;
}
