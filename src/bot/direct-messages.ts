// Reaching a person privately, outside the turn they are in (alerts to reviewers, nudges to
// owners): each channel registers how it continues a conversation from a stored Bot Framework
// conversation reference, and the bot keeps each person's 1:1 reference when they write to it.
import type { Activity, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { Channel, Person } from '../domain/model.ts';
import type { Repository } from '../store/repository.ts';

/** The platform says the bot can no longer post in this conversation (removed, archived, deleted). */
export class ConversationGoneError extends Error {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`the conversation can no longer be reached: ${reason}`, options);
  }
}

/** Sends one activity into a stored conversation (Teams: CloudAdapter; Slack: the Slack adapter). */
export type ConversationSender = (reference: Partial<ConversationReference>, activity: Partial<Activity>) => Promise<void>;

export class DirectMessages {
  private readonly senders = new Map<Channel, ConversationSender>();

  constructor(private readonly store: Repository, private readonly logger: Logger) {}

  /** Called by each channel as it is mounted. */
  register(via: Channel, sender: ConversationSender): void {
    this.senders.set(via, sender);
  }

  /** Sends into any stored conversation (a subscribed channel); throws if the channel is not running. */
  async sendToConversation(via: Channel, reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<void> {
    const sender = this.senders.get(via);
    if (!sender) throw new Error(`the ${via} channel is not running, so its conversations cannot be reached`);
    await sender(reference, activity);
  }

  /**
   * Keeps the person's 1:1 reference for this channel, writing only when it changed. A failed
   * write (a full disk) is logged and not passed on: it is a by-product of whatever the person
   * asked for, which must still be answered; the next message in the chat tries again.
   */
  async remember(person: Person, via: Channel, reference: Partial<ConversationReference>): Promise<void> {
    const known = person.directChats?.[via];
    const conversationId = reference.conversation?.id;
    if (!conversationId || (known && Object(known.conversation).id === conversationId)) return;
    const plain: Record<string, unknown> = JSON.parse(JSON.stringify(reference)) as Record<string, unknown>;
    // Later messages start afresh in the chat, not as replies to the message that was remembered.
    delete plain.activityId;
    try {
      await this.store.transact({ actor: { personId: person.id, name: person.displayName }, via }, (tx) => {
        const current = tx.get('people', person.id);
        if (!current) return;
        tx.put('people', { ...current, directChats: { ...current.directChats, [via]: plain }, updatedAt: tx.now }, { action: 'person.direct-chat' });
      });
    } catch (error) {
      this.logger.warn({ err: error, person: person.id, via }, 'could not remember the 1:1 chat; will try again on the next message');
    }
  }

  /** Sends to every channel (or the one given) where the person has a 1:1 chat; true if any send succeeded. */
  async send(person: Person, activity: Partial<Activity>, only?: Channel): Promise<boolean> {
    let delivered = false;
    for (const [via, reference] of Object.entries(person.directChats ?? {})) {
      if (only && via !== only) continue;
      const sender = this.senders.get(via as Channel);
      if (!sender || !reference) continue;
      try {
        await sender(reference, activity);
        delivered = true;
      } catch (error) {
        this.logger.warn({ err: error, person: person.id, via }, 'a direct message could not be delivered');
      }
    }
    return delivered;
  }
}
