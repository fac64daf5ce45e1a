// A stand-in for Slack's Web API (and for response_url) on loopback: records every call the bot
// makes, with its method and body (form fields holding JSON, like `blocks`, decoded), and answers
// `{ ok: true, ... }` as Slack does. Tests wait for the calls they expect with `waitFor`.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface SlackApiCall {
  /** Web API method (`chat.postMessage`), or `response_url` for a POST to a response URL. */
  method: string;
  path: string;
  args: Record<string, unknown>;
  authorization?: string;
  /** What the stand-in answered (e.g. the `ts` of a posted message). */
  response?: Record<string, unknown>;
  /** The HTTP status, when it was not 200 (a 429 from `rateLimitNext`). */
  status?: number;
}

export interface StandInSlackApi {
  /** Base URL for SLACK_API_URL (ends with /api/). */
  url: string;
  calls: SlackApiCall[];
  /** A response_url served by the stand-in. */
  responseUrl(name: string): string;
  setUser(userId: string, displayName: string): void;
  /** Every call of `method` answers `body` (e.g. apps.connections.open with a WebSocket URL). */
  respondWith(method: string, body: Record<string, unknown>): void;
  /** The next call of `method` (the next `times` calls) answers `{ ok: false, error }`. */
  failNext(method: string, error?: string, times?: number): void;
  /** The next POST to a response URL answers HTTP `status` with `body` (Slack's `expired_url`, `used_url`). */
  failResponseUrlNext(status: number, body: string): void;
  /** The next `times` calls of `method` answer HTTP `status` (a 5xx: Slack having a bad moment). */
  failHttpNext(method: string, status: number, times?: number): void;
  /** The next call of `method` answers HTTP 429 with `Retry-After: seconds`, as Slack's rate limit does. */
  rateLimitNext(method: string, retryAfterSeconds?: number): void;
  /** Calls of `method` are recorded at once but answered only when the returned function is called (to test what does not wait for them). */
  hold(method: string): () => void;
  callsTo(method: string): SlackApiCall[];
  /** The first call of `method` (from index `from` of `calls`) that matches, now or when it comes. */
  waitFor(method: string, match?: (call: SlackApiCall) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<SlackApiCall>;
  close(): Promise<void>;
}

export const BOT_USER_ID = 'UFORUMBOT';
export const BOT_ID = 'BFORUMBOT';
export const HOME_TEAM = 'T0FORUM01';

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) return asRecord(JSON.parse(text));
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const decoded: unknown = /^[[{]/.test(value) ? JSON.parse(value) : value;
    args[key] = decoded;
  }
  return args;
}

