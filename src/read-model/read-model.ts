// The read model of one store (issue 15): its indexes, made on first use and kept per store
// object, so callers keep passing the store (a ReadView) as before. A view without the change
// feed (a transaction's, a test's plain object) gets no read model, and the callers scan instead.
import type { ReadView } from '../store/repository.ts';
import { isChangeSource, type ChangeSource } from './followed-index.ts';
import { IntelReportCounts } from './intel-indexes.ts';
import { HistoryIndex, OpenMilestonesByDue } from './milestone-indexes.ts';
import { PeopleByIdentity } from './people-indexes.ts';

export interface ReadModel {
  history: HistoryIndex;
  openMilestones: OpenMilestonesByDue;
  people: PeopleByIdentity;
  intelCounts: IntelReportCounts;
}

const models = new WeakMap<ChangeSource, ReadModel>();

/**
 * A wrapper of a store (the store as one turn sees it, src/bot/turn-store.ts) answers this with
 * the store itself, so every wrapper shares the store's one read model instead of building its own.
 */
export const UNDERLYING_STORE: unique symbol = Symbol('the store behind a wrapper');

function underlying(view: ReadView): ReadView {
  const inner: unknown = Reflect.get(view, UNDERLYING_STORE);
  return inner && typeof inner === 'object' && 'all' in inner && 'get' in inner && 'count' in inner ? (inner as ReadView) : view;
}

export function readModelOf(view: ReadView): ReadModel | undefined {
  const source = underlying(view);
  if (!isChangeSource(source)) return undefined;
  let model = models.get(source);
  if (!model) {
    model = { history: new HistoryIndex(source), openMilestones: new OpenMilestonesByDue(source), people: new PeopleByIdentity(source), intelCounts: new IntelReportCounts(source) };
    models.set(source, model);
  }
  return model;
}
