// A platform delivers an event again when it thinks the bot did not take it (Slack retries an
// event not acknowledged within 3 seconds, then after about 1 and 5 minutes). A retry may be the
// first delivery the bot ever saw (the first came while it was starting, or a deploy), so it is
// judged by the event's id alone, never by its retry number: the first delivery of an id is
// answered, any later one is not. The ids live in the store (`receivedEvents`), so a restart in
// between does not answer an event twice; each is forgotten after a few hours, and the collection
// never holds more than MAX_REMEMBERED of them.
//
// An id is recorded before its event is handled: if the process dies mid-turn, a retry of that
// event is not answered (once at most, rather than twice).
import type { ReceivedEvent } from '../domain/model.ts';
import type { ChangeContext, Repository, Transaction } from '../store/repository.ts';

/** Slack stops retrying within the hour; a few hours more costs a few kilobytes. */
export const REMEMBER_EVENTS_MS = 3 * 60 * 60 * 1000;
export const MAX_REMEMBERED = 5000;
/** Each transaction forgets at most this many expired ids, so none grows large. */
const FORGET_PER_CHANGE = 200;

export interface Remembering {
  forMs: number;
  atMost: number;
}

/** True the first time `platform:eventId` is offered (and it is then remembered); false for a repeat. */
export function firstDelivery(store: Repository, ctx: ChangeContext, platform: string, eventId: string, limits: Remembering = { forMs: REMEMBER_EVENTS_MS, atMost: MAX_REMEMBERED }): Promise<boolean> {
  const id = `${platform}:${eventId}`;
  return store.transact(ctx, (tx) => {
    const now = Date.parse(tx.now);
    const earlier = tx.get('receivedEvents', id);
    if (earlier && Date.parse(earlier.forgetAfter) > now) return false;
    forgetOld(tx, now, limits.atMost);
    const record: ReceivedEvent = { id, receivedAt: tx.now, forgetAfter: new Date(now + limits.forMs).toISOString() };
    tx.put('receivedEvents', record, { action: 'event.received' });
    return true;
  });
}

function forgetOld(tx: Transaction, now: number, atMost: number): void {
  const all = tx.all('receivedEvents');
  const expired = all.filter((e) => Date.parse(e.forgetAfter) <= now).slice(0, FORGET_PER_CHANGE);
  for (const e of expired) tx.delete('receivedEvents', e.id, { action: 'event.forgotten' });
  const over = all.length - expired.length - (atMost - 1);
  if (over <= 0) return;
  // Over the bound (a burst): the oldest still remembered go first.
  const gone = new Set(expired.map((e) => e.id));
  const oldest = all.filter((e) => !gone.has(e.id)).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).slice(0, over);
  for (const e of oldest) tx.delete('receivedEvents', e.id, { action: 'event.forgotten' });
}
