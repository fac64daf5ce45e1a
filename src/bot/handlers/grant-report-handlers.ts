// `grants report [2026-27]`: the year-end monitoring report's headline figures in the chat, and
// links to the Word document and the CSV (made when opened, so they hold the figures of that moment).
import { may, refusalFor } from '../../domain/access/permissions.ts';
import { ValidationError } from '../../domain/errors.ts';
import { financialYearOf, parseFinancialYear, type FinancialYear } from '../../domain/grants/financial-year.ts';
import { yearEndReport } from '../../domain/grants/year-end-report.ts';
import { changeContext, textReply, type Reply, type Turn } from '../turn.ts';
import { pounds } from '../views/grant-views.ts';

export async function grantsReport(turn: Turn, yearText: string | undefined): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'grants.view')) return textReply(refusalFor('grants.view'));
  let year: FinancialYear;
  try {
    year = yearText ? parseFinancialYear(yearText) : financialYearOf(turn.today);
  } catch (error) {
    if (error instanceof ValidationError) return textReply(error.problems.join(' '));
    throw error;
  }
  const report = yearEndReport(turn.deps.store, year, turn.now);
  const council = report.sources.find((s) => s.source === 'council');
  const ctx = changeContext(turn);
  const word = await turn.deps.links.issue(ctx, { purpose: 'grants-report-docx', holder: person.id, subject: year.label });
  const csv = await turn.deps.links.issue(ctx, { purpose: 'grants-report-csv', holder: person.id, subject: year.label });
  return textReply(
    [
      `**Grants monitoring report ${year.label}** (${year.from} to ${year.to})`,
      `Council grant: budget ${pounds(council?.budget ?? 0)}, awarded ${pounds(council?.awarded ?? 0)}, paid ${pounds(council?.paid ?? 0)}.`,
      `All sources: budget ${pounds(report.total.budget)}, ${report.total.awards} awards totalling ${pounds(report.total.awarded)}, paid ${pounds(report.total.paid)}.`,
      `Outcomes: ${report.outcomes.returnsReceived} monitoring returns, ${report.outcomes.peopleReached} people reached. Outstanding: ${report.outstanding.returnsOverdue} returns overdue, ${pounds(report.outstanding.unpaidAmount)} awarded not yet paid.`,
      `Word document: ${word.url}`,
      `CSV: ${csv.url}`,
      'The links work for an hour, for you only.',
    ].join('\n\n'),
  );
}
