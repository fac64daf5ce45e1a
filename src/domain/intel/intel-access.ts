// Who may see which intelligence report, and the audit of every look. Need-to-know:
//   - intelligence reviewers and admins see every report;
//   - a reporter sees their own OFFICIAL reports;
//   - an OFFICIAL-SENSITIVE report is for reviewers and admins only, its own reporter included:
//     the reporter gets the confirmation when they log it and nothing after (it is never in a
//     list they can see, and reading it by id is refused like any other report they may not see);
//   - nobody else sees any report (coordinators and members included).
// A refused read looks exactly like a missing report, so an id cannot be probed for existence.
import { may } from '../access/permissions.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { INTEL_STATUSES, IntelReport, Person } from '../model.ts';
import type { ChangeContext, ReadView, Repository } from '../../store/repository.ts';
import { FORUM_TIME_ZONE } from '../calendar.ts';
import { isLocalDate, periodBounds } from './intel-dates.ts';

export type IntelStatus = (typeof INTEL_STATUSES)[number];

export function canReviewIntel(person: Pick<Person, 'roles'>): boolean {
  return may(person, 'intel.review');
}

export function canReadReport(person: Pick<Person, 'id' | 'roles'>, report: Pick<IntelReport, 'reporterPersonId' | 'handling'>): boolean {
  if (canReviewIntel(person)) return true;
  if (report.handling === 'OFFICIAL-SENSITIVE') return false;
  return report.reporterPersonId === person.id;
}

export interface ReportFilter {
  status?: IntelStatus[];
  /** First local date (YYYY-MM-DD) of when it happened, inclusive. */
  from?: string;
  /** Last local date of when it happened, inclusive. */
  to?: string;
}

/** The reports `person` may see that match `filter`, newest (by when it happened) first. Not audited. */
export function visibleReports(view: ReadView, person: Pick<Person, 'id' | 'roles'>, filter: ReportFilter, timeZone = FORUM_TIME_ZONE): IntelReport[] {
  const statuses = filter.status && filter.status.length > 0 ? new Set(filter.status) : undefined;
  const { start, end } = periodBounds(filter.from, filter.to, timeZone);
  return view
    .all('intelReports')
    .filter((r) => {
      if (statuses && !statuses.has(r.status)) return false;
      if (!canReadReport(person, r)) return false;
      const at = Date.parse(r.occurredAt);
      return at >= start && at < end;
    })
    .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || b.id.localeCompare(a.id));
}

/** A list of reports, audited as one `intel.list` entry saying how many were shown (never what). */
export async function listReports(repo: Repository, ctx: ChangeContext, person: Person, filter: ReportFilter): Promise<IntelReport[]> {
  checkPeriod(filter);
  return repo.transact(ctx, (tx) => {
    const reports = visibleReports(tx, person, filter);
    tx.note({
      action: 'intel.list',
      collection: 'intelReports',
      detail: {
        count: reports.length,
        statuses: filter.status ?? [],
        from: filter.from ?? null,
        to: filter.to ?? null,
        reviewer: canReviewIntel(person),
      },
    });
    return reports;
  });
}

/** A period's ends must be real dates (YYYY-MM-DD), from on or before to. */
export function checkPeriod(period: { from?: string; to?: string }): void {
  const problems: string[] = [];
  if (period.from !== undefined && !isLocalDate(period.from)) problems.push('The start of the period must be a date like 2026-03-01');
  if (period.to !== undefined && !isLocalDate(period.to)) problems.push('The end of the period must be a date like 2026-03-31');
  if (problems.length === 0 && period.from && period.to && period.from > period.to) problems.push('The period must start on or before its end');
  if (problems.length > 0) throw new ValidationError(problems);
}

// Ids are typed by people; only something shaped like an id goes into the audit log.
const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;

/**
 * One report, if `person` may see it. Every successful read is audited (`intel.read`), and so is
 * every refusal (`intel.read-refused`, saying whether the report was missing or forbidden); both
 * refusals throw the same NotFoundError, so the person cannot tell them apart.
 */
export async function readReport(repo: Repository, ctx: ChangeContext, person: Person, id: string): Promise<IntelReport> {
  const report = await repo.transact(ctx, (tx) => {
    const found = tx.get('intelReports', id);
    const allowed = found !== undefined && canReadReport(person, found);
    const recordId = ID_SHAPE.test(id) ? { recordId: id } : {};
    if (allowed) {
      tx.note({ action: 'intel.read', collection: 'intelReports', ...recordId, detail: { handling: found.handling } });
      return found;
    }
    tx.note({
      action: 'intel.read-refused',
      collection: 'intelReports',
      ...recordId,
      detail: { reason: found ? 'forbidden' : 'missing', ...(recordId.recordId ? {} : { malformedId: true }) },
    });
    return undefined;
  });
  if (!report) throw new NotFoundError('intelligence report', ID_SHAPE.test(id) ? id : '(not a report id)');
  return report;
}
