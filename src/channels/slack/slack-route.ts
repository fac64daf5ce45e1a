// POST /slack/events on the shared restify server, handled by Bolt's HTTPReceiver. Bolt reads
// the raw body itself (to check the signature), so no body parser runs on this route, and the
// restify handler waits until Bolt has finished the response.
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { withRequestId } from '../../server/http-server.ts';

export function mountSlackRoute(server: Server, path: string, receiver: HTTPReceiver, ready: () => boolean, log: Logger): void {
  server.post(path, withRequestId(log, async (req, res) => {
    if (!ready()) {
      // Slack retries later; by then auth.test has (usually) succeeded.
      res.send(503, { error: 'The Slack channel is starting. Try again shortly.' });
      return;
    }
    await new Promise<void>((resolve) => {
      res.once('finish', resolve);
      res.once('close', resolve);
      try {
        receiver.requestListener(req, res);
      } catch (error) {
        log.error({ err: error }, 'Bolt could not take the request');
        if (!res.headersSent) res.send(500, { error: 'The request could not be handled.' });
        resolve();
      }
    });
  }));
}
