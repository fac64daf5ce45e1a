// The action-plan CSV format: one row per milestone, with a header row. The importer and the
// exporter both work from the definitions here, so an export always re-imports cleanly.
//
// Columns (header names are matched ignoring case, and spaces or hyphens count as `_`):
//   theme                     required  a theme id (`civic-pride`) or its title, any case
//   action_id                 required  e.g. BSC-2.3
//   action_title              required  the same on every row of one action
//   action_lead_organisation  required  organisation id, name or short name; same on every row of one action
//   action_lead_role          required  e.g. "Community Cohesion Manager"; same on every row of one action
//   milestone_id              required  e.g. BSC-2.3-M1; unique in the file
//   milestone                 required  the milestone's description
//   owner_organisation        required  organisation id, name or short name
//   owner_role                required
//   due                       required  2026-03-31 or 31/03/2026 (UK order); impossible dates are refused
//   revised_due               optional  as `due`; needed when the status is delayed or off-track
//   status                    required  not-started, on-track, delayed, off-track, complete, closed, or the
//                                       tracker's words: Grey, Green, Amber, Red, Blue, "on track", "off track",
//                                       "completed", "not started"
//   commentary                optional  needed when the status is delayed or off-track
//   evidence                  optional  needed when the status is complete
//   version, updated_at, updated_by     written by the export, read-only: the importer ignores
//                                       updated_at/updated_by and uses `version` to refuse a row edited
//                                       from an export older than the milestone in the store.
// Full description for people preparing a file: docs/csv-format.md.
import { isRealDay } from '../domain/values/calendar-date.ts';
import {
  MILESTONE_STATUSES,
  actionSchema,
  milestoneSchema,
  responsibleSchema,
  type MilestoneStatus,
  type Organisation,
  type Theme,
} from '../domain/model.ts';

export const PLAN_COLUMNS = [
  'theme',
  'action_id',
  'action_title',
  'action_lead_organisation',
  'action_lead_role',
  'milestone_id',
  'milestone',
  'owner_organisation',
  'owner_role',
  'due',
  'revised_due',
  'status',
  'commentary',
  'evidence',
] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];

/** Written by the export after the plan columns; never changes the store on import. */
export const READ_ONLY_COLUMNS = ['version', 'updated_at', 'updated_by'] as const;
export type ReadOnlyColumn = (typeof READ_ONLY_COLUMNS)[number];
export type KnownColumn = PlanColumn | ReadOnlyColumn;

export const EXPORT_COLUMNS: readonly KnownColumn[] = [...PLAN_COLUMNS, ...READ_ONLY_COLUMNS];

/** Columns that may be left out of the header altogether. */
export const OPTIONAL_COLUMNS: ReadonlySet<KnownColumn> = new Set<KnownColumn>(['revised_due', 'commentary', 'evidence', ...READ_ONLY_COLUMNS]);
export const REQUIRED_COLUMNS: readonly PlanColumn[] = PLAN_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c));

export function isKnownColumn(name: string): name is KnownColumn {
  return (EXPORT_COLUMNS as readonly string[]).includes(name);
}

