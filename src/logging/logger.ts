// Structured logs: one JSON line per event (pino). Secrets and intelligence free text are redacted
// by path, so a careless `logger.info({ config })` cannot leak them. A line written while a
// request is handled carries that request's id (request-id.ts).
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './request-id.ts';
import type { ErrorTally } from './error-tally.ts';

/** pino's number for the error level (fatal is above it). */
const ERROR_LEVEL = 50;

export const REDACTED_PATHS = [
  '*.MicrosoftAppPassword',
  '*.appPassword',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.appSecret',
  '*.APP_SECRET',
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
  // A Teams message action carries the whole message it was taken from (its text, author, link).
  '*.messagePayload',
  '*.value.messagePayload',
];

/** `errors`, when given, counts every error and fatal line (child loggers included) for the `status` card. */
export function createLogger(level: string, destination?: DestinationStream, errors?: ErrorTally): Logger {
  const hooks = errors
    ? {
        logMethod(this: Logger, args: Parameters<Logger['error']>, method: Logger['error'], methodLevel: number) {
          if (methodLevel >= ERROR_LEVEL) errors.record();
          method.apply(this, args);
        },
      }
    : undefined;
  const options = {
    level,
    base: { app: 'scf-bot' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: requestIdMixin,
    ...(hooks ? { hooks } : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Adds the id of the request being handled, if any, to the line. */
function requestIdMixin(): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}
