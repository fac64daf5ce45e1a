// The outbox: private messages the bot owes someone (an intelligence alert to a reviewer, a notice
// to an admin), written to the store before the first attempt to deliver them. A message that
// reaches its person is deleted; one that cannot (the person has never opened a chat with the bot,
// the platform refused) stays, visible to admins in `status`, until the person can be reached.
//
// Each attempt claims the message first (`waiting` -> `sending`, in a transaction), so two turns
// of the same person, or a turn and the retry timer, never deliver it twice. A message found
// `sending` at start was interrupted mid-send: it goes back to `waiting` and is tried again. That
// is the one case where a person may get it twice; for an urgent alert a repeat is better than
// none (the scheduler's reminders choose the other way: see src/scheduler/scheduler.ts).
import { randomBytes } from 'node:crypto';
import type { OutboxMessage } from './model.ts';
import type { ChangeContext, ReadView, Repository, Transaction } from '../store/repository.ts';

export const OUTBOX_CTX: ChangeContext = { actor: { name: 'outbox' }, via: 'system' };

/** Waits before trying again a message whose person has a chat the platform refused; then hourly. */
export const OUTBOX_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 60 * 60_000] as const;

/**
 * Set when a message is written: if the first attempt never happens (the bot stopped in between),
 * the retry timer makes it this much later. The first attempt is normally made at once by whoever
 * wrote the message.
 */
const FIRST_ATTEMPT_FALLBACK_MS = 60_000;

function newOutboxId(view: ReadView): string {
  for (;;) {
    const id = `OUT-${randomBytes(5).toString('hex').toUpperCase()}`;
    if (!view.get('outbox', id)) return id;
  }
}

const detailOf = (message: OutboxMessage['message']) => ({ kind: message.kind, ...(message.kind === 'intel-alert' ? { reportId: message.reportId } : {}) });

/** Writes one message for each person, inside the caller's transaction; returns the records. */
export function queueMessages(tx: Transaction, personIds: readonly string[], message: OutboxMessage['message']): OutboxMessage[] {
  const retryAt = new Date(Date.parse(tx.now) + FIRST_ATTEMPT_FALLBACK_MS).toISOString();
  return [...new Set(personIds)].map((personId) => {
    const record: OutboxMessage = { id: newOutboxId(tx), personId, message, createdAt: tx.now, status: 'waiting', attempts: 0, nextAttemptAt: retryAt };
    tx.put('outbox', record, { action: 'outbox.queue', detail: detailOf(message) });
    return record;
  });
}

/** Claims a waiting message for one attempt; undefined when it is gone or already being sent. */
export function claimMessage(repo: Repository, id: string): Promise<OutboxMessage | undefined> {
  return repo.transact(OUTBOX_CTX, (tx) => {
    const current = tx.get('outbox', id);
    if (!current || current.status !== 'waiting') return undefined;
    const claimed: OutboxMessage = { ...current, status: 'sending', attempts: current.attempts + 1, lastAttemptAt: tx.now };
    tx.put('outbox', claimed, { action: 'outbox.claim', detail: { ...detailOf(current.message), attempt: claimed.attempts } });
    return claimed;
  });
}

/** The claimed message reached its person: it is deleted (the audit log keeps that it went). */
export async function markDelivered(repo: Repository, claimed: OutboxMessage, via: readonly string[]): Promise<void> {
  await repo.transact(OUTBOX_CTX, (tx) => {
    if (tx.get('outbox', claimed.id)) tx.delete('outbox', claimed.id, { action: 'outbox.delivered', detail: { ...detailOf(claimed.message), attempts: claimed.attempts, via: [...via] } });
  });
}

/**
 * The claimed message did not reach its person: it waits again. `retry` says whether to try again
 * on a timer (the person has a chat the platform refused), or only when the person next writes.
 */
export async function markUndelivered(repo: Repository, claimed: OutboxMessage, reason: string, retry: boolean): Promise<OutboxMessage | undefined> {
  return repo.transact(OUTBOX_CTX, (tx) => {
    const current = tx.get('outbox', claimed.id);
    if (!current) return undefined;
    const wait = OUTBOX_BACKOFF_MS[Math.min(claimed.attempts, OUTBOX_BACKOFF_MS.length) - 1] ?? OUTBOX_BACKOFF_MS[0];
    const waiting: OutboxMessage = { ...current, status: 'waiting', lastError: reason.slice(0, 500) };
    if (retry) waiting.nextAttemptAt = new Date(Date.parse(tx.now) + wait).toISOString();
    else delete waiting.nextAttemptAt;
    tx.put('outbox', waiting, { action: 'outbox.undelivered', detail: { ...detailOf(current.message), attempt: current.attempts, retry } });
    return waiting;
  });
}

/** A message that no longer makes sense (its report or person is gone, the person lost the role). */
export async function dropMessage(repo: Repository, claimed: OutboxMessage, reason: string): Promise<void> {
  await repo.transact(OUTBOX_CTX, (tx) => {
    if (tx.get('outbox', claimed.id)) tx.delete('outbox', claimed.id, { action: 'outbox.drop', detail: { ...detailOf(claimed.message), reason } });
  });
}

/** At start: messages left `sending` by a stop mid-send wait again, to be tried at once. */
export function recoverInterrupted(repo: Repository): Promise<string[]> {
  return repo.transact(OUTBOX_CTX, (tx) => {
    const ids: string[] = [];
    for (const message of tx.all('outbox')) {
      if (message.status !== 'sending') continue;
      tx.put('outbox', { ...message, status: 'waiting', nextAttemptAt: tx.now, lastError: 'interrupted: the bot stopped during the send' }, { action: 'outbox.interrupted', detail: detailOf(message.message) });
      ids.push(message.id);
    }
    return ids;
  });
}

/** The waiting messages of one person, oldest first. */
export function waitingFor(view: ReadView, personId: string): Readonly<OutboxMessage>[] {
  return view
    .all('outbox')
    .filter((m) => m.personId === personId && m.status === 'waiting')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Waiting messages whose retry time has come. */
export function dueForRetry(view: ReadView, now: Date): Readonly<OutboxMessage>[] {
  const at = now.toISOString();
  return view.all('outbox').filter((m) => m.status === 'waiting' && m.nextAttemptAt !== undefined && m.nextAttemptAt <= at);
}
