// Reading the filters of `milestones ...`: "overdue", "due this month", "due in 30 days", a theme,
// an organisation (short name, name or kind: "police"), a status word ("red", "off track") and
// anything else as search words. Returns the filter and a description of it in words.
import { addDays, addMonths, endOfMonth, endOfWeek, format, parseISO } from 'date-fns';
import { FILLER } from './command-text.ts';
import type { MilestoneFilter } from '../../domain/milestones/milestone-queries.ts';
import { statusView } from '../../cards/format.ts';
import type { MilestoneStatus, Organisation, Theme, ThemeId } from '../../domain/model.ts';

const MAX_AHEAD = { day: 3653, week: 522, month: 120 } as const;

export type Scope = 'mine' | 'all' | 'default';

export interface MilestoneQuery {
  scope: Scope;
  filter: Omit<MilestoneFilter, 'today' | 'ownerPersonId'>;
  /** The filters in words, for the card: ["Overdue", "South Yorkshire Police"]. */
  described: string[];
}

const STATUS_WORDS: [string[], MilestoneStatus[]][] = [
  [['not', 'started'], ['not-started']],
  [['on', 'track'], ['on-track']],
  [['off', 'track'], ['off-track']],
  [['grey'], ['not-started']],
  [['gray'], ['not-started']],
  [['green'], ['on-track']],
  [['amber'], ['delayed']],
  [['delayed'], ['delayed']],
  [['red'], ['off-track']],
  [['blue'], ['complete']],
  [['complete'], ['complete']],
  [['completed'], ['complete']],
  [['done'], ['complete']],
  [['closed'], ['closed']],
  [['open'], ['not-started', 'on-track', 'delayed', 'off-track']],
  [['finished'], ['complete', 'closed']],
];

const THEME_WORDS: Record<string, ThemeId> = {
  coordination: 'coordination',
  overarching: 'coordination',
  civic: 'civic-pride',
  pride: 'civic-pride',
  bringing: 'bringing-together',
  together: 'bringing-together',
  rights: 'rights-responsibilities',
  responsibilities: 'rights-responsibilities',
  opportunity: 'opportunity',
  economic: 'opportunity',
  economy: 'opportunity',
};

const KIND_WORDS: Record<string, Organisation['kind']> = {
  police: 'police',
  council: 'council',
  fire: 'fire',
  health: 'health',
  nhs: 'health',
  voluntary: 'vcs',
  vcs: 'vcs',
  faith: 'faith',
  schools: 'education',
  housing: 'housing',
};

const IGNORED = new Set(['milestones', 'milestone', 'ms', 'theme', 'and', 'or', 'with', 'in', 'for', 'the', 'by', 'status', 'that', 'are', 'is', 'of', 'our', 'organisation', 'org']);

export function parseMilestoneQuery(tokens: string[], reference: { organisations: readonly Organisation[]; themes: readonly Theme[] }, today: string): MilestoneQuery {
  const rest = [...tokens];
  const filter: MilestoneQuery['filter'] = {};
  const described: string[] = [];
  let scope: Scope = 'default';

  const take = (phrase: string[]): boolean => {
    for (let i = 0; i + phrase.length <= rest.length; i += 1) {
      if (phrase.every((w, k) => rest[i + k] === w)) {
        rest.splice(i, phrase.length);
        return true;
      }
    }
    return false;
  };

  if (take(['mine']) || take(['my'])) scope = 'mine';
  if (take(['everyone']) || take(['everything']) || take(['all'])) scope = 'all';
  if (take(['overdue']) || take(['late'])) {
    filter.overdue = true;
    described.push('Overdue');
  }
  readDue(rest, today, filter, described);

  const statuses = new Set<MilestoneStatus>();
  for (const [phrase, matched] of STATUS_WORDS) while (take(phrase)) matched.forEach((s) => statuses.add(s));
  if (statuses.size > 0) {
    filter.statuses = [...statuses];
    described.push(filter.statuses.map((s) => statusView(s).label).join(' or '));
  } else {
    // Finished work is history: listed only when a status asks for it ("finished", "complete", "closed").
    filter.openOnly = true;
  }

  for (const [word, themeId] of Object.entries(THEME_WORDS)) {
    if (take([word])) {
      filter.themeId = themeId;
      // Theme titles have several words ("bringing people together"): drop the others too.
      for (const w of ['people', 'together', 'pride', 'place', 'and', 'of']) take([w]);
    }
  }
  if (filter.themeId) described.push(reference.themes.find((t) => t.id === filter.themeId)?.title ?? filter.themeId);

  const organisations = matchOrganisations(rest, reference.organisations, take);
  if (organisations.length > 0) {
    filter.organisationIds = organisations.map((o) => o.id);
    described.push(organisations.map((o) => o.shortName ?? o.name).join(' or '));
  }

  const text = rest.filter((w) => !IGNORED.has(w) && !FILLER.has(w));
  if (text.length > 0) {
    filter.text = text.join(' ');
    described.push(`matching "${filter.text}"`);
  }
  return { scope, filter, described };
}

