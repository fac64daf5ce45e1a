// How the Slack Web API client (Bolt's WebClient) waits and retries. Its defaults retry for about
// half an hour and wait as long as a 429's Retry-After says; here every call is bounded, so a
// Slack outage or a long rate limit costs a person a short wait and a logged failure, not a turn
// held for minutes. A scheduled send that fails is retried later by its job.
import type { FetchFunction, WebClientOptions } from '@slack/web-api';
import type { Logger } from 'pino';

/** Each attempt gives up after this long. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
/** A 429's Retry-After is honoured up to this many seconds (Slack's per-channel limit asks for about 1). */
export const MAX_RETRY_AFTER_S = 5;

/**
 * Three attempts at most, 0.5-3 s apart, and none started more than 15 s after the first: with
 * the attempt timeout and the Retry-After cap, a call is settled within about half a minute.
 */
export const RETRY_POLICY = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3000, maxRetryTime: 15_000 } as const;

/**
 * A 429 asking for a longer wait than MAX_RETRY_AFTER_S loses its Retry-After header, so the
 * client gives the call up at once instead of waiting (and pausing every other call meanwhile).
 */
export function boundedRateLimitFetch(log: Logger, base: FetchFunction = fetch): FetchFunction {
  return async (url, init) => {
    const response = await base(url, init);
    if (response.status !== 429) return response;
    const seconds = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    if (!(seconds > MAX_RETRY_AFTER_S)) return response;
    log.warn({ url: String(url), retryAfterS: seconds, maxS: MAX_RETRY_AFTER_S }, 'Slack rate limit asks for a longer wait than the bot allows; this call fails now');
    const headers = new Headers([...response.headers.entries()].filter(([name]) => name.toLowerCase() !== 'retry-after'));
    return new Response(await response.text(), { status: 429, statusText: response.statusText, headers });
  };
}

/** Calls that post a new message each time they are made: repeating one may show it twice. */
export const NOT_REPEATABLE = new Set(['chat.postMessage', 'chat.postEphemeral']);

/** The `error` of a post given up without knowing whether Slack took it. */
export const POST_OUTCOME_UNKNOWN = 'bot_post_outcome_unknown';

function refusedConnection(error: unknown): boolean {
  const cause: unknown = error && typeof error === 'object' && 'cause' in error ? error.cause : undefined;
  return Boolean(cause && typeof cause === 'object' && 'code' in cause && (cause.code === 'ECONNREFUSED' || cause.code === 'ENOTFOUND'));
}

/**
 * The client retries every failed call. For a post that had no answer in time, or got a 5xx, Slack
 * may well have posted it (slow, not down): posted again, the person would see it twice or three
 * times. Such a post is answered here as a Slack error (`ok: false`, POST_OUTCOME_UNKNOWN), which
 * the client does not retry. A refused connection (nothing was sent) is retried as before.
 */
export function noRepeatedPostsFetch(log: Logger, base: FetchFunction = fetch): FetchFunction {
  return async (url, init) => {
    const method = String(url).replace(/^.*\/api\//, '').replace(/\?.*$/, '');
    if (!NOT_REPEATABLE.has(method)) return base(url, init);
    const givenUp = (reason: string) => {
      log.warn({ method, reason }, 'a Slack post got no clear answer; it is not sent again, so it is not posted twice');
      return new Response(JSON.stringify({ ok: false, error: POST_OUTCOME_UNKNOWN }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    let response: Awaited<ReturnType<FetchFunction>>;
    try {
      response = await base(url, init);
    } catch (error) {
      if (refusedConnection(error)) throw error;
      return givenUp(error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${ATTEMPT_TIMEOUT_MS} ms` : `the request failed (${error instanceof Error ? error.name : 'error'})`);
    }
    return response.status >= 500 ? givenUp(`Slack answered ${response.status}`) : response;
  };
}

export function slackClientOptions(log: Logger, slackApiUrl: string | undefined): WebClientOptions {
  return {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    timeout: ATTEMPT_TIMEOUT_MS,
    retryConfig: RETRY_POLICY,
    fetch: boundedRateLimitFetch(log, noRepeatedPostsFetch(log)),
  };
}
