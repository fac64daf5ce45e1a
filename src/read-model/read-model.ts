// The read model of one store (issue 15): its indexes, made on first use and kept per store
// object, so callers keep passing the store (a ReadView) as before. A view without the change
// feed (a transaction's, a test's plain object) gets no read model, and the callers scan instead.
import type { ReadView } from '../store/repository.ts';
import { isChangeSource, type ChangeSource } from './followed-index.ts';
import { HistoryIndex, OpenMilestonesByDue } from './milestone-indexes.ts';
import { PeopleByIdentity } from './people-indexes.ts';

export interface ReadModel {
  history: HistoryIndex;
  openMilestones: OpenMilestonesByDue;
  people: PeopleByIdentity;
}

const models = new WeakMap<ChangeSource, ReadModel>();

export function readModelOf(view: ReadView): ReadModel | undefined {
  if (!isChangeSource(view)) return undefined;
  let model = models.get(view);
  if (!model) {
    model = { history: new HistoryIndex(view), openMilestones: new OpenMilestonesByDue(view), people: new PeopleByIdentity(view) };
    models.set(view, model);
  }
  return model;
}
