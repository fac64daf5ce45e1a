// Bolt, the Web API client and the Socket Mode client log through this: one pino log for the
// whole process. Bolt's messages are plain strings and errors; they are joined as pino's message.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * The Web API client logs whole request and response bodies at debug level: every message and
 * modal the bot sends, which may be an intelligence report a reviewer opened. That a call was made
 * is kept; what it carried is not.
 */
const BODY_LINE = /^(http request body|http request result|http request headers): [\s\S]*$/;

function withoutBody(text: string): string {
  return text.replace(BODY_LINE, '$1: (not logged: it may carry what people wrote)');
}

function line(parts: unknown[]): { msg: string; err?: Error } {
  const err = parts.find((p): p is Error => p instanceof Error);
  const msg = parts
    .filter((p) => !(p instanceof Error))
    .map((p) => (typeof p === 'string' ? withoutBody(p) : JSON.stringify(p)))
    .join(' ');
  return err ? { msg: msg || err.message, err } : { msg };
}

export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  let name = 'bolt';
  const log = (method: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    const { msg, err } = line(parts);
    logger[method]({ part: 'slack', source: name, ...(err ? { err } : {}) }, msg);
  };
  return {
    debug: (...parts: unknown[]) => log('debug', parts),
    info: (...parts: unknown[]) => log('info', parts),
    warn: (...parts: unknown[]) => log('warn', parts),
    error: (...parts: unknown[]) => log('error', parts),
    // pino's level decides what is written; Bolt's own level is kept only to answer getLevel.
    setLevel: (next: LogLevel) => void (level = next),
    getLevel: () => level,
    setName: (next: string) => void (name = next),
  };
}
