// What a failed proactive send to Teams means: the bot was removed from the conversation (403/404)
// is final, so the caller stops trying; throttling and gateway errors (429/412/502/504) are retried
// after the time Teams asks for (or the scheduler's backoff); anything else is retried as it is.
import { ConversationGoneError } from '../../bot/direct-messages.ts';
import { RetryLaterError } from '../../scheduler/scheduler.ts';

const RETRYABLE = new Set([412, 429, 502, 504]);
const DEFAULT_WAIT_MS = 30_000;

function retryAfterMs(error: object): number {
  const response: unknown = 'response' in error ? error.response : undefined;
  const headers: unknown = response && typeof response === 'object' && 'headers' in response ? response.headers : undefined;
  const get = headers && typeof headers === 'object' && 'get' in headers && typeof headers.get === 'function' ? (headers.get as (name: string) => unknown) : undefined;
  const value = Number(get?.call(headers, 'retry-after'));
  return Number.isFinite(value) && value > 0 ? value * 1000 : DEFAULT_WAIT_MS;
}

export function classifyTeamsSendError(error: unknown): unknown {
  if (!error || typeof error !== 'object' || !('statusCode' in error)) return error;
  const status = Number(error.statusCode);
  if (status === 403 || status === 404) return new ConversationGoneError(status === 403 ? 'the bot is not allowed to post there (removed from the team or chat)' : 'the conversation no longer exists', { cause: error });
  if (RETRYABLE.has(status)) return new RetryLaterError(`Teams answered ${status}`, retryAfterMs(error));
  return error;
}
