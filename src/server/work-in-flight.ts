// Work that goes on after the HTTP response has gone (Slack acknowledges a slash command or a
// click at once, and the bot answers afterwards). A graceful shutdown waits for it, bounded, so an
// officer who was acknowledged still gets the answer and the change is saved before the store closes.
import type { Logger } from 'pino';

export class WorkInFlight {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly what: string) {}

  /** Runs `work`, remembered until it settles; its result (or error) is passed on. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.running.add(promise);
    const forget = () => void this.running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  get size(): number {
    return this.running.size;
  }

  /** Waits until everything running now has settled, or `timeoutMs` has passed (logged). */
  async drain(timeoutMs: number, log: Logger): Promise<void> {
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const outcome = await Promise.race([Promise.allSettled([...this.running]), late]);
    clearTimeout(timer);
    if (outcome === 'late') log.warn({ what: this.what, still: this.running.size, timeoutMs }, 'shutting down with work still running');
  }
}
