// Lean stand-ins for the Bot Connector and the Slack Web API, for load runs on loopback. They answer
// as the real services do (see test/helpers/stand-in-*.ts for the recording versions the tests
// use), hand each call a virtual user is waiting for to that user by key, and otherwise only count:
// a 10-minute soak must not pile up every card the bot ever sent in the measuring process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BOT_ID, BOT_USER_ID, HOME_TEAM } from '../../test/helpers/stand-in-slack-api.ts';

export type CallBody = Record<string, unknown>;

/** Calls someone is waiting for, by key (`reply:<activity id>`, `respond:<name>`...). */
export class Waiters {
  private readonly pending = new Map<string, { resolve: (body: CallBody) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  /** Calls that arrived with nobody waiting (late, or never asked for). */
  unclaimed = 0;

  /** Register before sending the request that causes the call, so it cannot be missed. */
  expect(key: string, timeoutMs: number): Promise<CallBody> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(new Error(`no ${key.split(':')[0]} call within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.pending.set(key, { resolve, reject, timer });
    });
  }

  deliver(key: string, body: CallBody): void {
    const waiter = this.pending.get(key);
    if (!waiter) {
      this.unclaimed += 1;
      return;
    }
    clearTimeout(waiter.timer);
    this.pending.delete(key);
    waiter.resolve(body);
  }

  /** Stops waiting (the request that would have caused the call failed). */
  cancel(key: string): void {
    const waiter = this.pending.get(key);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.pending.delete(key);
  }
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function asRecord(value: unknown): CallBody {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // An empty or non-JSON body: nothing in it anyone waits for.
  }
}

const parseJson = (text: string): CallBody => asRecord(parseValue(text));

/** Slack's Web API takes form fields, some holding JSON (blocks, view); JSON bodies too. */
function slackArgs(req: IncomingMessage, text: string): CallBody {
  if ((req.headers['content-type'] ?? '').includes('application/json')) return parseJson(text);
  const args: CallBody = {};
  for (const [key, value] of new URLSearchParams(text)) args[key] = /^[[{]/.test(value) ? parseValue(value) : value;
  return args;
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

export interface LoadStandIn {
  url: string;
  waiters: Waiters;
  /** Calls answered, by kind (`reply`, `update`, `chat.postMessage`...). */
  counts: Map<string, number>;
  close(): Promise<void>;
}

function count(counts: Map<string, number>, kind: string): void {
  counts.set(kind, (counts.get(kind) ?? 0) + 1);
}

/**
 * The Bot Connector: a reply (POST .../activities/<replyToId>) is delivered as `reply:<replyToId>`,
 * a card update (PUT .../activities/<id>) as `update:<id>`, a new message as `send:<conversation>`.
 */
export async function startLoadConnector(): Promise<LoadStandIn> {
  const waiters = new Waiters();
  const counts = new Map<string, number>();
  let sent = 0;
  const server = createServer((req, res) => {
    readText(req)
      .then((text) => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
        if (!match) return answer(res, 404, { error: { code: 'NotFound', message: 'no such route' } });
        const kind = req.method === 'PUT' ? 'update' : match[2] ? 'reply' : 'send';
        count(counts, kind);
        waiters.deliver(`${kind}:${decodeURIComponent(match[2] ?? match[1] ?? '')}`, parseJson(text));
        sent += 1;
        answer(res, 200, { id: `load-${sent}` });
      })
      .catch(() => answer(res, 400, { error: { code: 'BadRequest', message: 'unreadable body' } }));
  });
  const url = await listen(server);
  return { url: `${url}/`, waiters, counts, close: closer(server) };
}

export interface LoadSlackApi extends LoadStandIn {
  /** Base URL for SLACK_API_URL (ends with /api/). */
  apiUrl: string;
  responseUrl(name: string): string;
}

/**
 * Slack's Web API and response URLs: `views.open:<trigger_id>` (with the view and the id given to
 * it), `respond:<name>` (a POST to a response URL) and `chat.update:<ts>` are delivered to whoever
 * waits for them; users.info answers every user with a name made from their id.
 */
export async function startLoadSlackApi(): Promise<LoadSlackApi> {
  const waiters = new Waiters();
  const counts = new Map<string, number>();
  let counter = 0;
  const server = createServer((req, res) => {
    readText(req)
      .then((text) => {
        const path = req.url ?? '';
        counter += 1;
        const ts = `${1_700_000_000 + counter}.000100`;
        if (path.startsWith('/respond/')) {
          count(counts, 'response_url');
          waiters.deliver(`respond:${decodeURIComponent(path.slice('/respond/'.length))}`, parseJson(text));
          return answer(res, 200, { ok: true });
        }
        const method = path.replace(/^\/api\//, '').replace(/\?.*$/, '');
        const args = slackArgs(req, text);
        count(counts, method);
        switch (method) {
          case 'auth.test':
            return answer(res, 200, { ok: true, url: 'https://forum-load.slack.com/', team: 'Forum Load', team_id: HOME_TEAM, user: 'forum-bot', user_id: BOT_USER_ID, bot_id: BOT_ID });
          case 'users.info': {
            const user = String(args.user);
            return answer(res, 200, { ok: true, user: { id: user, name: `officer.${user.toLowerCase()}`, real_name: `Officer ${user}`, profile: { display_name: `Officer ${user}`, real_name: `Officer ${user}` } } });
          }
          case 'views.open': {
            const viewId = `V${String(counter).padStart(9, '0')}`;
            waiters.deliver(`views.open:${String(args.trigger_id)}`, { view: args.view, viewId });
            return answer(res, 200, { ok: true, view: { id: viewId } });
          }
          case 'chat.update':
            waiters.deliver(`chat.update:${String(args.ts)}`, args);
            return answer(res, 200, { ok: true, channel: args.channel, ts: args.ts });
          case 'chat.postMessage':
            return answer(res, 200, { ok: true, channel: args.channel, ts, message: { ts } });
          case 'chat.postEphemeral':
            return answer(res, 200, { ok: true, message_ts: ts });
          case 'views.update':
          case 'views.publish':
            return answer(res, 200, { ok: true, view: { id: typeof args.view_id === 'string' ? args.view_id : `V${counter}` } });
          default:
            return answer(res, 200, { ok: true });
        }
      })
      .catch(() => answer(res, 400, { ok: false, error: 'invalid_request' }));
  });
  const url = await listen(server);
  return { url, apiUrl: `${url}/api/`, responseUrl: (name) => `${url}/respond/${encodeURIComponent(name)}`, waiters, counts, close: closer(server) };
}
