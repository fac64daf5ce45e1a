// Imports an action-plan CSV into the store: all of it in one transaction, or nothing.
//
// - Actions and milestones in the file are created, or updated where they differ from the store.
//   A changed milestone gets a new version, updated by/at, and (when its status, dates,
//   commentary or evidence changed) a history entry; an unchanged one is not touched at all.
// - Milestones and actions in the store but not in the file are left alone, unless `replace` is
//   set: then they are removed (their history entries stay, and the audit log records the removal).
// - An optional column missing from the header (revised_due, commentary, evidence) keeps the
//   store's values; a column present with an empty cell clears the value.
// - A row from an exported file whose milestone has since been changed in the bot (its `version`
//   is older than the store's) is refused rather than silently overwriting that change.
import { ForumError } from '../domain/errors.ts';
import type { Action, Milestone, MilestoneUpdate, Responsible } from '../domain/model.ts';
import type { AuditNote, ChangeContext, ReadView, Repository, Transaction } from '../store/repository.ts';
import { parsePlanCsv, type MilestoneDraft, type ParsePlanResult, type RowError } from './parse-plan-csv.ts';

export interface ImportOptions {
  /** Remove milestones and actions the file does not list. */
  replace?: boolean;
  /** Check the file against the store and count what would change, without writing. */
  dryRun?: boolean;
}

export interface ImportResult {
  dryRun: boolean;
  actionsCreated: number;
  actionsUpdated: number;
  actionsUnchanged: number;
  actionsRemoved: number;
  milestonesCreated: number;
  milestonesUpdated: number;
  milestonesUnchanged: number;
  milestonesRemoved: number;
}

/** The file (or its fit with the store) has problems; nothing was written. */
export class ImportInvalidError extends ForumError {
  constructor(readonly errors: RowError[]) {
    const first = errors[0];
    super(
      'IMPORT_INVALID',
      `The plan file has ${errors.length} problem${errors.length === 1 ? '' : 's'}` +
        `${first ? ` (first: ${formatRowError(first)})` : ''}; nothing was imported.`,
    );
  }
}

/** `line 7, column due: expected a date like 2026-03-31 or 31/03/2026` */
export function formatRowError(error: RowError): string {
  return `line ${error.line}${error.column ? `, column ${error.column}` : ''}: ${error.message}`;
}

export async function importPlan(repo: Repository, text: string, ctx: ChangeContext, options: ImportOptions = {}): Promise<ImportResult> {
  const parsed = parsePlanCsv(text, { organisations: repo.all('organisations'), themes: repo.all('themes') });
  if (!parsed.ok) throw new ImportInvalidError(parsed.errors);
  if (options.dryRun) {
    const plan = planImport(repo, parsed, ctx, new Date().toISOString(), options);
    if (plan.errors.length > 0) throw new ImportInvalidError(plan.errors);
    return { ...plan.counts, dryRun: true };
  }
  return repo.transact(ctx, (tx) => {
    // Planned against the transaction's view, so a change made since the file was read is seen.
    const plan = planImport(tx, parsed, ctx, tx.now, options);
    if (plan.errors.length > 0) throw new ImportInvalidError(plan.errors);
    for (const write of plan.writes) apply(tx, write);
    return { ...plan.counts, dryRun: false };
  });
}

type Parsed = Extract<ParsePlanResult, { ok: true }>;

type Write =
  | { kind: 'put-action'; record: Action; note: AuditNote }
  | { kind: 'put-milestone'; record: Milestone; note: AuditNote }
  | { kind: 'put-history'; record: MilestoneUpdate; note: AuditNote }
  | { kind: 'delete'; collection: 'actions' | 'milestones'; id: string; note: AuditNote };

interface Plan {
  writes: Write[];
  errors: RowError[];
  counts: Omit<ImportResult, 'dryRun'>;
}

