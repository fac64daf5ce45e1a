// The daily retention job: once per local day (and at start), intelligence reports past their
// retain-until date lose their details (src/domain/intel/retention.ts). A missed day is caught up
// at the next check, and running twice in a day changes nothing (the domain step is idempotent).
import type { Logger } from 'pino';
import { localDate } from '../domain/calendar.ts';
import { anonymiseExpired } from '../domain/intel/retention.ts';
import type { Repository } from '../store/repository.ts';

const CHECK_EVERY_MS = 60 * 60 * 1000;

export interface RetentionJob {
  /** Runs the job if it has not run today (local date); resolves with what it did. */
  runIfDue(): Promise<{ ran: boolean; anonymised: number }>;
  stop(): void;
}

export function startRetentionJob(options: { store: Repository; logger: Logger; now: () => Date; timeZone: string }): RetentionJob {
  const { store, logger, now, timeZone } = options;
  let lastDay: string | undefined;
  let running: Promise<{ ran: boolean; anonymised: number }> | undefined;

  const runIfDue = (): Promise<{ ran: boolean; anonymised: number }> => {
    const today = localDate(now(), timeZone);
    if (lastDay === today) return Promise.resolve({ ran: false, anonymised: 0 });
    running ??= anonymiseExpired(store, { actor: { name: 'retention job' }, via: 'system' }, today)
      .then(({ anonymised }) => {
        lastDay = today;
        if (anonymised > 0) logger.info({ anonymised, today }, 'intelligence reports past their retention date anonymised');
        return { ran: true, anonymised };
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const tick = () => {
    runIfDue().catch((error: unknown) => logger.error({ err: error }, 'the retention job failed; it will try again within the hour'));
  };
  tick();
  const timer = setInterval(tick, CHECK_EVERY_MS);
  timer.unref();
  return { runIfDue, stop: () => clearInterval(timer) };
}
