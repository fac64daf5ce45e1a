// Milestone indexes of the read model (issue 15): each milestone's history in version order, and
// the open milestones in due order, so the detail card after a save and the "overdue" list cost
// time in proportion to what they show, not to every update and milestone ever recorded.
import type { Milestone, MilestoneUpdate } from '../domain/model.ts';
import { effectiveDue, isFinished } from '../domain/milestones/milestone-rules.ts';
import { FollowedIndex, insertionPoint, type ChangeSource } from './followed-index.ts';

/** Every milestone's updates, oldest first. */
export class HistoryIndex extends FollowedIndex<'milestoneUpdates'> {
  private byMilestone = new Map<string, Readonly<MilestoneUpdate>[]>();
  /** Which milestone each update belongs to, to find it again when it changes or goes. */
  private milestoneOf = new Map<string, string>();

  constructor(source: ChangeSource) {
    super(source, 'milestoneUpdates');
  }

  /** The milestone's updates, oldest first (a shared array: read it, do not keep it across awaits). */
  of(milestoneId: string): readonly Readonly<MilestoneUpdate>[] {
    this.catchUp();
    return this.byMilestone.get(milestoneId) ?? [];
  }

  protected rebuild(records: readonly Readonly<MilestoneUpdate>[]): void {
    this.byMilestone = new Map();
    this.milestoneOf = new Map();
    for (const u of records) {
      const list = this.byMilestone.get(u.milestoneId);
      if (list) list.push(u);
      else this.byMilestone.set(u.milestoneId, [u]);
      this.milestoneOf.set(u.id, u.milestoneId);
    }
    for (const list of this.byMilestone.values()) list.sort((a, b) => a.version - b.version);
  }

  protected apply(id: string, record: Readonly<MilestoneUpdate> | undefined): void {
    const previous = this.milestoneOf.get(id);
    if (previous !== undefined) {
      const list = this.byMilestone.get(previous) ?? [];
      const at = list.findIndex((u) => u.id === id);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.byMilestone.delete(previous);
      this.milestoneOf.delete(id);
    }
    if (!record) return;
    const list = this.byMilestone.get(record.milestoneId) ?? [];
    list.splice(insertionPoint(list, record, (a, b) => a.version <= b.version), 0, record);
    this.byMilestone.set(record.milestoneId, list);
    this.milestoneOf.set(id, record.milestoneId);
  }
}

/** One collator for every comparison: `localeCompare` with options builds a new one per call. */
const collator = new Intl.Collator('en', { numeric: true });

/** BSC-2.10 sorts after BSC-2.9. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Soonest due first (ISO dates compare as strings), then by id: the order every milestone list uses. */
export function byDueThenId(a: Pick<Milestone, 'id' | 'originalDue' | 'revisedDue'>, b: Pick<Milestone, 'id' | 'originalDue' | 'revisedDue'>): number {
  const dueA = effectiveDue(a);
  const dueB = effectiveDue(b);
  return dueA < dueB ? -1 : dueA > dueB ? 1 : naturalCompare(a.id, b.id);
}

/** The milestones not finished (not complete or closed), soonest due first. */
export class OpenMilestonesByDue extends FollowedIndex<'milestones'> {
  private sorted: Readonly<Milestone>[] = [];
  /** The entry each open milestone has in `sorted`, to find it again when it changes. */
  private entryOf = new Map<string, Readonly<Milestone>>();

  constructor(source: ChangeSource) {
    super(source, 'milestones');
  }

  /** Open milestones in due order, then by id (a shared array: read it, do not keep it across awaits). */
  list(): readonly Readonly<Milestone>[] {
    this.catchUp();
    return this.sorted;
  }

  protected rebuild(records: readonly Readonly<Milestone>[]): void {
    this.sorted = records.filter((m) => !isFinished(m.status)).sort(byDueThenId);
    this.entryOf = new Map(this.sorted.map((m) => [m.id, m]));
  }

  protected apply(id: string, record: Readonly<Milestone> | undefined): void {
    const previous = this.entryOf.get(id);
    if (previous) {
      const at = insertionPoint(this.sorted, previous, (a, b) => byDueThenId(a, b) < 0);
      if (this.sorted[at]?.id === id) this.sorted.splice(at, 1);
      else this.sorted = this.sorted.filter((m) => m.id !== id); // not where its order says: never expected, but never left behind
      this.entryOf.delete(id);
    }
    if (!record || isFinished(record.status)) return;
    this.sorted.splice(insertionPoint(this.sorted, record, (a, b) => byDueThenId(a, b) < 0), 0, record);
    this.entryOf.set(id, record);
  }
}
