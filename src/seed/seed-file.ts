// The hand-editable seed of the forum's action plan (storage/seed/action-plan.json), parsed at the
// boundary. Dates in the file are "date specs": most are relative to the day the store is created,
// so a new install shows a living plan rather than dates from 2017 (see the file's `_readme`).
// Cross-references (theme, organisation and id uniqueness) are checked here too, so a typo in a
// hand edit is reported with its path instead of surfacing later as a broken record.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ForumError } from '../domain/errors.ts';
import { MILESTONE_STATUSES, ORGANISATION_KINDS, THEME_IDS } from '../domain/model.ts';

/** A calendar day the seed names: fixed, an offset from the store's creation day, or a yearly day. */
export type DateSpec =
  | { kind: 'fixed'; text: string; date: string }
  | { kind: 'offset'; text: string; amount: number; unit: 'days' | 'months' }
  /** `next`: the first such day on or after creation day; `last`: the latest strictly before it. */
  | { kind: 'annual'; text: string; which: 'next' | 'last'; month: number; day: number };

// The financial year ends on 31 March; the aliases read better in the file than `next:03-31`.
const ALIASES: Record<string, string> = {
  'next-financial-year-end': 'next:03-31',
  'previous-financial-year-end': 'last:03-31',
};

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Parses one date spec, or returns a message saying what is accepted. */
export function parseDateSpec(text: string): DateSpec | string {
  const canonical = ALIASES[text] ?? text;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(canonical);
  if (m) {
    return isRealDate(Number(m[1]), Number(m[2]), Number(m[3])) ? { kind: 'fixed', text, date: canonical } : `"${text}" is not a real date`;
  }
  m = /^([+-])(\d{1,4})([dm])$/.exec(canonical);
  if (m) {
    const amount = Number(m[2]) * (m[1] === '-' ? -1 : 1);
    return { kind: 'offset', text, amount, unit: m[3] === 'd' ? 'days' : 'months' };
  }
  m = /^(next|last):(\d{2})-(\d{2})$/.exec(canonical);
  if (m) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    // 29 February has no yearly occurrence to resolve to, so it is refused rather than guessed.
    if (!isRealDate(2023, month, day)) return `"${text}" is not a day that occurs every year`;
    return { kind: 'annual', text, which: m[1] as 'next' | 'last', month, day };
  }
  return `"${text}" is not a date spec: use YYYY-MM-DD, +Nd / -Nd, +Nm / -Nm, next:MM-DD, last:MM-DD, next-financial-year-end or previous-financial-year-end`;
}

