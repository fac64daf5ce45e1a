// Finding milestones: the filters people ask for ("overdue", "due in 30 days", an organisation,
// a theme, a status, words). Pure functions over the repository's read view.
import type { Milestone, MilestoneStatus, MilestoneUpdate, ThemeId } from '../model.ts';
import type { ReadView } from '../../store/repository.ts';
import { effectiveDue, isFinished, isOverdue } from './milestone-rules.ts';

export interface MilestoneFilter {
  /** Today's local date, YYYY-MM-DD. */
  today: string;
  overdue?: boolean;
  /** Due on or before this date (and not finished). */
  dueBy?: string;
  /** Due on or after this date: "due in 30 days" means upcoming, not overdue. */
  dueFrom?: string;
  /** Owned or led by any of these organisations. */
  organisationIds?: string[];
  themeId?: ThemeId;
  statuses?: MilestoneStatus[];
  ownerPersonId?: string;
  text?: string;
  /** Leaves out finished milestones (complete or closed): what people mean unless they ask for those. */
  openOnly?: boolean;
}

export function findMilestones(view: ReadView, filter: MilestoneFilter): Milestone[] {
  const actions = view.all('actions');
  const actionById = new Map(actions.map((a) => [a.id, a]));
  const words = filter.text?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  return view
    .all('milestones')
    .filter((m) => {
      const action = actionById.get(m.actionId);
      if (filter.openOnly && isFinished(m.status)) return false;
      if (filter.overdue && !isOverdue(m, filter.today)) return false;
      if (filter.dueBy && (isFinished(m.status) || effectiveDue(m) > filter.dueBy)) return false;
      if (filter.dueFrom && effectiveDue(m) < filter.dueFrom) return false;
      if (filter.organisationIds && !filter.organisationIds.includes(m.owner.organisationId) && !filter.organisationIds.includes(action?.lead.organisationId ?? '')) return false;
      if (filter.themeId && action?.themeId !== filter.themeId) return false;
      if (filter.statuses && !filter.statuses.includes(m.status)) return false;
      if (filter.ownerPersonId && m.owner.personId !== filter.ownerPersonId && action?.lead.personId !== filter.ownerPersonId) return false;
      if (words.length > 0) {
        const haystack = `${m.id} ${m.description} ${action?.title ?? ''}`.toLowerCase();
        if (!words.every((w) => haystack.includes(w))) return false;
      }
      return true;
    })
    .sort(byDueThenId);
}

/**
 * Updates grouped by milestone, built once per version of the collection: the store hands out the
 * same frozen array until the collection changes, so the array itself is the cache key. The index
 * is built on the second read of a version; a single read right after a write (the detail card
 * after a save) scans instead, which costs less than building the index it would not reuse.
 */
const historyIndex = new WeakMap<readonly MilestoneUpdate[], Map<string, MilestoneUpdate[]>>();
let lastScanned: WeakRef<readonly MilestoneUpdate[]> | undefined;

function buildHistoryIndex(updates: readonly MilestoneUpdate[]): Map<string, MilestoneUpdate[]> {
  const index = new Map<string, MilestoneUpdate[]>();
  for (const u of updates) {
    const list = index.get(u.milestoneId);
    if (list) list.push(u);
    else index.set(u.milestoneId, [u]);
  }
  for (const list of index.values()) list.sort((a, b) => a.version - b.version);
  return index;
}

/** The history of one milestone, oldest first. */
export function milestoneHistory(view: ReadView, milestoneId: string): MilestoneUpdate[] {
  const updates = view.all('milestoneUpdates');
  let index = historyIndex.get(updates);
  if (!index && lastScanned?.deref() !== updates) {
    lastScanned = new WeakRef(updates);
    return updates.filter((u) => u.milestoneId === milestoneId).sort((a, b) => a.version - b.version);
  }
  if (!index) {
    index = buildHistoryIndex(updates);
    historyIndex.set(updates, index);
  }
  return [...(index.get(milestoneId) ?? [])];
}

/** One collator for every comparison: `localeCompare` with options builds a new one per call. */
const collator = new Intl.Collator('en', { numeric: true });

/** BSC-2.10 sorts after BSC-2.9. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Soonest due first (ISO dates compare as strings), then by id. */
function byDueThenId(a: Milestone, b: Milestone): number {
  const dueA = effectiveDue(a);
  const dueB = effectiveDue(b);
  return dueA < dueB ? -1 : dueA > dueB ? 1 : naturalCompare(a.id, b.id);
}
