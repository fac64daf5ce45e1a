// POST /slack/events on the shared restify server, handled by Bolt's HTTPReceiver. No body parser
// runs on this route: the body is read here, bounded, and checked to be a request the app handles
// (slack-request-guard.ts), then handed to Bolt as it arrived, so Bolt checks the signature over
// the exact bytes. The restify handler waits until Bolt has finished the response.
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { withRequestId } from '../../server/http-server.ts';
import { readSlackBody, slackBodyProblem, timestampSkewProblem } from './slack-request-guard.ts';

export function mountSlackRoute(server: Server, path: string, receiver: HTTPReceiver, ready: () => boolean, log: Logger, maxBodyBytes: number): void {
  server.post(path, withRequestId(log, async (req, res) => {
    if (!ready()) {
      // Slack retries later; by then auth.test has (usually) succeeded.
      res.send(503, { error: 'The Slack channel is starting. Try again shortly.' });
      return;
    }
    const body = await readSlackBody(req, maxBodyBytes);
    if (!body.ok) {
      log.info({ reason: body.reason }, 'refused a Slack request body that is too long');
      res.send(body.status, { error: 'The request body is too long.' });
      return;
    }
    const skew = timestampSkewProblem(req.headers['x-slack-request-timestamp'], Date.now());
    if (skew) {
      log.warn({ reason: skew }, 'refused a Slack request whose timestamp is too far from now');
      res.send(401, { error: 'The request timestamp is too far from now.' });
      return;
    }
    const problem = slackBodyProblem(body.raw, req.headers['content-type']);
    if (problem) {
      log.info({ reason: problem }, 'refused a request that is not a Slack request this app handles');
      res.send(400, { error: 'Not a Slack request this app handles.' });
      return;
    }
    // Bolt reads a body already read from `rawBody` (its BufferedIncomingMessage).
    Object.assign(req, { rawBody: body.raw });
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