const dateSpec = z.string().transform((text, ctx): DateSpec => {
  const parsed = parseDateSpec(text);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

const kebabId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id');
const text = z.string().min(1).max(500);
const responsible = z.strictObject({ organisationId: kebabId, role: text });

const seedMilestone = z
  .strictObject({
    id: z.string().regex(/^BSC-\d+\.\d+-M\d+$/, 'expected a milestone id like BSC-0.1-M1'),
    description: z.string().min(1).max(20_000),
    owner: responsible,
    due: dateSpec,
    status: z.enum(MILESTONE_STATUSES),
    revisedDue: dateSpec.optional(),
    commentary: z.string().min(1).max(20_000).optional(),
    evidence: z.string().min(1).max(20_000).optional(),
    /** The day a complete milestone was finished; becomes its `updatedAt`. */
    completedOn: dateSpec.optional(),
  })
  // The forum's own rules: Amber/Red carry a commentary and a revised date; Complete carries evidence.
  .superRefine((m, ctx) => {
    if (m.status === 'delayed' || m.status === 'off-track') {
      if (!m.commentary) ctx.addIssue({ code: 'custom', path: ['commentary'], message: `a ${m.status} milestone needs a commentary` });
      if (!m.revisedDue) ctx.addIssue({ code: 'custom', path: ['revisedDue'], message: `a ${m.status} milestone needs a revisedDue` });
    }
    if (m.status === 'complete') {
      if (!m.evidence) ctx.addIssue({ code: 'custom', path: ['evidence'], message: 'a complete milestone needs evidence' });
      if (!m.completedOn) ctx.addIssue({ code: 'custom', path: ['completedOn'], message: 'a complete milestone needs completedOn' });
    } else if (m.completedOn) {
      ctx.addIssue({ code: 'custom', path: ['completedOn'], message: 'only a complete milestone has completedOn' });
    }
  });

const seedAction = z.strictObject({
  id: z.string().regex(/^BSC-\d+\.\d+$/, 'expected an action id like BSC-2.3'),
  themeId: z.enum(THEME_IDS),
  title: text,
  description: z.string().max(20_000).optional(),
  /** Where in the seed documents the action comes from; for reviewers, not copied into the store. */
  source: text.optional(),
  lead: responsible,
  supportingOrganisationIds: z.array(kebabId),
  milestones: z.array(seedMilestone).min(1),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time as HH:MM');
/** A local Europe/London wall-clock time on a (usually relative) day. */
const localTime = z.strictObject({ in: dateSpec, at: clockTime });

const seedMeeting = z.strictObject({
  title: text,
  startsAt: localTime,
  endsAt: localTime.optional(),
  location: text.optional(),
  onlineUrl: z.url().max(2000).optional(),
  chair: text.optional(),
  agenda: z.array(text),
  status: z.enum(['scheduled', 'cancelled', 'held']),
});

export const seedFileSchema = z
  .strictObject({
    _readme: z.string(),
    _notes: z.array(z.string()).optional(),
    themes: z.array(z.strictObject({ id: z.enum(THEME_IDS), title: text, order: z.number().int() })),
    organisations: z.array(
      z.strictObject({ id: kebabId, name: text, shortName: text.optional(), kind: z.enum(ORGANISATION_KINDS) }),
    ),
    actions: z.array(seedAction),
    meetings: z.array(seedMeeting),
  })
  .superRefine((seed, ctx) => {
    const orgIds = new Set(seed.organisations.map((o) => o.id));
    const themeIds = new Set(seed.themes.map((t) => t.id));
    const seen = new Set<string>();
    const unique = (id: string, path: (string | number)[]) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `duplicate id "${id}"` });
      seen.add(id);
    };
    const knownOrg = (id: string, path: (string | number)[]) => {
      if (!orgIds.has(id)) ctx.addIssue({ code: 'custom', path, message: `unknown organisation "${id}"` });
    };
    seed.themes.forEach((t, i) => unique(`theme:${t.id}`, ['themes', i, 'id']));
    seed.organisations.forEach((o, i) => unique(`organisation:${o.id}`, ['organisations', i, 'id']));
    seed.actions.forEach((a, i) => {
      const at = ['actions', i];
      unique(a.id, [...at, 'id']);
      if (!themeIds.has(a.themeId)) ctx.addIssue({ code: 'custom', path: [...at, 'themeId'], message: `theme "${a.themeId}" is not in themes` });
      knownOrg(a.lead.organisationId, [...at, 'lead', 'organisationId']);
      a.supportingOrganisationIds.forEach((o, j) => knownOrg(o, [...at, 'supportingOrganisationIds', j]));
      a.milestones.forEach((m, j) => {
        unique(m.id, [...at, 'milestones', j, 'id']);
        // Milestone ids carry their action's id, so a milestone moved between actions is caught.
        if (!m.id.startsWith(`${a.id}-M`)) ctx.addIssue({ code: 'custom', path: [...at, 'milestones', j, 'id'], message: `milestone "${m.id}" should start with "${a.id}-M"` });
        knownOrg(m.owner.organisationId, [...at, 'milestones', j, 'owner', 'organisationId']);
      });
    });
  });

export type SeedFile = z.output<typeof seedFileSchema>;
export type SeedAction = SeedFile['actions'][number];
export type SeedMilestone = SeedAction['milestones'][number];
export type SeedMeeting = SeedFile['meetings'][number];

/** The seed file could not be read or is not a valid action-plan seed. */
export class SeedFileError extends ForumError {
  constructor(readonly file: string, readonly problemPath: string, detail: string, options?: { cause?: unknown }) {
    super('IMPORT_INVALID', `Seed file ${file} is invalid${problemPath ? ` at ${problemPath}` : ''}: ${detail}`, options);
  }
}

/** `['actions', 3, 'milestones', 0, 'due']` -> `actions[3].milestones[0].due` */
function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

export function parseSeed(raw: unknown, file: string): SeedFile {
  const result = seedFileSchema.safeParse(raw);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const more = result.error.issues.length - 1;
  const detail = `${first?.message ?? 'invalid'}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`;
  throw new SeedFileError(file, formatPath(first?.path ?? []), detail);
}

export function readSeedFile(path: string): SeedFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SeedFileError(path, '', `cannot be read as JSON (${reason})`, { cause });
  }
  return parseSeed(raw, path);
}
