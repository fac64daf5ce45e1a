// The CloudAdapter writes its own error responses, and a 5xx body carries the raw error message
// (e.g. a failed fetch of Microsoft's signing keys). This wrapper keeps that detail in our log
// and sends the caller a plain message instead.
import type { Response as BotResponse } from 'botbuilder';
import type { Logger } from 'pino';
import type { Response } from 'restify';

export function guardedResponse(res: Response, logger: Logger): BotResponse {
  let status = 200;
  return {
    socket: res.socket,
    header: (name: string, value: unknown) => res.header(name, value),
    status: (code: number) => {
      status = code;
      return res.status(code);
    },
    send: (body?: unknown) => {
      if (status >= 500) {
        logger.error({ status, detail: typeof body === 'string' ? body.slice(0, 500) : body }, 'the Bot Framework adapter failed a request');
        return res.send({ error: 'The bot could not handle this request. Nothing was changed.' });
      }
      return res.send(body);
    },
    end: (...args: unknown[]) => res.end(...(args as [])),
  };
}
