// The year-end report as CSV: one row per figure (section, item, awards, amount), so a finance
// officer can sort and total it; the council's contribution is its own section first.
import { stringify } from 'csv-stringify/sync';
import { listAreas } from '../domain/areas.ts';
import { THEME_LABELS } from '../domain/grants/application-form.ts';
import { FUNDING_SOURCE_NAMES } from '../domain/grants/grant-records.ts';
import type { YearEndReport } from '../domain/grants/year-end-report.ts';

export function reportCsv(report: YearEndReport): string {
  const rows: (string | number)[][] = [['section', 'item', 'awards', 'amount_gbp']];
  const council = report.sources.find((s) => s.source === 'council');
  if (council) {
    rows.push(['council grant', 'budget', '', council.budget], ['council grant', 'awarded', council.awards, council.awarded], ['council grant', 'paid', '', council.paid], ['council grant', 'awarded not yet paid', '', council.unpaid]);
  }
  for (const s of report.sources) {
    rows.push([`source: ${FUNDING_SOURCE_NAMES[s.source]}`, 'budget', '', s.budget], [`source: ${FUNDING_SOURCE_NAMES[s.source]}`, 'awarded', s.awards, s.awarded], [`source: ${FUNDING_SOURCE_NAMES[s.source]}`, 'paid', '', s.paid]);
  }
  rows.push(['all sources', 'budget', '', report.total.budget], ['all sources', 'awarded', report.total.awards, report.total.awarded], ['all sources', 'paid', '', report.total.paid], ['all sources', 'awarded not yet paid', '', report.total.unpaid]);
  rows.push(['applications', 'received', report.applications.received, ''], ['applications', 'awarded', report.applications.awarded, ''], ['applications', 'declined', report.applications.declined, ''], ['applications', 'not yet decided', report.applications.undecided, '']);
  for (const [theme, v] of Object.entries(report.byTheme)) rows.push(['by theme', THEME_LABELS[theme as keyof typeof THEME_LABELS], v.awards, v.amount]);
  const wardName = (id: string) => listAreas().find((a) => a.id === id)?.name ?? id;
  for (const [ward, v] of Object.entries(report.byWard).sort(([a], [b]) => wardName(a).localeCompare(wardName(b)))) rows.push(['by ward', wardName(ward), v.awards, v.amount]);
  rows.push(['outcomes', 'monitoring returns received', report.outcomes.returnsReceived, ''], ['outcomes', 'people reached', report.outcomes.peopleReached, ''], ['outcomes', 'money spent (reported by groups)', '', report.outcomes.moneySpent]);
  rows.push(['outstanding', 'monitoring returns overdue', report.outstanding.returnsOverdue, ''], ['outstanding', 'monitoring returns due later', report.outstanding.returnsDueLater, ''], ['outstanding', 'awards not fully paid', report.outstanding.unpaidAwards, report.outstanding.unpaidAmount]);
  return stringify(rows);
}
