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

export class Recorder {
  readonly timings = new Map<string, Timings>();
  /** Failures by reason, e.g. `teams update.save: HTTP 500`. */
  readonly failures = new Map<string, number>();
  /** Slack slash-command acknowledgements (Slack gives up after 3 s). */
  readonly slackAcks: number[] = [];
  requests = 0;

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
      this.entry(key).errors += 1;
      const reason = `${key}: ${error instanceof LoadError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`.slice(0, 300);
      if (this.failures.size < MAX_ERROR_SAMPLES || this.failures.has(reason)) this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
      return undefined;
    }
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
