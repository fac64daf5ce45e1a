// Socket Mode's connection, kept open by the channel rather than by the Socket Mode client: the
// client gave up for good when apps.connections.open failed once (a 5xx, a rate limit, no
// network), and a failure while reconnecting later was an unhandled rejection. Here every failure
// is retried with backoff (1 s doubling to a minute, with jitter, or what a rate limit asks for),
// except Slack's answers that mean the configuration is wrong, which are said plainly and not
// retried. Readiness (/readyz) follows the connection.
import type { Logger } from 'pino';
import { describeStartFailure } from './slack-start-errors.ts';

export interface ConnectionState {
  ready: boolean;
  detail: string;
}

/** The Socket Mode client's events this needs (@slack/socket-mode's SocketModeClient). */
export interface SocketEvents {
  on(event: 'connected' | 'disconnected', listener: () => void): unknown;
}

export interface SocketConnectionOptions {
  events: SocketEvents;
  /** Opens a connection (apps.connections.open, then the WebSocket); rejects if either fails. */
  connect: () => Promise<unknown>;
  report: (state: ConnectionState) => void;
  log: Logger;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export interface SocketConnection {
  /** Settles after the first attempt (connected, or a retry planned, or refused). */
  readonly firstAttempt: Promise<void>;
  stop(): void;
}

export function keepSocketConnected(options: SocketConnectionOptions): SocketConnection {
  const { events, connect, report, log } = options;
  const firstDelayMs = options.firstDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  let failures = 0;
  let connecting = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const backoff = (retryAfterMs = 0) => {
    const base = Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(failures - 1, 16));
    // Up to a fifth either way, so several instances do not ask in step.
    return Math.max(retryAfterMs, Math.round(base * (0.8 + Math.random() * 0.4)));
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void attempt(), ms);
    timer.unref();
  };

  async function attempt(): Promise<void> {
    if (stopped) return;
    connecting = true;
    try {
      await connect();
    } catch (error) {
      if (stopped) return;
      const failure = describeStartFailure(error, 'SLACK_APP_TOKEN');
      if (failure.kind === 'configuration') {
        report({ ready: false, detail: failure.detail });
        log.error({ code: failure.code }, failure.detail);
        return;
      }
      failures += 1;
      const wait = backoff(failure.retryAfterMs);
      report({ ready: false, detail: `Socket Mode could not connect (${failure.detail}); retrying in ${Math.ceil(wait / 1000)} s` });
      log.warn({ err: error, attempt: failures, retryInMs: wait }, 'Slack Socket Mode could not connect; retrying');
      schedule(wait);
    } finally {
      connecting = false;
    }
  }

  events.on('connected', () => {
    failures = 0;
    report({ ready: true, detail: 'Socket Mode connected' });
    log.info({ mode: 'socket' }, 'Slack channel ready');
  });
  // The WebSocket closed (Slack recycles connections, or the network dropped): open a new one. A
  // close during an attempt is that attempt's failure, handled above.
  events.on('disconnected', () => {
    if (stopped || connecting) return;
    report({ ready: false, detail: 'Socket Mode reconnecting' });
    log.warn('Slack Socket Mode connection closed; reconnecting');
    schedule(0);
  });

  return {
    firstAttempt: attempt(),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
