// The pending jobs in due order, kept beside the store so a tick costs time in proportion to the
// jobs it sends, not to every job planned (100,000 reminders planned ahead must not slow a send).
// After any write to the jobs, the index catches up on just the jobs that changed (the store
// remembers which); only when it does not remember that far back is the index built again.
import type { Job } from '../domain/model.ts';
import type { ReadView, Repository } from '../store/repository.ts';

export interface PendingEntry {
  /** When the job is next due: its retry time, or its due time. */
  at: number;
  id: string;
}

const dueAt = (job: Readonly<Job>): number => Date.parse(job.nextAttemptAt ?? job.dueAt);
const before = (a: PendingEntry, b: PendingEntry) => a.at < b.at || (a.at === b.at && a.id < b.id);

export class PendingIndex {
  private sorted: PendingEntry[] = [];
  private atById = new Map<string, number>();
  /** The jobs collection's version this index describes; -1 before it is first built. */
  private version = -1;

  constructor(private readonly repo: Pick<Repository, 'collectionVersion' | 'changedIds'> & ReadView) {}

  /** The pending jobs, soonest first (a shared array: read it, do not keep it across awaits). */
  entries(): readonly PendingEntry[] {
    const current = this.repo.collectionVersion('jobs');
    if (current === this.version) return this.sorted;
    const changed = this.version < 0 ? undefined : this.repo.changedIds('jobs', this.version);
    if (changed === undefined) this.rebuild();
    else for (const id of new Set(changed)) this.refresh(id);
    this.version = current;
    return this.sorted;
  }

  private refresh(id: string): void {
    this.remove(id);
    const job = this.repo.get('jobs', id);
    if (job?.status === 'pending') this.insert({ at: dueAt(job), id });
  }

  private rebuild(): void {
    this.sorted = this.repo
      .all('jobs')
      .filter((j) => j.status === 'pending')
      .map((j) => ({ at: dueAt(j), id: j.id }))
      .sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    this.atById = new Map(this.sorted.map((e) => [e.id, e.at]));
  }

  /** First position whose entry is not before `entry` (due time, then id). */
  private position(entry: PendingEntry): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (before(this.sorted[mid] as PendingEntry, entry)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private insert(entry: PendingEntry): void {
    this.sorted.splice(this.position(entry), 0, entry);
    this.atById.set(entry.id, entry.at);
  }

  private remove(id: string): void {
    const at = this.atById.get(id);
    if (at === undefined) return;
    const index = this.position({ at, id });
    if (this.sorted[index]?.id === id) this.sorted.splice(index, 1);
    this.atById.delete(id);
  }
}
