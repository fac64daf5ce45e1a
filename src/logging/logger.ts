// Structured logs: one JSON line per event (pino). Secrets and intelligence free text are redacted
// by path, so a careless `logger.info({ config })` cannot leak them. A line written while a
// request is handled carries that request's id (request-id.ts).
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './request-id.ts';

export const REDACTED_PATHS = [
  '*.MicrosoftAppPassword',
  '*.appPassword',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.password',
  '*.token',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  '*.description',
  '*.actionsTaken',
  '*.location',
  '*.policeReference',
  '*.note',
  '*.commentary',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'scf-bot' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: requestIdMixin,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Adds the id of the request being handled, if any, to the line. */
function requestIdMixin(): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}
