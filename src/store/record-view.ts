// The in-memory view of the forum's records that both stores read from (the JSON store holds the
// whole data set; the PostgreSQL store keeps one per instance, current from the database): frozen
// records by id per collection, a cached frozen array per collection for `all`, and the versions
// and changed ids an index kept beside the store catches up from (collection-changes.ts).
import { COLLECTION_NAMES, type CollectionName, type RecordOf } from '../domain/model.ts';
import { CollectionChanges } from './collection-changes.ts';
import type { Operation } from './journal.ts';

type Records = Map<string, Readonly<object>>;

export class RecordView {
  private readonly records = new Map<CollectionName, Records>();
  private readonly arrays = new Map<CollectionName, readonly object[]>();
  private readonly changes = new CollectionChanges();

  /** Starts with the given records (frozen here), or empty. */
  constructor(initial?: (collection: CollectionName) => readonly object[]) {
    for (const collection of COLLECTION_NAMES) {
      this.records.set(collection, byId(initial?.(collection) ?? []));
    }
  }

  get<C extends CollectionName>(collection: C, id: string): Readonly<RecordOf<C>> | undefined {
    return this.records.get(collection)?.get(id) as RecordOf<C> | undefined;
  }

  /** Every record of a collection; the same frozen array until the collection changes. */
  all<C extends CollectionName>(collection: C): readonly Readonly<RecordOf<C>>[] {
    let array = this.arrays.get(collection);
    if (!array) {
      array = Object.freeze([...(this.records.get(collection)?.values() ?? [])]);
      this.arrays.set(collection, array);
    }
    return array as readonly RecordOf<C>[];
  }

  count(collection: CollectionName): number {
    return this.records.get(collection)?.size ?? 0;
  }

  collectionVersion(collection: CollectionName): number {
    return this.changes.version(collection);
  }

  changedIds(collection: CollectionName, since: number): readonly string[] | undefined {
    return this.changes.changedIds(collection, since);
  }

  /** Applies one committed change; returns the collections it touched. */
  apply(ops: readonly Operation[]): ReadonlySet<CollectionName> {
    const touched = new Map<CollectionName, string[]>();
    for (const op of ops) {
      const collection = op.c as CollectionName;
      const records = this.records.get(collection);
      if (!records) continue;
      if (op.op === 'put') records.set(op.r.id, deepFreeze(op.r));
      else records.delete(op.id);
      this.arrays.delete(collection);
      const ids = touched.get(collection) ?? [];
      ids.push(op.op === 'put' ? op.r.id : op.id);
      touched.set(collection, ids);
    }
    this.changes.record(touched);
    return new Set(touched.keys());
  }

  /**
   * Replaces every collection (a reload). With `asChange`, every id before or after counts as
   * changed, so indexes kept beside the store rebuild rather than trust their old state.
   */
  replaceAll(next: (collection: CollectionName) => readonly object[], asChange: boolean): void {
    const touched = new Map<CollectionName, string[]>();
    for (const collection of COLLECTION_NAMES) {
      const before = this.records.get(collection);
      const after = byId(next(collection));
      this.records.set(collection, after);
      this.arrays.delete(collection);
      touched.set(collection, [...new Set([...(before?.keys() ?? []), ...after.keys()])]);
    }
    if (asChange) this.changes.record(touched);
  }
}

function byId(records: readonly object[]): Records {
  return new Map(records.map((r) => [(r as { id: string }).id, deepFreeze(r)]));
}

/** Records handed out by the store are frozen, so no caller can change data without a transaction. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
