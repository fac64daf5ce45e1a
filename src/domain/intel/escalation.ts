// When a new report should reach the reviewers at once (privately, as a link, never its text):
// a high or critical tension level, or a ward whose reports in the last seven days have reached
// the forum's threshold.
import type { IntelReport, OutboxMessage, Person } from '../model.ts';
import type { ReadView, Transaction } from '../../store/repository.ts';
import { listAreas } from '../areas.ts';
import { queueMessages } from '../outbox.ts';
import { canReviewIntel } from './intel-access.ts';

export type EscalationReason =
  | { kind: 'high-tension'; level: number }
  | { kind: 'ward-rising'; areaId: string; count: number };

/** Reports in one ward within seven days that alert the reviewers, unless configured otherwise. */
export const DEFAULT_WARD_WEEKLY_THRESHOLD = 5;

/** Level 3 (high) and 4 (critical) alert at once. */
export const HIGH_TENSION_LEVEL = 3;

const WEEK_MS = 7 * 86_400_000;

export interface EscalationOptions {
  /** Reports in one ward in the last 7 days (this one included) at which reviewers are alerted. */
  weeklyThreshold: number;
  now: Date;
}

/**
 * Why `report` should be escalated, if at all. The ward rule counts reports that happened in the
 * seven days up to `now` in the report's ward (wards only: Borough-wide, Outside Rotherham and
 * Unknown are not places that can "rise"), and applies only when the report itself is one of them:
 * a late report about last month is not news about this week. Every report logged while the ward
 * is at or over the threshold alerts, so a run of reports is never summed up by one early alert.
 */
export function escalationReasons(view: ReadView, report: Pick<IntelReport, 'id' | 'areaId' | 'tensionLevel' | 'occurredAt'>, options: EscalationOptions): EscalationReason[] {
  const reasons: EscalationReason[] = [];
  if (report.tensionLevel >= HIGH_TENSION_LEVEL) reasons.push({ kind: 'high-tension', level: report.tensionLevel });

  const until = options.now.getTime();
  const since = until - WEEK_MS;
  const inWindow = (occurredAt: string) => {
    const at = Date.parse(occurredAt);
    return at > since && at <= until;
  };
  if (isWard(report.areaId) && inWindow(report.occurredAt)) {
    let count = 0;
    let includesThis = false;
    for (const r of view.all('intelReports')) {
      if (r.areaId !== report.areaId || !inWindow(r.occurredAt)) continue;
      count += 1;
      if (r.id === report.id) includesThis = true;
    }
    // Called before the report is stored, it still counts itself.
    if (!includesThis) count += 1;
    if (count >= options.weeklyThreshold) reasons.push({ kind: 'ward-rising', areaId: report.areaId, count });
  }
  return reasons;
}

function isWard(areaId: string): boolean {
  return listAreas().some((a) => a.id === areaId && a.kind === 'ward');
}

/** Who is alerted: everyone who may review intelligence (intelligence reviewers and admins). */
export function reviewersToAlert(view: ReadView): Person[] {
  return view.all('people').filter((p) => canReviewIntel(p));
}

/**
 * One alert per reviewer (the reporter excepted) in the outbox, written in the report's own
 * transaction: no stop between saving the report and alerting can lose an alert. The alert names
 * the report and why, never its text.
 */
export function queueReviewerAlerts(tx: Transaction, report: Pick<IntelReport, 'id' | 'reporterPersonId'>, reasons: readonly EscalationReason[]): OutboxMessage[] {
  if (reasons.length === 0) return [];
  const reviewers = reviewersToAlert(tx).filter((p) => p.id !== report.reporterPersonId);
  return queueMessages(tx, reviewers.map((p) => p.id), { kind: 'intel-alert', reportId: report.id, reasons: [...reasons] });
}
