// Alerting the reviewers about an urgent report, and finding out what really happened: the alerts
// (already in the outbox with the report) are tried at once; for each reviewer who could not be
// reached, the admins are told privately at once, so someone can act. The reporter is answered
// with the outcome if it is known within ALERT_ANSWER_WAIT_MS, otherwise told it will follow.
import type { Logger } from 'pino';
import type { EscalationReason } from '../domain/intel/escalation.ts';
import type { IntelReport, OutboxMessage } from '../domain/model.ts';
import type { ReadView } from '../store/repository.ts';
import { NO_CHAT_YET } from './direct-messages.ts';
import type { Outbox } from './outbox-delivery.ts';
import { unreachedReviewersText, type AlertOutcome } from './views/alert-views.ts';

/**
 * How long the reporter's answer may wait for the alerts. Slack must have a modal submission
 * acknowledged within 3 seconds, and saving the report and rendering the answer take part of that;
 * Teams is more patient, but a person waiting on a spinner is not.
 */
export const ALERT_ANSWER_WAIT_MS = 2000;

export interface AlertDeps {
  store: ReadView;
  outbox: Outbox;
  logger: Logger;
}

/** Delivers the report's alerts and tells the admins about any reviewer they could not reach. */
export async function alertReviewers(deps: AlertDeps, report: IntelReport, reasons: readonly EscalationReason[], alerts: readonly OutboxMessage[]): Promise<AlertOutcome> {
  const { store, outbox, logger } = deps;
  const outcomes = (await outbox.deliver(alerts.map((a) => a.id))).filter((o) => o.result !== 'dropped');
  const reached = outcomes.filter((o) => o.result === 'delivered').length;
  // `busy`: another attempt (the reviewer wrote to the bot at that very moment) has it in hand.
  const kept = outcomes.filter((o) => o.result === 'kept');
  let adminsTold = 0;
  let adminsKept = 0;
  if (kept.length > 0) {
    const keptFor = new Set(kept.map((o) => o.personId));
    // A reviewer who is an admin gets the alert itself when reachable; the reporter knows already.
    const admins = store.all('people').filter((p) => p.roles.includes('admin') && p.id !== report.reporterPersonId && !keptFor.has(p.id));
    const unreached = kept.map((o) => ({ name: store.get('people', o.personId)?.displayName ?? o.personId, reason: o.reason ?? NO_CHAT_YET }));
    const notices = await outbox.notify(admins.map((a) => a.id), unreachedReviewersText(report, reasons, unreached));
    adminsTold = notices.filter((n) => n.result === 'delivered').length;
    adminsKept = notices.filter((n) => n.result === 'kept').length;
  }
  const sending = outcomes.filter((o) => o.result === 'busy').length;
  const outcome: AlertOutcome = { reviewers: outcomes.length, reached, kept: kept.length, sending, adminsTold, adminsKept };
  // One message either way (a warning when some were kept), so a search of the log finds every report's alerts.
  logger[kept.length > 0 ? 'warn' : 'info']({ report: report.id, ...outcome }, 'reviewers alerted');
  return outcome;
}

/** The promise's value if it settles within `ms`; otherwise `undefined` (it goes on regardless). */
export async function within<T>(ms: number, promise: Promise<T>): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
