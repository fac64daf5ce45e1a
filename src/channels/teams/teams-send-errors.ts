// What a failed proactive send to Teams means: the bot was removed from the conversation (403/404)
// is final, so the caller stops trying; anything else may pass and is retried by the scheduler.
import { ConversationGoneError } from '../../bot/direct-messages.ts';

export function classifyTeamsSendError(error: unknown): unknown {
  const status = error && typeof error === 'object' && 'statusCode' in error ? Number(error.statusCode) : undefined;
  if (status === 403 || status === 404) return new ConversationGoneError(status === 403 ? 'the bot is not allowed to post there (removed from the team or chat)' : 'the conversation no longer exists', { cause: error });
  return error;
}
