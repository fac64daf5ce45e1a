// Ids for records made from chat (meetings, subscriptions): short, readable, random, and checked
// against the collection inside the transaction, so two made in the same instant never collide.
import { randomBytes } from 'node:crypto';
import type { CollectionName } from './model.ts';
import type { ReadView } from '../store/repository.ts';

export function newId(view: ReadView, collection: CollectionName, prefix: string): string {
  for (;;) {
    const id = `${prefix}-${randomBytes(4).toString('hex').toUpperCase()}`;
    if (!view.get(collection, id)) return id;
  }
}
