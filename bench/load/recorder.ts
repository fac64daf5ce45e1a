// Timings and failures of a load run, per command and platform. A step is one thing an officer
// waits for (a list, a form opening, a save); its time runs until the answer reaches them.
import type { Channel } from '../../src/domain/model.ts';

/** A wrong or missing answer: the reason is what the report shows. */
export class LoadError extends Error {}

export const COMMANDS = ['list', 'summary', 'update.form', 'update.save', 'intel.form', 'intel.save', 'rsvp'] as const;
export type Command = (typeof COMMANDS)[number];

export interface Timings {
  samples: number[];
  errors: number;
}

const MAX_ERROR_SAMPLES = 20;

function lostRequestId(error: unknown): string | undefined {
  return error instanceof Error && error.name === 'ConnectionLost' && 'requestId' in error && typeof error.requestId === 'string' ? error.requestId : undefined;
}

/** A request that was never accepted after shutdown began (bot-side check of the log): not an error. */
export function notAccepted(recorder: Recorder, acceptedIds: ReadonlySet<string>): void {
  for (const lost of recorder.lostAfterShutdown) {
    if (acceptedIds.has(lost.requestId)) recorder.recordFailure(lost.key, `the bot accepted the request (${lost.requestId}) and closed the connection without answering`);
    else recorder.refusedAfterShutdown += 1;
  }
}

/** fetch's error when nothing listens any more (the bot stopped accepting connections). */
function refusedConnection(error: unknown): boolean {
  const cause: unknown = error && typeof error === 'object' && 'cause' in error ? error.cause : undefined;
  return Boolean(cause && typeof cause === 'object' && 'code' in cause && cause.code === 'ECONNREFUSED');
}

function describe(error: unknown): string {
  if (error instanceof LoadError) return error.message;
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const detail = cause && typeof cause === 'object' ? ('code' in cause ? String(cause.code) : 'message' in cause ? String(cause.message) : '') : '';
  return `${error.name}: ${error.message}${detail ? ` (${detail})` : ''}`;
}

export class Recorder {
  readonly timings = new Map<string, Timings>();
  /** Failures by reason, e.g. `teams update.save: HTTP 500`. */
  readonly failures = new Map<string, number>();
  /** Slack slash-command acknowledgements (Slack gives up after 3 s). */
  readonly slackAcks: number[] = [];
  requests = 0;
  /** Set once the bot has been told to shut down: from then on a refused connection is expected. */
  shuttingDown = false;
  /** Actions whose request found the bot no longer accepting connections (after shutdown began). */
  refusedAfterShutdown = 0;
  /**
   * After shutdown began: requests whose connection was closed without an answer, by request id and
   * step. The bot's log later tells whether it had accepted them (then they count as errors).
   */
  readonly lostAfterShutdown: { requestId: string; key: string }[] = [];
  /** Times the bot was down in a crash loop (kill -9 until it listened again). */
  private readonly disruptions: { from: number; to: number }[] = [];
  /** Actions that failed because a crash happened while they ran (expected: never acknowledged). */
  lostInCrash = 0;

  crashed(at: number): void {
    this.disruptions.push({ from: at, to: Number.POSITIVE_INFINITY });
  }

  /** True while the bot is down in a crash loop. */
  get disrupted(): boolean {
    return this.disruptions.at(-1)?.to === Number.POSITIVE_INFINITY;
  }

  restarted(at: number): void {
    const last = this.disruptions.at(-1);
    if (last) last.to = at;
  }

  key(command: Command, platform: Channel): string {
    return `${platform} ${command}`;
  }

  /** Runs one step: its time is recorded, a failure counted with its reason; returns undefined on failure. */
  async step<T>(command: Command, platform: Channel, work: () => Promise<T>): Promise<T | undefined> {
    const started = performance.now();
    const key = this.key(command, platform);
    try {
      const value = await work();
      this.entry(key).samples.push(performance.now() - started);
      return value;
    } catch (error) {
      const ended = performance.now();
      if (this.disruptions.some((d) => started <= d.to && ended >= d.from)) {
        this.lostInCrash += 1;
        return undefined;
      }
      if (this.shuttingDown && refusedConnection(error)) {
        this.refusedAfterShutdown += 1;
        return undefined;
      }
      const lost = this.shuttingDown ? lostRequestId(error) : undefined;
      if (lost) {
        this.lostAfterShutdown.push({ requestId: lost, key });
        return undefined;
      }
      this.entry(key).errors += 1;
      const reason = `${key}: ${describe(error)}`.slice(0, 300);
      if (this.failures.size < MAX_ERROR_SAMPLES || this.failures.has(reason)) this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
      return undefined;
    }
  }

  recordFailure(key: string, reason: string): void {
    this.entry(key).errors += 1;
    const text = `${key}: ${reason}`.slice(0, 300);
    this.failures.set(text, (this.failures.get(text) ?? 0) + 1);
  }

  private entry(key: string): Timings {
    let entry = this.timings.get(key);
    if (!entry) {
      entry = { samples: [], errors: 0 };
      this.timings.set(key, entry);
    }
    return entry;
  }

  get errors(): number {
    return [...this.timings.values()].reduce((sum, t) => sum + t.errors, 0);
  }

  get completed(): number {
    return [...this.timings.values()].reduce((sum, t) => sum + t.samples.length, 0);
  }
}
