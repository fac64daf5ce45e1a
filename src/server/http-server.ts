// The HTTP server (restify 11): liveness and readiness now; the Teams and Slack endpoints are
// mounted on the same server by their channel folders. Every request gets an id (the caller's
// x-request-id if it sent a usable one), echoed in the response and on the request's log lines.
import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from 'pino';
import { acceptedRequestId, newRequestId, REQUEST_ID_HEADER, runWithRequestId } from '../logging/request-id.ts';

/** Set for every request before routing (server.pre), so each handler and log line sees the same id. */
const requestIds = new WeakMap<Request, string>();

function requestIdOf(req: Request): string {
  return requestIds.get(req) ?? newRequestId();
}

export interface ReadinessCheck {
  name: string;
  check(): { ok: boolean; detail?: string };
}

/** Probes of the process itself: answered without waiting for the store. */
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * `beforeRequest`: run before every request but the probes are routed (the shared store's
 * refresh: a person sees their own write whichever instance answers). If it fails, the request is
 * still answered from what this instance holds (every write is decided in the database anyway).
 */
export function createHttpServer(options: { logger: Logger; readiness: ReadinessCheck[]; version: string; beforeRequest?: () => Promise<void> }): Server {
  const server = restify.createServer({ name: 'scf-bot', handleUncaughtExceptions: false });
  server.pre(async (req, res) => {
    const requestId = acceptedRequestId(req.headers[REQUEST_ID_HEADER]) ?? newRequestId();
    requestIds.set(req, requestId);
    res.header(REQUEST_ID_HEADER, requestId);
    if (options.beforeRequest && !PROBES.has(new URL(req.url ?? '/', 'http://x').pathname)) {
      await options.beforeRequest().catch((error: unknown) => options.logger.warn({ err: error, requestId }, 'could not refresh the view from the database; answering from this instance\'s view'));
    }
  });
  server.use(restify.plugins.queryParser());

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', version: options.version });
  });

  server.get('/readyz', async (_req, res) => {
    const checks = options.readiness.map((r) => ({ name: r.name, ...r.check() }));
    const ready = checks.every((c) => c.ok);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
  });

  server.on('restifyError', (req, _res, error: Error & { statusCode?: number }, callback: () => void) => {
    const status = error.statusCode ?? 500;
    options.logger[status >= 500 ? 'error' : 'info']({ err: error, url: withoutTokens(req.url), method: req.method, status, requestId: requestIdOf(req) }, 'request failed');
    callback();
  });
  return server;
}

/**
 * A download link's path is its secret (src/links/), and so is a grant's status link
 * (src/grants-web/): a log line names the route, never the token.
 */
export function withoutTokens(url: string | undefined): string | undefined {
  return url?.replace(/^\/downloads\/[^?#]*/, '/downloads/[token]').replace(/^\/grants\/status\/[^/?#]*/, '/grants/status/[token]');
}

/**
 * Wraps a bot endpoint's last handler: its log lines carry the request id, and one line says how
 * the request ended. It has to wrap the last handler: a body parser resumes in the socket's
 * context, not the request's.
 */
export function withRequestId(log: Logger, handler: (req: Request, res: Response) => Promise<void>): (req: Request, res: Response) => Promise<void> {
  return async (req, res) =>
    runWithRequestId(requestIdOf(req), async () => {
      const started = performance.now();
      try {
        await handler(req, res);
      } finally {
        log.info({ method: req.method, path: withoutTokens(req.path()), status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request handled');
      }
    });
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Stops accepting connections and resolves once every request already accepted has been answered.
 * Keep-alive connections left idle are closed as they become idle; after `graceMs` whatever is
 * still open is closed (a graceful shutdown is bounded: the platform's own grace period is short).
 */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  const http = server.server;
  return new Promise((resolve) => {
    const sweep = setInterval(() => 'closeIdleConnections' in http && http.closeIdleConnections(), 100);
    const giveUp = setTimeout(() => 'closeAllConnections' in http && http.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(giveUp);
      resolve();
    });
  });
}
