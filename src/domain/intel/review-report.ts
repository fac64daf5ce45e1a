// A reviewer handling a report: a status (reviewed, actioned, closed) with a note, and, where the
// report needs correcting, amendments. The text a field had before is kept in the report's
// `amendments`, so the reporter's original is never lost; two reviewers at once do not overwrite
// each other (the form carries the version it was opened on, as milestone updates do).
import { ForumError, NotFoundError, ValidationError } from '../errors.ts';
import { INTEL_STATUSES, type IntelReport, type Person } from '../model.ts';
import type { ChangeContext, Repository } from '../../store/repository.ts';
import { ForbiddenError } from '../access/permissions.ts';
import { canReviewIntel } from './intel-access.ts';
import { AMENDABLE_FIELDS, INTEL_LIMITS, intelAmendmentsSchema, problemsOf, type AmendableField, type IntelAmendments } from './intel-rules.ts';
import { findIdentifiers } from './personal-data.ts';
import { ANONYMISED_REPORTER } from './retention.ts';

export type ReviewStatus = 'reviewed' | 'actioned' | 'closed';

export interface ReviewChange {
  id: string;
  /** The version the reviewer was looking at when they opened the form. */
  expectedVersion: number;
  status: ReviewStatus;
  note: string;
  amendments?: IntelAmendments;
}

/** The report changed since the reviewer's form was opened; says by whom, never what. */
export class StaleReportError extends ForumError {
  constructor(readonly current: IntelReport) {
    const last = current.reviewNotes.at(-1);
    super(
      'STALE_VERSION',
      last
        ? `Report ${current.id} was updated by ${last.by} at ${last.at} meanwhile (now version ${current.version}); your review was not saved.`
        : `Report ${current.id} changed meanwhile (now version ${current.version}); your review was not saved.`,
    );
  }
}

/** The optional free-text fields the reviewer sent as empty text. */
function clearedFields(raw: unknown): ('location' | 'actionsTaken')[] {
  if (typeof raw !== 'object' || raw === null) return [];
  return (['location', 'actionsTaken'] as const).filter((f) => {
    const value: unknown = Reflect.get(raw, f);
    return typeof value === 'string' && value.trim() === '';
  });
}

const ORDER = new Map(INTEL_STATUSES.map((s, i) => [s, i]));

/**
 * Applies a review. Rules: reviewers and admins only; a note is needed; a status may stay or move
 * on (new, reviewed, actioned, closed) but not go back; an anonymised report cannot be changed.
 * Amended free text is checked for identifiers like the reporter's, and makes the report
 * OFFICIAL-SENSITIVE if any are found (a marking is never lowered here).
 */
export async function reviewReport(repo: Repository, ctx: ChangeContext, reviewer: Person, change: ReviewChange): Promise<IntelReport> {
  if (!canReviewIntel(reviewer)) throw new ForbiddenError('Only intelligence reviewers and admins can review reports.');
  const problems: string[] = [];
  const note = typeof change.note === 'string' ? change.note.trim() : '';
  if (note === '') problems.push('Add a note saying what was done');
  if (note.length > INTEL_LIMITS.note) problems.push(`The note is too long (${INTEL_LIMITS.note.toLocaleString('en-GB')} characters at most)`);
  if (!['reviewed', 'actioned', 'closed'].includes(change.status)) problems.push('Choose reviewed, actioned or closed');
  const parsed = intelAmendmentsSchema.safeParse(change.amendments ?? {});
  if (!parsed.success) problems.push(...problemsOf(parsed.error));
  if (problems.length > 0 || !parsed.success) throw new ValidationError(problems);
  const amendments = parsed.data;

  return repo.transact(ctx, (tx) => {
    const current = tx.get('intelReports', change.id);
    if (!current) throw new NotFoundError('intelligence report', change.id);
    if (current.version !== change.expectedVersion) throw new StaleReportError(current);
    if (current.reporterPersonId === ANONYMISED_REPORTER) {
      throw new ValidationError([`Report ${current.id} was anonymised at the end of its retention period and can no longer be changed.`]);
    }
    if ((ORDER.get(change.status) ?? 0) < (ORDER.get(current.status) ?? 0)) {
      throw new ValidationError([`Report ${current.id} is already ${current.status}; it cannot go back to ${change.status}.`]);
    }

    const at = tx.now;
    const next: IntelReport = { ...current, reviewNotes: [...current.reviewNotes], amendments: [...current.amendments] };
    const amended: AmendableField[] = [];
    const record = (field: AmendableField) => {
      next.amendments.push({ at, byPersonId: reviewer.id, field, previous: String(current[field] ?? '') });
      amended.push(field);
    };
    for (const field of AMENDABLE_FIELDS) {
      const value = amendments[field];
      if (value === undefined || value === current[field]) continue;
      record(field);
      Object.assign(next, { [field]: value });
    }
    // An optional text sent empty removes it (e.g. a location that says too much).
    for (const field of clearedFields(change.amendments)) {
      if (current[field] === undefined) continue;
      record(field);
      delete next[field];
    }
    if (next.category === 'hate-incident' && next.hateStrands.length === 0) {
      throw new ValidationError(['A hate incident needs at least one hate strand: ask the reporter, or choose another category']);
    }
    const identifiers = (['description', 'location', 'actionsTaken'] as const).some((f) => amended.includes(f) && findIdentifiers(next[f] ?? '').length > 0);
    if (identifiers) next.handling = 'OFFICIAL-SENSITIVE';
    next.reviewNotes.push({ by: ctx.actor.name, byPersonId: reviewer.id, at, status: change.status, note });
    next.status = change.status;
    next.version = current.version + 1;
    tx.put('intelReports', next, {
      action: 'intel.review',
      detail: { status: change.status, previousStatus: current.status, version: next.version, amendedFields: amended, handling: next.handling },
    });
    return next;
  });
}