function apply(tx: Transaction, write: Write): void {
  switch (write.kind) {
    case 'put-action':
      return tx.put('actions', write.record, write.note);
    case 'put-milestone':
      return tx.put('milestones', write.record, write.note);
    case 'put-history':
      return tx.put('milestoneUpdates', write.record, write.note);
    case 'delete':
      return tx.delete(write.collection, write.id, write.note);
    default:
      return assertNever(write);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled import write ${JSON.stringify(value)}`);
}

/** Works out every write the import needs, without writing; parents before children. */
function planImport(view: ReadView, parsed: Parsed, ctx: ChangeContext, now: string, options: ImportOptions): Plan {
  const plan: Plan = {
    writes: [],
    errors: [],
    counts: {
      actionsCreated: 0,
      actionsUpdated: 0,
      actionsUnchanged: 0,
      actionsRemoved: 0,
      milestonesCreated: 0,
      milestonesUpdated: 0,
      milestonesUnchanged: 0,
      milestonesRemoved: 0,
    },
  };
  for (const action of parsed.actions) planAction(view, parsed, action, plan);
  for (const draft of parsed.milestones) planMilestone(view, parsed, draft, ctx, now, plan);
  if (options.replace) planRemovals(view, parsed, plan);
  return plan;
}

function planAction(view: ReadView, parsed: Parsed, action: Action, plan: Plan): void {
  const line = parsed.sources.actions.get(action.id)?.line ?? 0;
  const current = view.get('actions', action.id);
  if (!current) {
    if (caseClash(view.all('actions'), action.id, line, 'action_id', plan)) return;
    plan.writes.push({ kind: 'put-action', record: action, note: { action: 'import.action', detail: { change: 'created', line } } });
    plan.counts.actionsCreated += 1;
    return;
  }
  // The file does not carry a description, supporting organisations or a named lead: keep them.
  const next: Action = {
    ...current,
    themeId: action.themeId,
    title: action.title,
    lead: keepPerson(current.lead, action.lead),
    supportingOrganisationIds: [...current.supportingOrganisationIds],
  };
  if ((['themeId', 'title', 'lead'] as const).every((field) => sameValue(current[field], next[field]))) {
    plan.counts.actionsUnchanged += 1;
    return;
  }
  plan.writes.push({ kind: 'put-action', record: next, note: { action: 'import.action', detail: { change: 'updated', line } } });
  plan.counts.actionsUpdated += 1;
}

function planMilestone(view: ReadView, parsed: Parsed, draft: MilestoneDraft, ctx: ChangeContext, now: string, plan: Plan): void {
  const source = parsed.sources.milestones.get(draft.id);
  const line = source?.line ?? 0;
  const current = view.get('milestones', draft.id);
  const by = { by: ctx.actor.name, ...(ctx.actor.personId ? { byPersonId: ctx.actor.personId } : {}), via: ctx.via, at: now };

  if (!current) {
    if (caseClash(view.all('milestones'), draft.id, line, 'milestone_id', plan)) return;
    // Version 1, unless a milestone of this id was removed earlier and its history is still there.
    const version = 1 + Math.max(0, ...view.all('milestoneUpdates').filter((u) => u.milestoneId === draft.id).map((u) => u.version));
    const milestone: Milestone = { ...definedOnly(draft), updatedAt: now, updatedBy: ctx.actor.name, version };
    plan.writes.push({ kind: 'put-milestone', record: milestone, note: { action: 'import.milestone', detail: { change: 'created', line, version } } });
    if (milestone.status !== 'not-started') {
      const update: MilestoneUpdate = definedOnly({
        id: `${milestone.id}-U${version}`,
        milestoneId: milestone.id,
        version,
        status: milestone.status,
        commentary: milestone.commentary,
        revisedDue: milestone.revisedDue,
        evidence: milestone.evidence,
        ...by,
      });
      plan.writes.push({ kind: 'put-history', record: update, note: { action: 'import.milestone', detail: { change: 'history', line, version } } });
    }
    plan.counts.milestonesCreated += 1;
    return;
  }

  const has = (column: 'revised_due' | 'commentary' | 'evidence') => parsed.columns.has(column);
  const proposed = definedOnly({
    ...current,
    actionId: draft.actionId,
    description: draft.description,
    owner: keepPerson(current.owner, draft.owner),
    originalDue: draft.originalDue,
    revisedDue: has('revised_due') ? draft.revisedDue : current.revisedDue,
    status: draft.status,
    commentary: has('commentary') ? draft.commentary : current.commentary,
    evidence: has('evidence') ? draft.evidence : current.evidence,
  });
  const changed = (field: keyof Milestone) => !sameValue(current[field], proposed[field]);
  const trackedChange = (['status', 'commentary', 'originalDue', 'revisedDue', 'evidence'] as const).some(changed);
  const anyChange = trackedChange || (['actionId', 'description', 'owner'] as const).some(changed);
  if (!anyChange) {
    plan.counts.milestonesUnchanged += 1;
    return;
  }
  if (source?.exportedVersion !== undefined && source.exportedVersion < current.version) {
    plan.errors.push({
      line,
      column: 'version',
      message:
        `milestone ${current.id} was changed in the bot after this file was exported (the file has version ${source.exportedVersion}, ` +
        `the bot has version ${current.version}, last changed by ${current.updatedBy ?? 'unknown'} at ${current.updatedAt}); ` +
        'export again and make your change to the new file, so that update is not lost',
    });
    return;
  }
  const version = current.version + 1;
  const milestone: Milestone = { ...proposed, updatedAt: now, updatedBy: ctx.actor.name, version };
  plan.writes.push({ kind: 'put-milestone', record: milestone, note: { action: 'import.milestone', detail: { change: 'updated', line, version } } });
  if (trackedChange) {
    const update: MilestoneUpdate = definedOnly({
      id: `${milestone.id}-U${version}`,
      milestoneId: milestone.id,
      version,
      status: milestone.status,
      previousStatus: current.status,
      // Like an update in chat, the entry carries what this change said, not what stayed the same.
      commentary: changed('commentary') ? milestone.commentary : undefined,
      revisedDue: changed('revisedDue') ? milestone.revisedDue : undefined,
      evidence: changed('evidence') ? milestone.evidence : undefined,
      ...by,
    });
    plan.writes.push({ kind: 'put-history', record: update, note: { action: 'import.milestone', detail: { change: 'history', line, version } } });
  }
  plan.counts.milestonesUpdated += 1;
}

function planRemovals(view: ReadView, parsed: Parsed, plan: Plan): void {
  const keepMilestones = new Set(parsed.milestones.map((m) => m.id));
  const keepActions = new Set(parsed.actions.map((a) => a.id));
  for (const m of view.all('milestones')) {
    if (keepMilestones.has(m.id)) continue;
    plan.writes.push({ kind: 'delete', collection: 'milestones', id: m.id, note: { action: 'import.milestone', detail: { change: 'removed', version: m.version } } });
    plan.counts.milestonesRemoved += 1;
  }
  for (const a of view.all('actions')) {
    if (keepActions.has(a.id)) continue;
    plan.writes.push({ kind: 'delete', collection: 'actions', id: a.id, note: { action: 'import.action', detail: { change: 'removed' } } });
    plan.counts.actionsRemoved += 1;
  }
}

/** Ids are matched exactly; one that differs from a stored id only in case is most likely a typo. */
function caseClash(records: readonly { id: string }[], id: string, line: number, column: string, plan: Plan): boolean {
  const other = records.find((r) => r.id !== id && r.id.toLowerCase() === id.toLowerCase());
  if (!other) return false;
  plan.errors.push({ line, column, message: `the bot already has ${other.id}; write the id exactly as it is (ids are matched with their capitals)` });
  return true;
}

/** A named person stays assigned while the organisation and role stay the same. */
function keepPerson(current: Responsible, next: Responsible): Responsible {
  return current.organisationId === next.organisationId && current.role === next.role ? { ...current } : next;
}

/** Text compared as a spreadsheet round trip leaves it: line endings, outer spaces and "" vs absent do not count. */
function sameValue(a: unknown, b: unknown): boolean {
  const comparable = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : v === undefined ? '' : JSON.stringify(v));
  return comparable(a) === comparable(b);
}

/** Drops keys whose value is undefined, so optional fields are absent rather than present-but-empty. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
