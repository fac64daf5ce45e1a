// A stand-in for the Bot Connector service on loopback: records every call the bot makes to its
// serviceUrl (send, reply, update) and answers as the real service does.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  authorization?: string;
}

export interface StandInConnector {
  url: string;
  calls: ConnectorCall[];
  /** From now on, answers requests whose path contains `fragment` with this status (e.g. 403: bot removed). */
  failFor(fragment: string, status: number): void;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startStandInConnector(): Promise<StandInConnector> {
  const calls: ConnectorCall[] = [];
  const failures = new Map<string, number>();
  let counter = 0;
  const server: Server = createServer((req, res) => {
    readJson(req)
      .then((body) => {
        calls.push({ method: req.method ?? '', path: req.url ?? '', body, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
        const failure = [...failures].find(([fragment]) => (req.url ?? '').includes(fragment));
        if (failure) {
          res.writeHead(failure[1], { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }));
          return;
        }
        counter += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `sent-${counter}` }));
      })
      .catch(() => {
        res.writeHead(400);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    failFor: (fragment, status) => void failures.set(fragment, status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
