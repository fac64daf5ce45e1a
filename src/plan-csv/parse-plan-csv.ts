// Reads an action-plan CSV (format: ./csv-format.ts) into actions and milestone drafts, or into
// every problem found, each with its line and column, so a person can fix the whole file in one
// go. Pure: no store, no files, no clock.
import {
  actionSchema,
  milestoneSchema,
  type Action,
  type Milestone,
  type MilestoneStatus,
  type Organisation,
  type Responsible,
  type Theme,
} from '../domain/model.ts';
import {
  DATE_HELP,
  ID_PATTERN,
  LIMITS,
  STATUS_HELP,
  parseCalendarDate,
  parseStatus,
  resolveOrganisation,
  resolveTheme,
  type KnownColumn,
} from './csv-format.ts';
import { STATUS_LABELS } from '../domain/milestones/milestone-rules.ts';
import { readHeader, readRecords, type CsvRow, type Header } from './read-csv-records.ts';

export interface RowError {
  /** 1-based line in the file; the header is line 1. A row whose quoted cell spans lines is reported at its first line. */
  line: number;
  /** The header name of the column at fault, when there is one. */
  column?: string;
  message: string;
}

/** A milestone as the file describes it; the importer adds version and updated by/at. */
export type MilestoneDraft = Omit<Milestone, 'updatedAt' | 'updatedBy' | 'version'>;

export interface PlanReference {
  organisations: readonly Organisation[];
  themes: readonly Theme[];
}

/** Where a record came from in the file, for errors found later against the store. */
export interface RowSource {
  line: number;
  /** The `version` column of an exported file: the milestone version the row was edited from. */
  exportedVersion?: number;
}

export type ParsePlanResult =
  | {
      ok: true;
      actions: Action[];
      milestones: MilestoneDraft[];
      sources: { actions: Map<string, RowSource>; milestones: Map<string, RowSource> };
      /** The columns the header named. An optional column left out means "keep what the store has". */
      columns: ReadonlySet<KnownColumn>;
    }
  | { ok: false; errors: RowError[] };

export function parsePlanCsv(text: string, reference: PlanReference): ParsePlanResult {
  const errors: RowError[] = [];
  const records = readRecords(text, errors);
  const [headerRecord, ...rows] = records;
  if (!headerRecord) {
    if (errors.length === 0) errors.push({ line: 1, message: 'the file is empty; the first line must be the header row' });
    return fail(errors);
  }
  const header = readHeader(headerRecord, errors);
  if (!header) return fail(errors);
  if (rows.length === 0 && errors.length === 0) {
    errors.push({ line: headerRecord.line + 1, message: 'there are no milestone rows after the header' });
  }

  const actions = new Map<string, { action: Action; line: number }>(); // by lower-cased id
  const milestones = new Map<string, { draft: MilestoneDraft; source: RowSource }>();
  const milestoneIdsSeen = new Map<string, number>(); // lower-cased id -> first line
  for (const row of rows) {
    const { parsed, milestoneId } = readRow(row, header, reference, errors);
    // Duplicates are looked for even on rows with other problems, so one run reports them all.
    // Ids differing only in case count as the same: people type them into chat in either case.
    const firstLine = milestoneId === undefined ? undefined : milestoneIdsSeen.get(milestoneId.toLowerCase());
    if (milestoneId !== undefined && firstLine !== undefined) {
      errors.push({ line: row.line, column: 'milestone_id', message: `milestone ${milestoneId} is already on line ${firstLine}; each milestone has one row` });
    } else if (milestoneId !== undefined) {
      milestoneIdsSeen.set(milestoneId.toLowerCase(), row.line);
    }
    if (!parsed) continue;
    addAction(parsed, actions, errors);
    if (firstLine === undefined) milestones.set(parsed.milestone.id, { draft: parsed.milestone, source: parsed.source });
  }
  if (errors.length > 0) return fail(errors);
  return {
    ok: true,
    actions: [...actions.values()].map((a) => a.action),
    milestones: [...milestones.values()].map((m) => m.draft),
    sources: {
      actions: new Map([...actions.values()].map((a) => [a.action.id, { line: a.line }])),
      milestones: new Map([...milestones].map(([id, m]) => [id, m.source])),
    },
    columns: new Set(header.index.keys()),
  };
}

function fail(errors: RowError[]): ParsePlanResult {
  // Stable order: by line, then the order the checks ran in.
  return { ok: false, errors: errors.map((e, i) => ({ e, i })).sort((a, b) => a.e.line - b.e.line || a.i - b.i).map((x) => x.e) };
}

// --- CSV records with their real line numbers ----------------------------------------------------

interface ParsedRow {
  line: number;
  action: Action;
  milestone: MilestoneDraft;
  source: RowSource;
}

