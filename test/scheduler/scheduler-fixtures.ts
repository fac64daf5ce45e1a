// A store on a movable fake clock, planned jobs with overrides, and fake interval timers.
import { createLogger } from '../../src/logging/logger.ts';
import type { PlannedJob } from '../../src/scheduler/job-kinds.ts';
import type { TimerApi } from '../../src/scheduler/scheduler.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';

export const silent = createLogger('silent');

export class FakeClock {
  constructor(public at: Date) {}
  readonly now = (): Date => this.at;
  set(iso: string): void {
    this.at = new Date(iso);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export function openTestStore(dataDir: string, clock: FakeClock): Promise<Repository> {
  return openStore({ dataDir, now: clock.now, logger: silent });
}

type ReminderJob = Extract<PlannedJob, { kind: 'meeting-reminder' }>;
export const aReminderJob = (o: Partial<ReminderJob> = {}): ReminderJob => ({
  kind: 'meeting-reminder',
  idempotencyKey: 'reminder:MTG-1@20260331T0900Z:1d0900:SUB-1',
  dueAt: '2026-03-30T08:00:00.000Z',
  payload: { meetingId: 'MTG-1', meetingStartsAt: '2026-03-31T09:00:00.000Z', subscriptionId: 'SUB-1', offset: '1d0900' },
  ...o,
});

/** Interval timers that only fire when the test says so, and can be counted. */
export class FakeTimers implements TimerApi {
  readonly live = new Set<{ callback: () => void; unref: () => void; unrefd: boolean }>();
  setInterval(callback: () => void, _ms: number) {
    const handle = {
      callback,
      unrefd: false,
      unref() {
        handle.unrefd = true;
      },
    };
    this.live.add(handle);
    return handle;
  }
  clearInterval(handle: object): void {
    for (const h of this.live) if (h === handle) this.live.delete(h);
  }
  fire(): void {
    for (const h of this.live) h.callback();
  }
}
