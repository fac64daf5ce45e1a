// What each kind of link opens, made at the moment it is opened (so it holds the data of that
// moment), or nothing when the link's subject no longer allows it: a reviewer who is no longer
// one, a meeting that was cancelled or has ended. Nothing, to the person, looks like any other
// link that does not work.
import { may } from '../domain/access/permissions.ts';
import { localDate } from '../domain/calendar.ts';
import { parseFinancialYear } from '../domain/grants/financial-year.ts';
import { yearEndReport } from '../domain/grants/year-end-report.ts';
import { reportCsv } from '../grants-report/report-csv.ts';
import { reportDocx } from '../grants-report/report-docx.ts';
import { canReviewIntel } from '../domain/intel/intel-access.ts';
import { exportIntelCsv } from '../domain/intel/export-intel-csv.ts';
import type { SummaryPeriod } from '../domain/intel/intel-summary.ts';
import { icsFileName, meetingToIcs } from '../domain/meetings/ics.ts';
import type { Link, Meeting } from '../domain/model.ts';
import type { Repository } from '../store/repository.ts';

export interface DownloadFile {
  fileName: string;
  /** With its charset where it is text. */
  contentType: string;
  body: string | Buffer;
}

export interface LinkFileDeps {
  store: Repository;
  timeZone: string;
  now: () => Date;
}

/** A meeting without an end time is taken to last two hours, as its calendar file says (DURATION:PT2H). */
const ASSUMED_MEETING_MS = 2 * 60 * 60 * 1000;

export function meetingEndsAt(meeting: Pick<Meeting, 'startsAt' | 'endsAt'>): Date {
  return new Date(meeting.endsAt ? Date.parse(meeting.endsAt) : Date.parse(meeting.startsAt) + ASSUMED_MEETING_MS);
}

/** An export link's subject: its period as `from/to` (ISO 8601 interval of local dates). */
export const exportSubject = (period: SummaryPeriod): string => `${period.from}/${period.to}`;

function periodOf(subject: string): SummaryPeriod | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(subject);
  return match?.[1] && match[2] ? { from: match[1], to: match[2] } : undefined;
}

export async function fileOf(link: Readonly<Link>, deps: LinkFileDeps): Promise<DownloadFile | undefined> {
  switch (link.purpose) {
    case 'intel-export':
      return intelExportFile(link, deps);
    case 'meeting-ics':
      return meetingFile(link, deps);
    case 'grants-report-csv':
    case 'grants-report-docx':
      return grantsReportFile(link, deps);
  }
}

/** The report as it stands when opened; only for someone who may still see the grants. */
async function grantsReportFile(link: Readonly<Link>, deps: LinkFileDeps): Promise<DownloadFile | undefined> {
  const person = deps.store.get('people', link.holder);
  if (!may(person, 'grants.view')) return undefined;
  const year = parseFinancialYear(link.subject);
  const report = yearEndReport(deps.store, year, deps.now());
  if (link.purpose === 'grants-report-csv') return { fileName: `grants-report-${year.label}.csv`, contentType: 'text/csv; charset=utf-8', body: reportCsv(report) };
  return { fileName: `grants-report-${year.label}.docx`, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', body: await reportDocx(report, localDate(deps.now(), deps.timeZone)) };
}

async function intelExportFile(link: Readonly<Link>, deps: LinkFileDeps): Promise<DownloadFile | undefined> {
  const reviewer = deps.store.get('people', link.holder);
  const period = periodOf(link.subject);
  // Someone who is no longer a reviewer gets nothing, as if the link had been revoked.
  if (!reviewer || !canReviewIntel(reviewer) || !period) return undefined;
  const ctx = { actor: { personId: reviewer.id, name: reviewer.displayName }, via: link.issuedVia };
  return {
    fileName: `intel-reports-${period.from}-to-${period.to}.csv`,
    contentType: 'text/csv; charset=utf-8',
    body: await exportIntelCsv(deps.store, ctx, reviewer, period, deps.timeZone),
  };
}

function meetingFile(link: Readonly<Link>, deps: LinkFileDeps): DownloadFile | undefined {
  const meeting = deps.store.get('meetings', link.subject);
  if (!meeting || meeting.status !== 'scheduled' || meetingEndsAt(meeting).getTime() <= deps.now().getTime()) return undefined;
  return { fileName: icsFileName(meeting), contentType: 'text/calendar; charset=utf-8', body: meetingToIcs(meeting, deps.now()) };
}
