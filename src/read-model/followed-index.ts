// The read model (issue 15): indexes kept beside the store, never inside it, so any backend that
// offers the Repository's change feed (a version per collection and the ids each recent version
// changed: the JSON store, or a database backend keeping its in-memory view current) keeps them
// current too. Each index follows one collection: after a write it catches up on just the records
// that changed; only when it has fallen further behind than the store remembers is it built again.
import type { CollectionName, RecordOf } from '../domain/model.ts';
import type { ReadView, Repository } from '../store/repository.ts';

/** What an index needs of the store: reads, and the change feed. */
export type ChangeSource = ReadView & Pick<Repository, 'collectionVersion' | 'changedIds'>;

/** A read view that also offers the change feed (a Repository does; a transaction's view does not). */
export function isChangeSource(view: ReadView): view is ChangeSource {
  const candidate: Partial<ChangeSource> = view;
  return typeof candidate.collectionVersion === 'function' && typeof candidate.changedIds === 'function';
}

export abstract class FollowedIndex<C extends CollectionName> {
  /** The collection's version this index describes; -1 before it is first built. */
  private version = -1;

  protected constructor(
    protected readonly source: ChangeSource,
    private readonly collection: C,
  ) {}

  /** Brings the index up to the collection's current version; call before every read. */
  protected catchUp(): void {
    const current = this.source.collectionVersion(this.collection);
    if (current === this.version) return;
    const changed = this.version < 0 ? undefined : this.source.changedIds(this.collection, this.version);
    if (changed === undefined) this.rebuild(this.source.all(this.collection));
    else for (const id of new Set(changed)) this.apply(id, this.source.get(this.collection, id));
    this.version = current;
  }

  /** Builds the index from every record. */
  protected abstract rebuild(records: readonly Readonly<RecordOf<C>>[]): void;
  /** One record was put (`record` is its new state) or deleted (`record` undefined). */
  protected abstract apply(id: string, record: Readonly<RecordOf<C>> | undefined): void;
}

/** First position in `sorted` whose item is not before `item`. */
export function insertionPoint<T>(sorted: readonly T[], item: T, before: (a: T, b: T) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(sorted[mid] as T, item)) low = mid + 1;
    else high = mid;
  }
  return low;
}
