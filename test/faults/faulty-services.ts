// Stand-ins for the Bot Connector and the Slack Web API that misbehave on demand: answer at once,
// never answer, answer late, or answer an error status. Every request is counted with its path and
// body, so a test can tell a reply posted once from one posted again. Loopback only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BOT_ID, BOT_USER_ID, HOME_TEAM } from '../helpers/stand-in-slack-api.ts';

export type Behaviour = { kind: 'answer' } | { kind: 'hang' } | { kind: 'late'; ms: number } | { kind: 'status'; status: number };

export interface FaultyCall {
  method: string;
  path: string;
  body: string;
  at: number;
  /** Whether the stand-in has answered it (a hanging call never is). */
  answered: boolean;
}

export interface FaultyService {
  url: string;
  calls: FaultyCall[];
  /** How requests whose path matches `affected` are answered from now on. */
  behave(behaviour: Behaviour): void;
  /** The first call from index `from` that matches, once it has arrived (answered or not). */
  waitForCall(match: (call: FaultyCall) => boolean, from?: number): Promise<FaultyCall>;
  close(): Promise<void>;
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function start(affected: (path: string) => boolean, answer: (path: string, body: string) => object): Promise<FaultyService> {
  const calls: FaultyCall[] = [];
  const started = Date.now();
  let behaviour: Behaviour = { kind: 'answer' };
  const timers = new Set<NodeJS.Timeout>();
  const waiters: { match: (call: FaultyCall) => boolean; from: number; resolve: (call: FaultyCall) => void }[] = [];
  const reply = (res: ServerResponse, status: number, body: object, call: FaultyCall) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    call.answered = true;
  };
  const server: Server = createServer((req, res) => {
    void readText(req).then((body) => {
      const path = req.url ?? '';
      const call: FaultyCall = { method: req.method ?? '', path, body, at: Date.now() - started, answered: false };
      calls.push(call);
      for (const waiter of [...waiters]) {
        if (calls.length - 1 >= waiter.from && waiter.match(call)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      }
      const now = affected(path) ? behaviour : ({ kind: 'answer' } as const);
      switch (now.kind) {
        case 'answer':
          return reply(res, 200, answer(path, body), call);
        case 'hang':
          return; // Never answered; the connection stays open until the client gives up.
        case 'late': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            reply(res, 200, answer(path, body), call);
          }, now.ms);
          timers.add(timer);
          return;
        }
        case 'status':
          return reply(res, now.status, { error: { code: 'ServiceError', message: 'stand-in failure' } }, call);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    behave: (next) => void (behaviour = next),
    waitForCall: (match, from = 0) => {
      const found = calls.slice(from).find(match);
      return found ? Promise.resolve(found) : new Promise<FaultyCall>((resolve) => waiters.push({ match, from, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Bot Connector: every call misbehaves as told. */
export function startFaultyConnector(): Promise<FaultyService> {
  let id = 0;
  return start(() => true, () => ({ id: `sent-${(id += 1)}` }));
}

/** Slack's Web API: auth.test and users.info always answer (the bot needs them to start); chat.* misbehave as told. */
export function startFaultySlackApi(): Promise<FaultyService> {
  let ts = 0;
  return start(
    (path) => path.startsWith('/api/chat.'),
    (path) => {
      if (path.startsWith('/api/auth.test')) return { ok: true, team_id: HOME_TEAM, user_id: BOT_USER_ID, bot_id: BOT_ID };
      if (path.startsWith('/api/users.info')) return { ok: true, user: { id: 'U0', name: 'officer', real_name: 'Officer', profile: { display_name: 'Officer' } } };
      ts += 1;
      return { ok: true, ts: `1700000000.${String(ts).padStart(6, '0')}`, channel: 'D0' };
    },
  );
}
