// The reviewers' export: every report that happened in a period, one CSV row each, for analysis in
// a spreadsheet. Reviewers and admins only; every export (and every refused attempt) is audited
// with the period and the count. The file carries report text, so it is handled as the reports
// are: the reporter's identity is left out (the export is for patterns, not people), cells are
// guarded against spreadsheet formula injection as the plan export guards them.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { stringify } from 'csv-stringify/sync';
import { listAreas } from '../areas.ts';
import { FORUM_TIME_ZONE } from '../calendar.ts';
import type { IntelReport, Person } from '../model.ts';
import type { ChangeContext, Repository } from '../../store/repository.ts';
import { ForbiddenError } from '../access/permissions.ts';
import { guardCell } from '../../plan-csv/csv-format.ts';
import { canReviewIntel, checkPeriod, visibleReports } from './intel-access.ts';
import type { SummaryPeriod } from './intel-summary.ts';

export const INTEL_CSV_COLUMNS = [
  'id', 'reported_at', 'occurred_at', 'area_id', 'area', 'location', 'category', 'hate_strands', 'communities_affected', 'description',
  'source_type', 'source_reliability', 'information_confidence', 'tension_level', 'tension_trend', 'reported_to_police', 'police_reference',
  'actions_taken', 'handling', 'status', 'review_notes', 'amendments', 'retain_until', 'version',
] as const;
type Column = (typeof INTEL_CSV_COLUMNS)[number];

/** "2026-06-10 20:30" in the forum's time zone: what people read, and what a spreadsheet sorts. */
const localTime = (instant: string, timeZone: string) => format(new TZDate(Date.parse(instant), timeZone), 'yyyy-MM-dd HH:mm');

function row(r: IntelReport, areaNames: ReadonlyMap<string, string>, timeZone: string): Record<Column, string> {
  return {
    id: r.id,
    reported_at: localTime(r.reportedAt, timeZone),
    // A report whose time was not known gives the day alone, never a made-up time.
    occurred_at: r.occurredTimeKnown === false ? localTime(r.occurredAt, timeZone).slice(0, 10) : localTime(r.occurredAt, timeZone),
    area_id: r.areaId,
    area: areaNames.get(r.areaId) ?? r.areaId,
    location: r.location ?? '',
    category: r.category,
    hate_strands: r.hateStrands.join('; '),
    communities_affected: r.communitiesAffected.join('; '),
    description: r.description,
    source_type: r.sourceType,
    source_reliability: r.sourceReliability,
    information_confidence: r.informationConfidence,
    tension_level: String(r.tensionLevel),
    tension_trend: r.tensionTrend,
    reported_to_police: r.reportedToPolice ? 'yes' : 'no',
    police_reference: r.policeReference ?? '',
    actions_taken: r.actionsTaken ?? '',
    handling: r.handling,
    status: r.status,
    review_notes: r.reviewNotes.map((n) => `${localTime(n.at, timeZone)} ${n.status}: ${n.note}`).join('\n'),
    amendments: r.amendments.map((a) => `${localTime(a.at, timeZone)} ${a.field} was: ${a.previous}`).join('\n'),
    retain_until: r.retainUntil,
    version: String(r.version),
  };
}

/**
 * The CSV (header row, CRLF line ends) of the reports that happened in the local dates
 * `period.from`..`period.to`, oldest first. Throws ForbiddenError for anyone but a reviewer or
 * an admin, after auditing the refusal.
 */
export async function exportIntelCsv(repo: Repository, ctx: ChangeContext, person: Person, period: SummaryPeriod, timeZone = FORUM_TIME_ZONE): Promise<string> {
  checkPeriod(period);
  const allowed = canReviewIntel(person);
  const reports = await repo.transact(ctx, (tx) => {
    if (!allowed) {
      tx.note({ action: 'intel.export-refused', collection: 'intelReports', detail: { from: period.from, to: period.to } });
      return [];
    }
    const found = visibleReports(tx, person, period, timeZone).reverse();
    tx.note({ action: 'intel.export', collection: 'intelReports', detail: { count: found.length, from: period.from, to: period.to } });
    return found;
  });
  if (!allowed) throw new ForbiddenError('Only intelligence reviewers and admins can export reports.');
  const areaNames = new Map(listAreas().map((a) => [a.id, a.name]));
  const rows = reports.map((r) => {
    const cells = row(r, areaNames, timeZone);
    return INTEL_CSV_COLUMNS.map((column) => guardCell(cells[column]));
  });
  return stringify([[...INTEL_CSV_COLUMNS], ...rows], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
