// The HTTP server (restify 11): liveness and readiness now; the Teams and Slack endpoints are
// mounted on the same server by their channel folders.
import restify, { type Server } from 'restify';
import type { Logger } from 'pino';

export interface ReadinessCheck {
  name: string;
  check(): { ok: boolean; detail?: string };
}

export function createHttpServer(options: { logger: Logger; readiness: ReadinessCheck[]; version: string }): Server {
  const server = restify.createServer({ name: 'scf-bot', handleUncaughtExceptions: false });
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
    options.logger[status >= 500 ? 'error' : 'info']({ err: error, url: req.url, method: req.method, status }, 'request failed');
    callback();
  });
  return server;
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
