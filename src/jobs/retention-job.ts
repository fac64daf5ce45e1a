// The daily retention job: once per local day (and at start), intelligence reports past their
// retain-until date lose their details (src/domain/intel/retention.ts) and grant applicants whose
// programme ended long enough ago lose their contact details (src/domain/grants/grant-retention.ts),
// then every copy the store
// keeps (backups, set-aside files) is brought in line, so no copy the bot controls still holds the
// text. A missed day, or a day whose copies could not all be rewritten, is caught up at the next
// check; running twice in a day changes nothing (both steps are idempotent).
import type { Logger } from 'pino';
import { localDate } from '../domain/calendar.ts';
import { anonymiseExpired, removeExpiredFromCopies } from '../domain/intel/retention.ts';
import { contactRetentionCopyRewrite, removeExpiredContacts } from '../domain/grants/grant-retention.ts';
import type { CopyRewriteOutcome, Repository } from '../store/repository.ts';

const CHECK_EVERY_MS = 60 * 60 * 1000;

export interface RetentionRun {
  ran: boolean;
  anonymised: number;
  /** Grant applications whose contact details were removed. */
  contactsRemoved: number;
  /** What the run rewrote in the copies (absent when it did not run). */
  copies?: CopyRewriteOutcome;
}

export interface RetentionJob {
  /** Runs the job if it has not run today (local date); resolves with what it did. */
  runIfDue(): Promise<RetentionRun>;
  stop(): void;
}

export function startRetentionJob(options: { store: Repository; logger: Logger; now: () => Date; timeZone: string; grantContactMonths: number }): RetentionJob {
  const { store, logger, now, timeZone, grantContactMonths } = options;
  let lastDay: string | undefined;
  let running: Promise<RetentionRun> | undefined;
  const ctx = { actor: { name: 'retention job' }, via: 'system' } as const;

  const runIfDue = (): Promise<RetentionRun> => {
    const today = localDate(now(), timeZone);
    if (lastDay === today) return Promise.resolve({ ran: false, anonymised: 0, contactsRemoved: 0 });
    running ??= (async () => {
      const { anonymised } = await anonymiseExpired(store, ctx, today);
      if (anonymised > 0) logger.info({ anonymised, today }, 'intelligence reports past their retention date anonymised');
      const { removed } = await removeExpiredContacts(store, ctx, today, grantContactMonths);
      if (removed > 0) logger.info({ removed, today }, 'grant applicants\' contact details past their retention date removed');
      // One pass over the copies for both: backups can be large.
      const copies = await removeExpiredFromCopies(store, ctx, today, contactRetentionCopyRewrite(store, today, grantContactMonths));
      if (copies.records > 0) logger.info({ files: copies.files, records: copies.records, today }, 'expired intelligence and grant contact details removed from backups and set-aside copies');
      // Files it could not read are logged (by the store) and audited; tomorrow's run looks at them again.
      lastDay = today;
      return { ran: true, anonymised, copies, contactsRemoved: removed };
    })()
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
