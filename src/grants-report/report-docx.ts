// The year-end report as a Word document (docx) the forum can file: the council's contribution on
// its own, spend against budget per source with a bar chart, awards by theme and ward, outcomes
// from the groups' monitoring returns, and what is outstanding. No personal data is in it.
import { Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { listAreas } from '../domain/areas.ts';
import { THEME_LABELS } from '../domain/grants/application-form.ts';
import { FUNDING_SOURCE_NAMES } from '../domain/grants/grant-records.ts';
import type { YearEndReport } from '../domain/grants/year-end-report.ts';
import { barChartPng, SERIES_NAMES } from './bar-chart-png.ts';

const pounds = (n: number) => `£${n.toLocaleString('en-GB')}`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): Table {
  const row = (cells: readonly string[], bold: boolean) => new TableRow({ tableHeader: bold, children: cells.map((text) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })) });
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [row(header, true), ...rows.map((r) => row(r, false))] });
}

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_2) => new Paragraph({ text, heading: level });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });

export async function reportDocx(report: YearEndReport, generatedOn: string): Promise<Buffer> {
  const council = report.sources.find((s) => s.source === 'council');
  const wardName = (id: string) => listAreas().find((a) => a.id === id)?.name ?? id;
  const chart = barChartPng(report.sources.map((s) => ({ values: [s.budget, s.awarded, s.paid] })));
  const doc = new Document({
    creator: 'Stronger Communities Forum bot',
    title: `Building Stronger Communities small grants: monitoring report ${report.year.label}`,
    sections: [
      {
        children: [
          heading(`Building Stronger Communities small grants: monitoring report ${report.year.label}`, HeadingLevel.HEADING_1),
          para(`Financial year ${report.year.from} to ${report.year.to}. Made on ${generatedOn} from the forum's records. Awards count in the year they were decided, payments in the year they were paid, monitoring returns in the year they were received.`),
          heading('The council grant'),
          para(council ? `Budget ${pounds(council.budget)}; ${council.awards} award${council.awards === 1 ? '' : 's'} totalling ${pounds(council.awarded)}; paid ${pounds(council.paid)}; awarded but not yet paid ${pounds(council.unpaid)}.` : 'No council budget.'),
          heading('Spend against budget, by funding source'),
          table(['Source', 'Budget', 'Awards', 'Awarded', 'Paid', 'Not yet paid'], [...report.sources.map((s) => [FUNDING_SOURCE_NAMES[s.source], pounds(s.budget), String(s.awards), pounds(s.awarded), pounds(s.paid), pounds(s.unpaid)]), ['All sources', pounds(report.total.budget), String(report.total.awards), pounds(report.total.awarded), pounds(report.total.paid), pounds(report.total.unpaid)]]),
          new Paragraph({ children: [new ImageRun({ type: 'png', data: chart, transformation: { width: 600, height: 300 }, altText: { name: 'Chart', title: 'Budget, awarded and paid by funding source', description: `Bars for ${report.sources.map((s) => FUNDING_SOURCE_NAMES[s.source]).join(', ')}: ${SERIES_NAMES.join(', ')}. The figures are in the table above.` } })] }),
          para(`Bars, left to right for each source (council, RTP, external): ${SERIES_NAMES.join(' (grey), ').replace(/, ([^,]*)$/, ' (blue), $1')} (green).`),
          heading('Applications'),
          para(`${report.applications.received} received in the year; ${report.applications.awarded} awarded and ${report.applications.declined} declined in the year; ${report.applications.undecided} not yet decided.`),
          heading('Awards by theme'),
          para('An award about several themes counts under each, with its whole amount.'),
          table(['Theme', 'Awards', 'Amount'], Object.entries(report.byTheme).map(([t, v]) => [THEME_LABELS[t as keyof typeof THEME_LABELS], String(v.awards), pounds(v.amount)])),
          heading('Awards by ward'),
          table(['Ward', 'Awards', 'Amount'], Object.entries(report.byWard).sort(([a], [b]) => wardName(a).localeCompare(wardName(b))).map(([w, v]) => [wardName(w), String(v.awards), pounds(v.amount)])),
          heading('Outcomes from monitoring returns'),
          para(`${report.outcomes.returnsReceived} returns received; ${report.outcomes.peopleReached.toLocaleString('en-GB')} people reached; ${pounds(report.outcomes.moneySpent)} spent, as the groups reported.`),
          ...report.outcomes.highlights.map((h) => para(`${h.reference}: ${h.text}`)),
          heading('Outstanding'),
          para(`${report.outstanding.returnsOverdue} monitoring returns overdue and ${report.outstanding.returnsDueLater} due later; ${report.outstanding.unpaidAwards} awards not fully paid (${pounds(report.outstanding.unpaidAmount)}).`),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
