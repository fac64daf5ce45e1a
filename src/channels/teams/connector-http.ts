// How the bot talks HTTP to the Bot Connector (replies, card updates, proactive sends). botbuilder's
// connector client has no timeout and replays a failed POST: a Connector that accepted a reply and
// never answered held the turn (and the request Teams sent) for ever, and one that answered 5xx
// after posting got the same message up to four times. This transport, given to the client as its
// `httpClient`, bounds every attempt (CONNECTOR_ATTEMPT_TIMEOUT_MS) and makes an ambiguous failure
// of a POST (no answer in time, or 408/5xx: the message may have been posted) final, so the
// client's retry policy does not post it again. A refused connection (nothing was sent) and a
// 429 (Teams says it did not take it) are still retried by that policy, and PUT/GET as before.
import type { ConnectorClientOptions } from 'botframework-connector';

/** Per attempt; with the client's retries of refused connections, a reply settles inside Teams' 15 s. */
export const CONNECTOR_ATTEMPT_TIMEOUT_MS = 5000;

type Transport = NonNullable<ConnectorClientOptions['httpClient']>;
type WebResource = Parameters<Transport['sendRequest']>[0];
type CompatResponse = Awaited<ReturnType<Transport['sendRequest']>>;
type HeadersLike = CompatResponse['headers'];

/**
 * A failed send whose outcome at the Connector is unknown; carries the status as botbuilder's
 * errors do (the scheduler reads it), but no `response`, which the client would try to parse.
 */
export class ConnectorSendError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectorSendError';
  }
}

/**
 * Nothing reached the Connector (connection refused, no such host): safe to try again. The client's
 * retry policy retries only errors named RestError that carry a system error code, hence the name.
 */
export class ConnectorUnreachableError extends Error {
  constructor(readonly code: string, options?: { cause?: unknown }) {
    super(`the Bot Connector could not be reached (${code})`, options);
    this.name = 'RestError';
  }
}

/** The few header operations the connector client uses, over a plain record. */
function headersLike(entries: Iterable<[string, string]>): HeadersLike {
  const map = new Map<string, { name: string; value: string }>();
  for (const [name, value] of entries) map.set(name.toLowerCase(), { name, value });
  const like: HeadersLike = {
    set: (name, value) => void map.set(name.toLowerCase(), { name, value: String(value) }),
    get: (name) => map.get(name.toLowerCase())?.value,
    contains: (name) => map.has(name.toLowerCase()),
    remove: (name) => map.delete(name.toLowerCase()),
    rawHeaders: () => Object.fromEntries([...map.values()].map((h) => [h.name.toLowerCase(), h.value])),
    headersArray: () => [...map.values()],
    headerNames: () => [...map.values()].map((h) => h.name),
    headerValues: () => [...map.values()].map((h) => h.value),
    clone: () => headersLike([...map.values()].map((h) => [h.name, h.value])),
    toJson: (options) => Object.fromEntries([...map.values()].map((h) => [options?.preserveCase ? h.name : h.name.toLowerCase(), h.value])),
  };
  return like;
}

function requestBody(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** The system error code of a failed fetch (ECONNREFUSED...), which the retry policy reads. */
function causeCode(error: unknown): string | undefined {
  const cause: unknown = error && typeof error === 'object' && 'cause' in error ? error.cause : undefined;
  return cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
}

const AMBIGUOUS_STATUS = (status: number) => status === 408 || (status >= 500 && status !== 501 && status !== 505);

export function connectorTransport(attemptTimeoutMs = CONNECTOR_ATTEMPT_TIMEOUT_MS): Transport {
  return {
    async sendRequest(request: WebResource): Promise<CompatResponse> {
      const signals = [AbortSignal.timeout(attemptTimeoutMs), ...(request.abortSignal ? [request.abortSignal as AbortSignal] : [])];
      const posting = request.method === 'POST';
      let response: Response;
      try {
        response = await fetch(request.url, { method: request.method, headers: request.headers.rawHeaders(), body: requestBody(request.body), signal: AbortSignal.any(signals) });
      } catch (error) {
        const code = causeCode(error);
        // Refused: nothing reached the Connector, so the retry policy may try again.
        if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') throw new ConnectorUnreachableError(code, { cause: error });
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        // Anything else may have been received: final, never replayed (no `code` for the retry policy).
        throw new ConnectorSendError(timedOut ? `the Bot Connector did not answer within ${attemptTimeoutMs} ms` : `the request to the Bot Connector failed (${code ?? (error instanceof Error ? error.message : 'error')})`, undefined, { cause: error });
      }
      const bodyAsText = await response.text();
      if (posting && AMBIGUOUS_STATUS(response.status)) {
        throw new ConnectorSendError(`the Bot Connector answered ${response.status}; not posted again, as it may have been posted`, response.status);
      }
      return { request, status: response.status, headers: headersLike(response.headers.entries()), bodyAsText };
    },
  };
}

/** The Bot Connector did not take what the bot sent (it failed, refused or did not answer). */
export function isConnectorFailure(error: unknown): boolean {
  if (error instanceof ConnectorSendError || error instanceof ConnectorUnreachableError) return true;
  // botbuilder's own errors for a Connector answer such as 403 (the bot was removed) carry the status.
  return Boolean(error && typeof error === 'object' && 'statusCode' in error && typeof error.statusCode === 'number' && 'request' in error);
}

export function connectorClientOptions(): ConnectorClientOptions {
  return { httpClient: connectorTransport() };
}
