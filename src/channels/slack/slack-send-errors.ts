// What a failed proactive send to Slack means: a channel the bot was removed from, or that was
// archived or deleted, is final; anything else (rate limits, outages) may pass and is retried.
import { ConversationGoneError } from '../../bot/direct-messages.ts';

const GONE: Record<string, string> = {
  channel_not_found: 'the channel no longer exists, or the bot cannot see it',
  not_in_channel: 'the bot is not a member of the channel',
  is_archived: 'the channel was archived',
  account_inactive: 'the Slack app was uninstalled',
};

/** Slack's error code (`not_in_channel`, `missing_scope`) from a Web API error, if it has one. */
function slackErrorCode(error: unknown): string | undefined {
  const data: unknown = error && typeof error === 'object' && 'data' in error ? error.data : undefined;
  return data && typeof data === 'object' && 'error' in data && typeof data.error === 'string' ? data.error : undefined;
}

/** Why Slack would not open a DM with someone, in words an admin can act on. */
export function describeOpenDmError(error: unknown): Error {
  const code = slackErrorCode(error);
  if (code === 'missing_scope') return new Error('Slack will not let the app open a DM with them: the app lacks the im:write scope (update the app from its manifest and reinstall it)', { cause: error });
  return new Error(`Slack would not open a DM with them (${code ?? (error instanceof Error ? error.message : 'no answer')})`, { cause: error });
}

export function classifySlackSendError(error: unknown): unknown {
  const code = slackErrorCode(error);
  const reason = code ? GONE[code] : undefined;
  return reason ? new ConversationGoneError(reason, { cause: error }) : error;
}
