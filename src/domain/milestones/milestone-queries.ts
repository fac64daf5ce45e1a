// Finding milestones: the filters people ask for ("overdue", "due in 30 days", an organisation,
// a theme, a status, words). Pure functions over the repository's read view.
import type { Milestone, MilestoneStatus, MilestoneUpdate, ThemeId } from '../model.ts';
import type { ReadView } from '../../store/repository.ts';
import { byDueThenId, naturalCompare } from '../../read-model/milestone-indexes.ts';
import { readModelOf } from '../../read-model/read-model.ts';
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

/** What a filter needs of the milestone's action; looked up only for filters that use it. */
const needsAction = (filter: MilestoneFilter) => Boolean(filter.organisationIds || filter.themeId || filter.ownerPersonId || filter.text);

export function findMilestones(view: ReadView, filter: MilestoneFilter): Milestone[] {
  const actionById = needsAction(filter) ? new Map(view.all('actions').map((a) => [a.id, a])) : undefined;
  const words = filter.text?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  const matches = (m: Milestone): boolean => {
    const action = actionById?.get(m.actionId);
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
  };
  // Open milestones only (overdue, due by a date, open only): the read model has them in order
  // already, so the list is read up to the last due date wanted, with no sort.
  const open = filter.openOnly || filter.overdue || filter.dueBy !== undefined ? readModelOf(view)?.openMilestones.list() : undefined;
  if (open) {
    const last = filter.overdue ? filter.today : filter.dueBy;
    const found: Milestone[] = [];
    for (const m of open) {
      const due = effectiveDue(m);
      if (last !== undefined && (filter.overdue ? due >= last : due > last)) break;
      if (matches(m)) found.push(m);
    }
    return found;
  }
  return view.all('milestones').filter(matches).sort(byDueThenId);
}

/** The history of one milestone, oldest first: from the read model, or a scan of a view without one. */
export function milestoneHistory(view: ReadView, milestoneId: string): MilestoneUpdate[] {
  const model = readModelOf(view);
  if (model) return [...model.history.of(milestoneId)];
  return view.all('milestoneUpdates').filter((u) => u.milestoneId === milestoneId).sort((a, b) => a.version - b.version);
}

export { naturalCompare };
