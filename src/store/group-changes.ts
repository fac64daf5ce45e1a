// Group commit's view of the data: transactions waiting for the writer run one after another, and
// each must read what the earlier ones in its group wrote before any of it is on disk.
import type { CollectionName, RecordOf } from '../domain/model.ts';
import type { JournalRecord } from './journal.ts';
import type { ReadView } from './repository.ts';

/**
 * The changes of the transactions earlier in a group, over the store: what a later transaction in
 * the same group reads (the store itself is changed only once the group is on disk).
 */
export class GroupChanges implements ReadView {
  private readonly staged = new Map<CollectionName, Map<string, object | null>>();
  private readonly merged = new Map<CollectionName, readonly object[]>();

  constructor(private readonly base: ReadView) {}

  add(ops: readonly JournalRecord['ops'][number][]): void {
    for (const op of ops) {
      const collection = op.c as CollectionName;
      let staged = this.staged.get(collection);
      if (!staged) this.staged.set(collection, (staged = new Map()));
      staged.set(op.op === 'put' ? op.r.id : op.id, op.op === 'put' ? op.r : null);
      this.merged.delete(collection);
    }
  }

  get<C extends CollectionName>(collection: C, id: string): Readonly<RecordOf<C>> | undefined {
    const staged = this.staged.get(collection);
    if (staged?.has(id)) return (staged.get(id) ?? undefined) as RecordOf<C> | undefined;
    return this.base.get(collection, id);
  }

  all<C extends CollectionName>(collection: C): readonly Readonly<RecordOf<C>>[] {
    const staged = this.staged.get(collection);
    if (!staged) return this.base.all(collection);
    let merged = this.merged.get(collection);
    if (!merged) {
      merged = Object.freeze(this.base.all(collection).filter((r) => !staged.has(r.id)).concat([...staged.values()].filter((r): r is RecordOf<C> => r !== null)));
      this.merged.set(collection, merged);
    }
    return merged as readonly RecordOf<C>[];
  }

  count(collection: CollectionName): number {
    return this.all(collection).length;
  }
}
