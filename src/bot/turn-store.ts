// The store as one turn sees it: the same store, counting the changes this turn committed, so
// that an error after a save is reported as what it is ("saved, but ...") and never as "nothing
// was changed".
import { UNDERLYING_STORE } from '../read-model/read-model.ts';
import type { Repository } from '../store/repository.ts';

export interface TurnCommits {
  /** Transactions this turn committed (each one is on disk). */
  count: number;
}

export function storeCountingCommits(store: Repository, commits: TurnCommits): Repository {
  return new Proxy(store, {
    get(target, property) {
      // The read model belongs to the store, not to each turn's view of it.
      if (property === UNDERLYING_STORE) return target;
      if (property === 'transact') {
        const transact: Repository['transact'] = async (ctx, work) => {
          const result = await target.transact(ctx, work);
          commits.count += 1;
          return result;
        };
        return transact;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