/** "Action ID", " action-id " and "ACTION_ID" all name `action_id`. */
export function normaliseHeaderName(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Length limits, read from the schemas the store validates against so the two cannot drift apart. */
export const LIMITS = {
  id: maxOf(milestoneSchema.shape.id.maxLength),
  shortText: maxOf(actionSchema.shape.title.maxLength),
  role: maxOf(responsibleSchema.shape.role.maxLength),
  longText: maxOf(milestoneSchema.shape.description.maxLength),
  commentary: maxOf(milestoneSchema.shape.commentary.unwrap().maxLength),
  evidence: maxOf(milestoneSchema.shape.evidence.unwrap().maxLength),
} as const;

function maxOf(limit: number | null): number {
  if (limit === null) throw new Error('csv-format: a schema text field lost its max length');
  return limit;
}

/** Ids are typed in chat commands (`milestone BSC-2.3-M1`), so no spaces. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// --- status words ---------------------------------------------------------------------------

const STATUS_WORDS: Readonly<Record<string, MilestoneStatus>> = {
  'not started': 'not-started',
  grey: 'not-started',
  gray: 'not-started',
  'on track': 'on-track',
  green: 'on-track',
  delayed: 'delayed',
  amber: 'delayed',
  'off track': 'off-track',
  red: 'off-track',
  complete: 'complete',
  completed: 'complete',
  blue: 'complete',
  closed: 'closed',
};

export function parseStatus(value: string): MilestoneStatus | undefined {
  const words = value.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  // Own words only: a cell saying "constructor" or "toString" must not find Object.prototype's.
  return Object.hasOwn(STATUS_WORDS, words) ? STATUS_WORDS[words] : undefined;
}

export const STATUS_HELP = `use one of ${MILESTONE_STATUSES.join(', ')} (or Grey, Green, Amber, Red, Blue)`;

// --- dates ----------------------------------------------------------------------------------

/** Years a plan CSV's dates may fall in: the strategy's history back to 2000, plans up to 2100. */
export const PLAN_YEARS = { from: 2000, to: 2100 } as const;

export const DATE_HELP = 'expected a date like 2026-03-31 or 31/03/2026';

export type DateResult = { ok: true; date: string } | { ok: false; message: string };

/** Reads `YYYY-MM-DD` or UK `DD/MM/YYYY` (one-digit day and month allowed) into `YYYY-MM-DD`. */
export function parseCalendarDate(value: string): DateResult {
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  let parts: [number, number, number];
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) parts = [Number(uk[3]), Number(uk[2]), Number(uk[1])];
  else return { ok: false, message: `${DATE_HELP}, not "${text}"` };
  const [year, month, day] = parts;
  if (!isRealDay(year, month, day)) return { ok: false, message: `${text} is not a real date` };
  // History is welcome (the plan began in 2017); a year outside this window is a typing slip.
  if (year < PLAN_YEARS.from || year > PLAN_YEARS.to) return { ok: false, message: `${text} is outside the years a plan covers (${PLAN_YEARS.from} to ${PLAN_YEARS.to})` };
  return { ok: true, date: `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

// --- themes and organisations ---------------------------------------------------------------

export type Lookup<T> = { ok: true; value: T } | { ok: false; reason: 'unknown' | 'ambiguous'; candidates: T[] };

function key(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function resolveTheme(value: string, themes: readonly Theme[]): Lookup<Theme> {
  const wanted = key(value);
  const matches = themes.filter((t) => key(t.id) === wanted || key(t.title) === wanted);
  return pickOne(matches);
}

/** An organisation by id, name or short name; an exact id wins over a name that happens to match. */
export function resolveOrganisation(value: string, organisations: readonly Organisation[]): Lookup<Organisation> {
  const wanted = key(value);
  const byId = organisations.filter((o) => key(o.id) === wanted);
  if (byId.length === 1) return pickOne(byId);
  const matches = organisations.filter((o) => key(o.name) === wanted || (o.shortName !== undefined && key(o.shortName) === wanted));
  return pickOne(matches);
}

function pickOne<T>(matches: T[]): Lookup<T> {
  const [first] = matches;
  if (matches.length === 1 && first !== undefined) return { ok: true, value: first };
  return { ok: false, reason: matches.length === 0 ? 'unknown' : 'ambiguous', candidates: matches };
}

/**
 * How the export names an organisation: its name, which reads well in a spreadsheet, unless
 * the name would not lead back to this same organisation on import; then its id.
 */
export function organisationLabel(organisationId: string, organisations: readonly Organisation[]): string {
  const org = organisations.find((o) => o.id === organisationId);
  if (!org) return organisationId;
  const back = resolveOrganisation(org.name, organisations);
  return back.ok && back.value.id === org.id ? org.name : org.id;
}

// --- formula injection ----------------------------------------------------------------------

// A spreadsheet runs a cell starting with = + - @ (and, in some, tab or CR) as a formula, so a
// milestone commentary could be made to run one on a forum member's machine. The export puts an
// apostrophe in front (shown as text by spreadsheets); the import takes exactly one off again.
// Apostrophes already in front of such a cell are counted in, so the round trip is exact.
const NEEDS_GUARD = /^'*[=+\-@\t\r\n]/;
const GUARDED = /^'+[=+\-@\t\r\n]/;

export function guardCell(value: string): string {
  return NEEDS_GUARD.test(value) ? `'${value}` : value;
}

export function unguardCell(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

// --- ordering -------------------------------------------------------------------------------

/** Natural order for ids: BSC-2.9 before BSC-2.10, BSC-2.10-M2 before BSC-2.10-M10. */
export function compareIdsNaturally(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i += 1) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    const bothNumbers = /^\d/.test(x) && /^\d/.test(y);
    if (bothNumbers) {
      const nx = x.replace(/^0+(?=\d)/, '');
      const ny = y.replace(/^0+(?=\d)/, '');
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length; // "02" after "2", so the order is total
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
