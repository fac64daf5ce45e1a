// Which records each committed change touched, per collection: a version number that goes up with
// every change, and the ids the most recent versions changed (bounded), so an index kept beside
// the store (the scheduler's pending jobs) can catch up on just what changed.
import type { CollectionName } from '../domain/model.ts';

/** How many recent versions of each collection remember which ids they changed. */
export const RECENT_CHANGES_KEPT = 1000;

export class CollectionChanges {
  private readonly versions = new Map<CollectionName, number>();
  private readonly recent = new Map<CollectionName, { version: number; ids: string[] }[]>();

  /** One committed change: the ids it put or deleted in each collection. */
  record(touched: ReadonlyMap<CollectionName, string[]>): void {
    for (const [collection, ids] of touched) {
      const version = this.version(collection) + 1;
      this.versions.set(collection, version);
      const recent = this.recent.get(collection) ?? [];
      recent.push({ version, ids });
      if (recent.length > RECENT_CHANGES_KEPT) recent.shift();
      this.recent.set(collection, recent);
    }
  }

  version(collection: CollectionName): number {
    return this.versions.get(collection) ?? 0;
  }

  /** The ids changed after version `since`; undefined when that is further back than remembered. */
  changedIds(collection: CollectionName, since: number): readonly string[] | undefined {
    const current = this.version(collection);
    if (since === current) return [];
    const recent = this.recent.get(collection) ?? [];
    const oldest = recent[0];
    if (since > current || !oldest || oldest.version > since + 1) return undefined;
    return recent.filter((r) => r.version > since).flatMap((r) => r.ids);
  }
}
