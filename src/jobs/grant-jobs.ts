// The grants fund's scheduled sends: the reminder to the forum's coordinators four weeks before
// 31 March (the year-end monitoring report is due), and a daily private nudge to the grants lead
// about monitoring returns that are overdue (references only; no group is named in a channel).
import type { Outbox } from '../bot/outbox-delivery.ts';
import { localDate } from '../domain/calendar.ts';
import { financialYearOf } from '../domain/grants/financial-year.ts';
import { addDays, localToInstant } from '../domain/meetings/local-time.ts';
import type { GrantReturn } from '../domain/grants/grant-records.ts';
import type { PlannedJob } from '../scheduler/job-kinds.ts';
import type { Repository } from '../store/repository.ts';

const CTX = { actor: { name: 'scheduler' }, via: 'system' } as const;
/** Overdue returns are mentioned again a week after the last nudge about them. */
const NUDGE_AGAIN_DAYS = 7;

/** 09:00 UK time on 3 March (four weeks before 31 March) of the current financial year, or the next if passed. */
export function plannedReportReminder(now: Date, timeZone: string): PlannedJob {
  let year = financialYearOf(localDate(now, timeZone));
  let day = addDays(year.to, -28);
  if (localToInstant(day, '09:00', timeZone).getTime() <= now.getTime()) {
    year = financialYearOf(addDays(year.to, 1));
    day = addDays(year.to, -28);
  }
  return { kind: 'grants-report-reminder', idempotencyKey: `grants-report-reminder:${year.label}`, dueAt: localToInstant(day, '09:00', timeZone).toISOString(), payload: { year: year.label } };
}

/** Returns overdue on `day` that the lead has not been told of in the last week. */
function returnsToNudge(view: Pick<Repository, 'all'>, day: string): readonly Readonly<GrantReturn>[] {
  return view.all('grantReturns').filter((r) => !r.received && r.dueOn < day && (!r.nudgedOn || r.nudgedOn <= addDays(day, -NUDGE_AGAIN_DAYS)));
}

/**
 * The next 09:00 (UK time) nudge, planned only when a return will need one then: a day with
 * nothing to say plans nothing, so no empty check can be "missed" while the bot is down.
 */
export function plannedReturnsNudge(store: Pick<Repository, 'all'>, now: Date, timeZone: string): PlannedJob[] {
  let day = localDate(now, timeZone);
  if (localToInstant(day, '09:00', timeZone).getTime() <= now.getTime()) day = addDays(day, 1);
  if (returnsToNudge(store, day).length === 0) return [];
  return [{ kind: 'grants-returns-nudge', idempotencyKey: `grants-returns-nudge:${day}`, dueAt: localToInstant(day, '09:00', timeZone).toISOString(), payload: { day } }];
}

export async function remindCoordinatorsOfReport(store: Repository, outbox: Outbox, year: string): Promise<void> {
  const coordinators = store.all('people').filter((p) => p.roles.includes('coordinator'));
  await outbox.notify(
    coordinators.map((p) => p.id),
    `The grants fund's year-end monitoring report for ${year} is due by 31 March. Type \`grants report ${year}\` for the Word document and the CSV; check that payments and monitoring returns are recorded first.`,
  );
}

/** The grants lead: the officer(s) with the deciding role, else the coordinators. */
function grantsLeads(store: Repository): string[] {
  const deciders = store.all('people').filter((p) => p.roles.includes('grants-decider'));
  return (deciders.length > 0 ? deciders : store.all('people').filter((p) => p.roles.includes('coordinator'))).map((p) => p.id);
}

/** Nudges the grants lead about overdue returns not mentioned in the last week; marks them nudged. Returns how many. */
export async function nudgeOverdueReturns(store: Repository, outbox: Outbox, now: Date, timeZone: string): Promise<number> {
  const today = localDate(now, timeZone);
  const due = await store.transact(CTX, (tx) => {
    const late = returnsToNudge(tx, today);
    for (const r of late) tx.put('grantReturns', { ...r, nudgedOn: today }, { action: 'grants.return.nudged', detail: { application: r.applicationId } });
    return late.map((r) => ({ reference: r.applicationId, dueOn: r.dueOn }));
  });
  if (due.length === 0) return 0;
  await outbox.notify(grantsLeads(store), `Monitoring returns overdue: ${due.map((d) => `${d.reference} (due ${d.dueOn})`).join(', ')}. Type \`grant <reference>\` to see each; the group can send its return from its status link, or a coordinator can issue a new link.`);
  return due.length;
}