function readDue(rest: string[], today: string, filter: MilestoneQuery['filter'], described: string[]): void {
  const at = rest.indexOf('due');
  if (at === -1) return;
  const [a, b, c] = [rest[at + 1], rest[at + 2], rest[at + 3]];
  const day = parseISO(today);
  const iso = (d: Date) => format(d, 'yyyy-MM-dd');
  let consumed: number;
  if (a === 'this' && b === 'month') {
    filter.dueBy = iso(endOfMonth(day));
    described.push('Due this month');
    consumed = 3;
  } else if (a === 'this' && b === 'week') {
    filter.dueBy = iso(endOfWeek(day, { weekStartsOn: 1 }));
    described.push('Due this week');
    consumed = 3;
  } else if (a === 'next' && b === 'month') {
    filter.dueBy = iso(endOfMonth(addMonths(day, 1)));
    described.push('Due by the end of next month');
    consumed = 3;
  } else if (a === 'today') {
    filter.dueBy = today;
    described.push('Due today');
    consumed = 2;
  } else if (a === 'in' && b && /^\d{1,4}$/.test(b) && c && /^(days?|weeks?|months?)$/.test(c)) {
    // A sane window: up to ten years ahead whatever was typed ("in 9999 months" is ten years).
    const unit = c.startsWith('month') ? 'month' : c.startsWith('week') ? 'week' : 'day';
    const n = Math.min(Number(b), MAX_AHEAD[unit]);
    filter.dueBy = iso(c.startsWith('month') ? addMonths(day, n) : addDays(day, c.startsWith('week') ? n * 7 : n));
    described.push(`Due in the next ${n} ${n === 1 ? unit : `${unit}s`}`);
    consumed = 4;
  } else {
    // "due" or "due soon": the next 30 days.
    filter.dueBy = iso(addDays(day, 30));
    described.push('Due in the next 30 days');
    consumed = a === 'soon' ? 2 : 1;
  }
  if (!filter.overdue) filter.dueFrom = today;
  rest.splice(at, consumed);
}

function matchOrganisations(rest: string[], organisations: readonly Organisation[], take: (phrase: string[]) => boolean): Organisation[] {
  const matched = new Map<string, Organisation>();
  for (const org of organisations) {
    const ids = [org.id, org.shortName].filter((x): x is string => Boolean(x)).map((x) => x.toLowerCase());
    if (ids.some((id) => take([id]))) matched.set(org.id, org);
  }
  for (const org of organisations) {
    const nameWords = org.name.toLowerCase().split(/\s+/).filter((w) => !IGNORED.has(w) && w.length > 2);
    if (nameWords.length > 1 && nameWords.every((w) => rest.includes(w))) {
      nameWords.forEach((w) => take([w]));
      matched.set(org.id, org);
    }
  }
  for (const [word, kind] of Object.entries(KIND_WORDS)) {
    if (take([word])) organisations.filter((o) => o.kind === kind).forEach((o) => matched.set(o.id, o));
  }
  return [...matched.values()];
}