export async function startStandInSlackApi(): Promise<StandInSlackApi> {
  const calls: SlackApiCall[] = [];
  const users = new Map<string, string>();
  const failures = new Map<string, { error: string; left: number }>();
  const httpFailures = new Map<string, { status: number; left: number }>();
  const fixed = new Map<string, Record<string, unknown>>();
  const rateLimits = new Map<string, number>();
  let responseUrlFailure: { status: number; body: string } | undefined;
  const waiters: { method: string; match: (c: SlackApiCall) => boolean; resolve: (c: SlackApiCall) => void }[] = [];
  const held = new Map<string, (() => void)[]>();
  let counter = 0;

  const answer = (call: SlackApiCall): Record<string, unknown> => {
    counter += 1;
    const failure = failures.get(call.method);
    if (failure) {
      failure.left -= 1;
      if (failure.left <= 0) failures.delete(call.method);
      return { ok: false, error: failure.error };
    }
    const answerFor = fixed.get(call.method);
    if (answerFor) return answerFor;
    const ts = `${1_700_000_000 + counter}.000${String(counter).padStart(3, '0')}`;
    switch (call.method) {
      case 'auth.test':
        return { ok: true, url: 'https://forum-test.slack.com/', team: 'Forum Test', team_id: HOME_TEAM, user: 'forum-bot', user_id: BOT_USER_ID, bot_id: BOT_ID };
      case 'chat.postMessage':
        return { ok: true, channel: call.args.channel, ts, message: { ts, text: call.args.text } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts };
      case 'chat.update':
        return { ok: true, channel: call.args.channel, ts: call.args.ts };
      case 'views.open':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: typeof call.args.view_id === 'string' ? call.args.view_id : `V${String(counter).padStart(8, '0')}` } };
      case 'conversations.open':
        // The DM's id as the Slack test helpers name it (dmChannelOf: D + the user id without its U).
        return { ok: true, channel: { id: `D${String(call.args.users).slice(1)}` } };
      case 'users.info': {
        const id = String(call.args.user);
        const name = users.get(id);
        return name ? { ok: true, user: { id, name: name.toLowerCase().replace(/\s+/g, '.'), real_name: name, profile: { display_name: name, real_name: name } } } : { ok: false, error: 'user_not_found' };
      }
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((args) => {
        const path = req.url ?? '';
        const method = path.startsWith('/respond/') ? 'response_url' : path.replace(/^\/api\//, '').replace(/\?.*$/, '');
        const call: SlackApiCall = { method, path, args, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) };
        const retryAfter = rateLimits.get(method);
        rateLimits.delete(method);
        const httpFailure = httpFailures.get(method);
        if (method === 'response_url' && responseUrlFailure) {
          const failure = responseUrlFailure;
          responseUrlFailure = undefined;
          call.status = failure.status;
          call.response = { answered: failure.body };
          calls.push(call);
          res.writeHead(failure.status, { 'content-type': failure.body.startsWith('{') ? 'application/json' : 'text/plain' });
          res.end(failure.body);
          return;
        }
        if (httpFailure) {
          httpFailure.left -= 1;
          if (httpFailure.left <= 0) httpFailures.delete(method);
          call.status = httpFailure.status;
          call.response = { ok: false, error: 'service_unavailable' };
        } else if (retryAfter !== undefined) {
          call.status = 429;
          call.response = { ok: false, error: 'ratelimited' };
        } else {
          call.response = method === 'response_url' ? { ok: true } : answer(call);
        }
        calls.push(call);
        for (const waiter of [...waiters]) {
          if (waiter.method === method && waiter.match(call)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(call);
          }
        }
        const send = () => {
          res.writeHead(call.status ?? 200, { 'content-type': 'application/json', ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}) });
          res.end(JSON.stringify(call.response));
        };
        const queue = held.get(method);
        if (queue) queue.push(send);
        else send();
      })
      .catch((error: unknown) => {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: `${base}/api/`,
    calls,
    responseUrl: (name) => `${base}/respond/${encodeURIComponent(name)}`,
    setUser: (userId, name) => void users.set(userId, name),
    respondWith: (method, body) => void fixed.set(method, body),
    failNext: (method, error = 'internal_error', times = 1) => void failures.set(method, { error, left: times }),
    failHttpNext: (method, status, times = 1) => void httpFailures.set(method, { status, left: times }),
    failResponseUrlNext: (status, body) => void (responseUrlFailure = { status, body }),
    hold: (method) => {
      held.set(method, held.get(method) ?? []);
      return () => {
        const queue = held.get(method) ?? [];
        held.delete(method);
        for (const send of queue) send();
      };
    },
    rateLimitNext: (method, retryAfterSeconds = 1) => void rateLimits.set(method, retryAfterSeconds),
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitFor(method, match = () => true, { from = 0, timeoutMs = 5000 } = {}) {
      const already = calls.slice(from).find((c) => c.method === method && match(c));
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = { method, match, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const at = waiters.indexOf(waiter);
          if (at < 0) return;
          waiters.splice(at, 1);
          reject(new Error(`no ${method} call within ${timeoutMs} ms; calls so far: ${calls.map((c) => c.method).join(', ') || 'none'}`));
        }, timeoutMs).unref();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every `text` string in what the bot sent (blocks, views), for readable assertions. */
export function textOf(value: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, inner] of Object.entries(node)) {
      if (key === 'text' && typeof inner === 'string') parts.push(inner);
      else walk(inner);
    }
  };
  walk(value);
  return parts.join('\n');
}

export interface SentButton {
  text: string;
  value: string;
  actionId: string;
}

/** Buttons in blocks, with their label and value. */
export function buttonsIn(value: unknown): SentButton[] {
  const found: SentButton[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = Object.fromEntries(Object.entries(node));
    if (record.type === 'button' && typeof record.value === 'string') found.push({ text: textOf(record.text), value: record.value, actionId: String(record.action_id) });
    Object.values(record).forEach(walk);
  };
  walk(value);
  return found;
}

/** Input blocks of a modal: block id and element type. */
export function inputsIn(view: unknown): { blockId: string; type: string }[] {
  const blocks = view && typeof view === 'object' && 'blocks' in view && Array.isArray(view.blocks) ? view.blocks : [];
  return blocks.flatMap((block: unknown) => {
    if (!block || typeof block !== 'object') return [];
    const b = Object.fromEntries(Object.entries(block));
    const element = b.element && typeof b.element === 'object' ? Object.fromEntries(Object.entries(b.element)) : {};
    return b.type === 'input' ? [{ blockId: String(b.block_id), type: String(element.type) }] : [];
  });
}
