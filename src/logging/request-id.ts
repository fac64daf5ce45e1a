// One id per request (one turn), on every log line written while it is handled: the id lives in
// AsyncLocalStorage for the duration of the request and the logger's mixin (logger.ts) adds it to
// each line, so nothing between the HTTP route and the store has to pass a logger along.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Read from a caller that already has an id (a reverse proxy, a load balancer) and echoed back. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept only if it is plainly an id: it is written into every log line. */
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const current = new AsyncLocalStorage<string>();

/** Runs `work` (and everything it awaits or schedules) with `requestId` on its log lines. */
export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return current.run(requestId, work);
}

export function currentRequestId(): string | undefined {
  return current.getStore();
}

/** The id a caller sent, if usable; otherwise undefined (the server then makes one). */
export function acceptedRequestId(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && PLAIN_ID.test(value) ? value : undefined;
}

export function newRequestId(): string {
  return randomUUID();
}
