// Logging an intelligence report: the draft is checked (every problem at once), its free text is
// checked for personal data, and only then is it saved, attributed to the person who sent it.
import { ValidationError } from '../errors.ts';
import type { IntelReport, OutboxMessage, Person } from '../model.ts';
import { FORUM_TIME_ZONE, localDate } from '../calendar.ts';
import type { ChangeContext, ReadView, Repository } from '../../store/repository.ts';
import { DEFAULT_WARD_WEEKLY_THRESHOLD, escalationReasons, queueReviewerAlerts, type EscalationReason } from './escalation.ts';
import { FREE_TEXT_FIELDS, parseIntelDraft, type FreeTextField, type IntelDraft } from './intel-rules.ts';
import { findIdentifiers, type IdentifierFinding } from './personal-data.ts';

export interface LogIntelInput {
  /** The submitted form, unparsed: anything in it beyond the draft's fields is ignored. */
  draft: unknown;
  /** The person sending it, as identified by the channel: always the report's reporter. */
  reporter: Person;
  now: Date;
  retentionMonths: number;
  /** The reporter has seen the identifiers found and confirmed they are needed. */
  identifiersConfirmed: boolean;
  /** Ward reports in 7 days that alert the reviewers (default DEFAULT_WARD_WEEKLY_THRESHOLD). */
  weeklyThreshold?: number;
  timeZone?: string;
}

/** A finding, with the field it was found in (the index is within that field's text). */
export type FieldFinding = IdentifierFinding & { field: FreeTextField };

export type LogResult =
  /** `alerts`: one per reviewer to alert, in the outbox with the report, not delivered yet. */
  | { kind: 'saved'; report: IntelReport; escalations: EscalationReason[]; alerts: OutboxMessage[] }
  | { kind: 'identifiers-found'; findings: FieldFinding[] };

/** Likely identifiers in the draft's free text (description, location, actions taken). */
export function draftFindings(draft: Pick<IntelDraft, FreeTextField>): FieldFinding[] {
  return FREE_TEXT_FIELDS.flatMap((field) => findIdentifiers(draft[field] ?? '').map((f) => ({ ...f, field })));
}

/**
 * Saves a report, or says why not:
 * - an invalid draft throws ValidationError with every problem, and nothing is written;
 * - likely identifiers in the free text, not yet confirmed: `identifiers-found`, nothing written;
 * - confirmed identifiers: saved, marked OFFICIAL-SENSITIVE whatever the reporter chose.
 */
export async function logIntelReport(repo: Repository, ctx: ChangeContext, input: LogIntelInput): Promise<LogResult> {
  if (!Number.isInteger(input.retentionMonths) || input.retentionMonths < 1) {
    throw new RangeError(`retentionMonths must be a whole number of months, at least 1 (was ${input.retentionMonths})`);
  }
  const timeZone = input.timeZone ?? FORUM_TIME_ZONE;
  const parsed = parseIntelDraft(input.draft, input.now, timeZone);
  if (!parsed.ok) throw new ValidationError(parsed.problems, parsed.fields);
  const draft = parsed.draft;

  const findings = draftFindings(draft);
  if (findings.length > 0 && !input.identifiersConfirmed) return { kind: 'identifiers-found', findings };

  const reportedDay = localDate(input.now, timeZone);
  const handling = findings.length > 0 ? 'OFFICIAL-SENSITIVE' : draft.handling;
  return repo.transact(ctx, (tx) => {
    const report: IntelReport = {
      id: nextReportId(tx, reportedDay),
      reportedAt: input.now.toISOString(),
      occurredAt: draft.occurredAt,
      occurredTimeKnown: draft.occurredTimeKnown,
      // Never from the draft: the schema drops any reporter a forged submit names.
      reporterPersonId: input.reporter.id,
      reporterVia: ctx.via,
      areaId: draft.areaId,
      ...(draft.location ? { location: draft.location } : {}),
      category: draft.category,
      hateStrands: draft.hateStrands,
      communitiesAffected: draft.communitiesAffected,
      description: draft.description,
      sourceType: draft.sourceType,
      sourceReliability: draft.sourceReliability,
      informationConfidence: draft.informationConfidence,
      tensionLevel: draft.tensionLevel,
      tensionTrend: draft.tensionTrend,
      reportedToPolice: draft.reportedToPolice,
      ...(draft.policeReference ? { policeReference: draft.policeReference } : {}),
      ...(draft.actionsTaken ? { actionsTaken: draft.actionsTaken } : {}),
      handling,
      status: 'new',
      reviewNotes: [],
      amendments: [],
      retainUntil: retainUntil(reportedDay, input.retentionMonths),
      version: 1,
    };
    tx.put('intelReports', report, {
      action: 'intel.log',
      detail: { category: report.category, areaId: report.areaId, tensionLevel: report.tensionLevel, handling: report.handling },
    });
    const escalations = escalationReasons(tx, report, { weeklyThreshold: input.weeklyThreshold ?? DEFAULT_WARD_WEEKLY_THRESHOLD, now: input.now });
    return { kind: 'saved', report, escalations, alerts: queueReviewerAlerts(tx, report, escalations) };
  });
}

/** The reported date plus the retention period (31 January + 1 month is 28 or 29 February). */
export function retainUntil(reportedDay: string, retentionMonths: number): string {
  const [y = 1970, m = 1, d = 1] = reportedDay.split('-').map(Number);
  const monthIndex = m - 1 + retentionMonths;
  const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, monthIndex, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** INT-20260312-1, -2, ...: numbered within the day the report was logged. */
function nextReportId(view: ReadView, reportedDay: string): string {
  const prefix = `INT-${reportedDay.replace(/-/g, '')}-`;
  let highest = 0;
  for (const r of view.all('intelReports')) {
    if (!r.id.startsWith(prefix)) continue;
    const n = Number(r.id.slice(prefix.length));
    if (Number.isInteger(n) && n > highest) highest = n;
  }
  return `${prefix}${highest + 1}`;
}