function readRow(row: CsvRow, header: Header, reference: PlanReference, errors: RowError[]): { parsed?: ParsedRow; milestoneId?: string } {
  const before = errors.length;
  const { line, cells } = row;
  const problem = (column: KnownColumn | undefined, message: string) =>
    errors.push(column === undefined ? { line, message } : { line, column, message });

  if (cells.length < header.width) {
    problem(undefined, `this row has ${cells.length} cells but the header has ${header.width}; look for a missing comma or a stray quote`);
    return {};
  }
  const extraFilled = cells.slice(header.width).some((c) => c.trim() !== '') || header.blank.some((i) => (cells[i] ?? '').trim() !== '');
  if (extraFilled) {
    problem(undefined, `this row has text in a column with no header name (the header has ${header.width} columns); remove it or look for a stray comma`);
  }

  const cell = (column: KnownColumn): string => {
    const i = header.index.get(column);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const required = (column: KnownColumn, what: string): string | undefined => {
    const value = cell(column);
    if (value === '') {
      problem(column, `${what} is empty`);
      return undefined;
    }
    return value;
  };
  const text = (column: KnownColumn, what: string, max: number, optional: boolean): string | undefined => {
    const value = optional ? cell(column) : required(column, what);
    if (value === undefined || value === '') return undefined;
    if (value.length > max) {
      problem(column, `${what} is ${value.length} characters long; the limit is ${max}`);
      return undefined;
    }
    return value;
  };
  const identifier = (column: KnownColumn, what: string, example: string): string | undefined => {
    const value = text(column, what, LIMITS.id, false);
    if (value === undefined) return undefined;
    if (!ID_PATTERN.test(value)) {
      problem(column, `"${value}" is not a usable id: use letters, digits, dots, hyphens and underscores, no spaces (e.g. ${example})`);
      return undefined;
    }
    return value;
  };
  const organisation = (column: KnownColumn, what: string): string | undefined => {
    const value = required(column, what);
    if (value === undefined) return undefined;
    const found = resolveOrganisation(value, reference.organisations);
    if (found.ok) return found.value.id;
    problem(
      column,
      found.reason === 'unknown'
        ? `no organisation called "${value}"; use the id, name or short name of an organisation the forum knows`
        : `"${value}" could be ${found.candidates.map((o) => o.id).join(' or ')}; use the organisation's id`,
    );
    return undefined;
  };
  const date = (column: KnownColumn, what: string, optional: boolean): string | undefined => {
    const value = optional ? cell(column) : required(column, what);
    if (value === undefined || value === '') return undefined;
    const parsed = parseCalendarDate(value);
    if (parsed.ok) return parsed.date;
    problem(column, parsed.message);
    return undefined;
  };

  const themeText = required('theme', 'the theme');
  let themeId: Theme['id'] | undefined;
  if (themeText !== undefined) {
    const found = resolveTheme(themeText, reference.themes);
    if (found.ok) themeId = found.value.id;
    else problem('theme', `no theme "${themeText}"; use one of ${reference.themes.map((t) => t.id).join(', ')} or its title`);
  }
  const actionId = identifier('action_id', 'the action id', 'BSC-2.3');
  const actionTitle = text('action_title', 'the action title', LIMITS.shortText, false);
  const leadOrganisationId = organisation('action_lead_organisation', "the action lead's organisation");
  const leadRole = text('action_lead_role', "the action lead's role", LIMITS.role, false);
  const milestoneId = identifier('milestone_id', 'the milestone id', 'BSC-2.3-M1');
  const description = text('milestone', 'the milestone description', LIMITS.longText, false);
  const ownerOrganisationId = organisation('owner_organisation', "the owner's organisation");
  const ownerRole = text('owner_role', "the owner's role", LIMITS.role, false);
  const originalDue = date('due', 'the due date', false);
  const revisedDue = date('revised_due', 'the revised due date', true);
  const commentary = text('commentary', 'the commentary', LIMITS.commentary, true);
  const evidence = text('evidence', 'the evidence', LIMITS.evidence, true);
  const statusText = required('status', 'the status');
  let status: MilestoneStatus | undefined;
  if (statusText !== undefined) {
    status = parseStatus(statusText);
    if (status === undefined) problem('status', `"${statusText}" is not a status; ${STATUS_HELP}`);
  }
  const exportedVersion = readVersion(cell('version'), (message) => problem('version', message));

  if (status !== undefined) checkMilestoneRules(status, { commentary, evidence, revisedDue, rawRevisedDue: cell('revised_due') }, problem);

  if (
    errors.length > before ||
    themeId === undefined ||
    actionId === undefined ||
    actionTitle === undefined ||
    leadOrganisationId === undefined ||
    leadRole === undefined ||
    milestoneId === undefined ||
    description === undefined ||
    ownerOrganisationId === undefined ||
    ownerRole === undefined ||
    originalDue === undefined ||
    status === undefined
  ) {
    return { milestoneId };
  }
  const lead: Responsible = { organisationId: leadOrganisationId, role: leadRole };
  const action: Action = { id: actionId, themeId, title: actionTitle, lead, supportingOrganisationIds: [] };
  const milestone: MilestoneDraft = {
    id: milestoneId,
    actionId,
    description,
    owner: { organisationId: ownerOrganisationId, role: ownerRole },
    originalDue,
    status,
    ...(revisedDue !== undefined && { revisedDue }),
    ...(commentary !== undefined && { commentary }),
    ...(evidence !== undefined && { evidence }),
  };
  // The checks above should cover the schemas; this is the backstop that keeps them honest.
  if (!schemaAccepts(action, milestone, line, errors)) return { milestoneId };
  const source: RowSource = exportedVersion === undefined ? { line } : { line, exportedVersion };
  return { parsed: { line, action, milestone, source }, milestoneId };
}

function readVersion(value: string, problem: (message: string) => void): number | undefined {
  if (value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    problem(`"${value}" is not a version number; this column comes from an export and is best left as it was`);
    return undefined;
  }
  return Number(value);
}

/** The forum's rules for a milestone's status, as the bot applies them to an update. */
function checkMilestoneRules(
  status: MilestoneStatus,
  fields: { commentary?: string; evidence?: string; revisedDue?: string; rawRevisedDue: string },
  problem: (column: KnownColumn, message: string) => void,
): void {
  const label = `a milestone marked ${status} (${STATUS_LABELS[status].colour})`;
  if (status === 'delayed' || status === 'off-track') {
    if (fields.commentary === undefined) problem('commentary', `${label} needs a commentary saying why`);
    // An unreadable revised date has already been reported; do not also call it missing.
    if (fields.rawRevisedDue === '') problem('revised_due', `${label} needs a revised due date (${DATE_HELP})`);
  }
  if (status === 'complete' && fields.evidence === undefined) {
    problem('evidence', `${label} needs an evidence note (what shows it was done)`);
  }
}

const draftSchema = milestoneSchema.omit({ updatedAt: true, updatedBy: true, version: true });
const ACTION_FIELD_COLUMNS: Readonly<Partial<Record<string, KnownColumn>>> = {
  id: 'action_id',
  themeId: 'theme',
  title: 'action_title',
  lead: 'action_lead_organisation',
};
const MILESTONE_FIELD_COLUMNS: Readonly<Partial<Record<string, KnownColumn>>> = {
  id: 'milestone_id',
  actionId: 'action_id',
  description: 'milestone',
  owner: 'owner_organisation',
  originalDue: 'due',
  revisedDue: 'revised_due',
  status: 'status',
  commentary: 'commentary',
  evidence: 'evidence',
};

function schemaAccepts(action: Action, milestone: MilestoneDraft, line: number, errors: RowError[]): boolean {
  let ok = true;
  const report = (issues: { path: PropertyKey[]; message: string }[], columns: typeof ACTION_FIELD_COLUMNS) => {
    for (const issue of issues) {
      ok = false;
      const column = columns[String(issue.path[0])];
      errors.push(column === undefined ? { line, message: issue.message } : { line, column, message: issue.message });
    }
  };
  const a = actionSchema.safeParse(action);
  if (!a.success) report(a.error.issues, ACTION_FIELD_COLUMNS);
  const m = draftSchema.safeParse(milestone);
  if (!m.success) report(m.error.issues, MILESTONE_FIELD_COLUMNS);
  return ok;
}

// --- across rows ---------------------------------------------------------------------------------

/** Every row of one action must describe it the same way; the first row sets it. */
function addAction(parsed: ParsedRow, actions: Map<string, { action: Action; line: number }>, errors: RowError[]): void {
  const existing = actions.get(parsed.action.id.toLowerCase());
  if (!existing) {
    actions.set(parsed.action.id.toLowerCase(), { action: parsed.action, line: parsed.line });
    return;
  }
  const first = existing.action;
  const next = parsed.action;
  const conflict = (column: KnownColumn, what: string, was: string, now: string) =>
    errors.push({
      line: parsed.line,
      column,
      message: `action ${first.id} has ${what} "${was}" on line ${existing.line} but "${now}" here; every row of one action must give the same ${column}`,
    });
  if (first.id !== next.id) conflict('action_id', 'its id written', first.id, next.id);
  if (first.themeId !== next.themeId) conflict('theme', 'theme', first.themeId, next.themeId);
  if (first.title !== next.title) conflict('action_title', 'title', first.title, next.title);
  if (first.lead.organisationId !== next.lead.organisationId) {
    conflict('action_lead_organisation', 'lead organisation', first.lead.organisationId, next.lead.organisationId);
  }
  if (first.lead.role !== next.lead.role) conflict('action_lead_role', 'lead role', first.lead.role, next.lead.role);
}
