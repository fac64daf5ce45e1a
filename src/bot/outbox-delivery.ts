// Delivering the outbox (src/domain/outbox.ts): each private message is claimed, sent through
// DirectMessages, then deleted if it arrived or kept if it did not. A kept message goes out when
// its person next writes to the bot (ForumBot calls `deliverWaitingFor`), or on a timer when the
// person has a chat the platform refused for a while.
import type { Logger } from 'pino';
import { canReviewIntel } from '../domain/intel/intel-access.ts';
import type { OutboxMessage, Person } from '../domain/model.ts';
import { claimMessage, dropMessage, dueForRetry, markDelivered, markUndelivered, OUTBOX_CTX, queueMessages, recoverInterrupted, waitingFor } from '../domain/outbox.ts';
import type { Repository } from '../store/repository.ts';
import { WorkInFlight } from '../server/work-in-flight.ts';
import { NO_CHAT_YET, type DirectMessages } from './direct-messages.ts';
import { replyActivity } from './reply-activity.ts';
import { cardReply, textReply, type Reply } from './turn.ts';
import { renderCard } from '../cards/render-card.ts';
import { alertCard, alertText, heldAlertCard } from './views/alert-views.ts';

/** How often kept messages whose retry time has come are tried again. */
const RETRY_EVERY_MS = 60_000;

/** What one attempt came to. `busy`: another attempt had it claimed (or it was already gone). */
export interface DeliveryOutcome {
  id: string;
  personId: string;
  result: 'delivered' | 'kept' | 'dropped' | 'busy';
  /** Why it was kept or dropped. */
  reason?: string;
}

export interface OutboxDeps {
  store: Repository;
  directMessages: DirectMessages;
  logger: Logger;
  now: () => Date;
  timeZone: string;
}

export class Outbox {
  private readonly work = new WorkInFlight('private messages');
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: OutboxDeps) {}

  /** Writes the same notice for each person and tries to deliver it at once. */
  async notify(personIds: readonly string[], text: string): Promise<DeliveryOutcome[]> {
    if (personIds.length === 0) return [];
    const queued = await this.deps.store.transact(OUTBOX_CTX, (tx) => queueMessages(tx, personIds, { kind: 'notice', text }));
    return this.deliver(queued.map((m) => m.id));
  }

  /** Tries each message once now: one person's in the order given, different people's side by side. */
  deliver(ids: readonly string[]): Promise<DeliveryOutcome[]> {
    return this.track(async () => {
      const byPerson = new Map<string, string[]>();
      for (const id of ids) {
        const personId = this.deps.store.get('outbox', id)?.personId ?? '';
        byPerson.set(personId, [...(byPerson.get(personId) ?? []), id]);
      }
      const groups = await Promise.all(
        [...byPerson.values()].map(async (group) => {
          const outcomes: DeliveryOutcome[] = [];
          for (const id of group) outcomes.push(await this.deliverOne(id));
          return outcomes;
        }),
      );
      const byId = new Map(groups.flat().map((o) => [o.id, o]));
      return ids.map((id) => byId.get(id) ?? { id, personId: '', result: 'busy' as const });
    });
  }

  /** The person just wrote to the bot in a 1:1 chat: everything kept for them goes now. Never throws. */
  async deliverWaitingFor(personId: string): Promise<void> {
    const waiting = waitingFor(this.deps.store, personId);
    if (waiting.length === 0) return;
    try {
      const outcomes = await this.deliver(waiting.map((m) => m.id));
      this.deps.logger.info({ person: personId, delivered: outcomes.filter((o) => o.result === 'delivered').length, kept: outcomes.filter((o) => o.result === 'kept').length }, 'kept private messages delivered on the person\'s return');
    } catch (error) {
      this.deps.logger.error({ err: error, person: personId }, 'could not deliver the messages kept for this person; they stay kept');
    }
  }

  /** Kept messages whose retry time has come. */
  async retryDue(): Promise<DeliveryOutcome[]> {
    const due = dueForRetry(this.deps.store, this.deps.now());
    return due.length === 0 ? [] : this.deliver(due.map((m) => m.id));
  }

  /** Work that must finish before the store closes (a follow-up after the reporter was answered). */
  track<T>(work: () => Promise<T>): Promise<T> {
    return this.work.run(work);
  }

  /** Puts back messages a stop interrupted, tries what is due, then keeps trying on a timer. */
  async start(): Promise<void> {
    const interrupted = await recoverInterrupted(this.deps.store);
    if (interrupted.length > 0) this.deps.logger.warn({ ids: interrupted }, 'private messages interrupted by a stop will be sent again');
    await this.retrySafely();
    this.timer ??= setInterval(() => void this.retrySafely(), RETRY_EVERY_MS);
    this.timer.unref();
  }

  async stop(timeoutMs: number): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.work.drain(timeoutMs, this.deps.logger);
  }

  private async retrySafely(): Promise<void> {
    try {
      await this.retryDue();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'retrying kept private messages failed; the next round tries again');
    }
  }

  private async deliverOne(id: string): Promise<DeliveryOutcome> {
    const { store, directMessages, logger } = this.deps;
    const claimed = await claimMessage(store, id);
    if (!claimed) return { id, personId: store.get('outbox', id)?.personId ?? '', result: 'busy' };
    const outcome = (result: DeliveryOutcome['result'], reason?: string): DeliveryOutcome => ({ id, personId: claimed.personId, result, ...(reason ? { reason } : {}) });
    try {
      const person = store.get('people', claimed.personId);
      const reply = person ? this.render(claimed, person) : { drop: 'the person is no longer registered' };
      if (!person || 'drop' in reply) {
        const reason = 'drop' in reply ? reply.drop : 'the person is no longer registered';
        await dropMessage(store, claimed, reason);
        logger.info({ id, kind: claimed.message.kind, reason }, 'private message dropped');
        return outcome('dropped', reason);
      }
      const reach = await directMessages.reach(person, replyActivity(reply));
      if (reach.delivered.length > 0) {
        await markDelivered(store, claimed, reach.delivered);
        return outcome('delivered');
      }
      const reason = reach.problems.join('; ') || NO_CHAT_YET;
      await markUndelivered(store, claimed, reason, reach.tried);
      logger.warn({ id, kind: claimed.message.kind, person: person.id, reason, attempt: claimed.attempts }, 'private message kept: its person could not be reached');
      return outcome('kept', reason);
    } catch (error) {
      // Whatever failed (a store write after a send), the message must not stay claimed for ever.
      logger.error({ err: error, id }, 'delivering a private message failed; it is kept');
      await markUndelivered(store, claimed, 'an error on the bot\'s side', true).catch((again: unknown) => logger.error({ err: again, id }, 'could not put the message back; it is tried again at the next start'));
      return outcome('kept', 'an error on the bot\'s side');
    }
  }

  /** The message as a reply (an alert is a card with a button that opens the report), or why it should not go out any more. */
  private render(claimed: OutboxMessage, person: Person): Reply | { drop: string } {
    const message = claimed.message;
    switch (message.kind) {
      case 'notice':
        return textReply(message.text);
      case 'intel-alert': {
        const report = this.deps.store.get('intelReports', message.reportId);
        if (!report) return { drop: 'the report is no longer in the store' };
        if (!canReviewIntel(person)) return { drop: 'the person no longer reviews intelligence' };
        const card = claimed.attempts > 1 ? heldAlertCard(report, message.reasons, claimed.createdAt, this.deps.timeZone) : alertCard(report, message.reasons);
        return cardReply(renderCard('item-list', card), alertText(report, message.reasons));
      }
    }
  }
}
