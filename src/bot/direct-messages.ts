// Reaching a person privately, outside the turn they are in (alerts to reviewers, nudges to
// owners): each channel registers how it continues a conversation from a stored Bot Framework
// conversation reference, and the bot keeps each person's 1:1 reference when they write to it.
import type { Activity, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { Channel, Person, PlatformIdentity } from '../domain/model.ts';
import type { Repository } from '../store/repository.ts';

/** The platform says the bot can no longer post in this conversation (removed, archived, deleted). */
export class ConversationGoneError extends Error {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`the conversation can no longer be reached: ${reason}`, options);
  }
}

/** Sends one activity into a stored conversation (Teams: CloudAdapter; Slack: the Slack adapter). */
export type ConversationSender = (reference: Partial<ConversationReference>, activity: Partial<Activity>) => Promise<void>;

/**
 * Opens a 1:1 chat with someone who has never written to the bot, from their platform account
 * (Slack: conversations.open); throws when the platform refuses.
 */
export type ChatOpener = (identity: PlatformIdentity) => Promise<Partial<ConversationReference>>;

/** What one attempt to reach a person privately came to. */
export interface Reach {
  /** The channels the message went out on; empty when it reached nobody. */
  delivered: Channel[];
  /** Why it did not go out, per channel tried ("no 1:1 chat with the bot yet" when none could be). */
  problems: string[];
  /** Whether a platform was asked at all (false: the person has no chat, and none can be opened). */
  tried: boolean;
}

/** The person has no 1:1 chat the bot can use, on any channel it runs. */
export const NO_CHAT_YET = 'has not opened a 1:1 chat with the bot yet';

export class DirectMessages {
  private readonly senders = new Map<Channel, ConversationSender>();
  private readonly openers = new Map<Channel, ChatOpener>();

  constructor(private readonly store: Repository, private readonly logger: Logger) {}

  /** Called by each channel as it is mounted. */
  register(via: Channel, sender: ConversationSender, opener?: ChatOpener): void {
    this.senders.set(via, sender);
    if (opener) this.openers.set(via, opener);
  }

  /** Whether the bot has any way to reach the person privately now (a stored chat, or one it can open). */
  canTry(person: Person): boolean {
    return this.routes(person).length > 0;
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
    return (await this.reach(person, activity, only)).delivered.length > 0;
  }

  /**
   * Sends into every stored 1:1 chat of the person (or the one channel given). When none took it,
   * opens a chat where the channel can (Slack), remembers it, and sends there. Never throws for a
   * refusal: the answer says what happened, for the caller to keep the message or report it.
   */
  async reach(person: Person, activity: Partial<Activity>, only?: Channel): Promise<Reach> {
    const routes = this.routes(person, only);
    const result: Reach = { delivered: [], problems: [], tried: routes.length > 0 };
    for (const route of routes.filter((r) => r.kind === 'stored')) await this.attempt(person, route.via, result, () => Promise.resolve(route.reference), activity);
    if (result.delivered.length > 0) return result;
    for (const route of routes.filter((r) => r.kind === 'open')) {
      await this.attempt(person, route.via, result, async () => {
        const reference = await route.open();
        await this.remember(person, route.via, reference);
        return reference;
      }, activity);
      if (result.delivered.length > 0) break;
    }
    if (!result.tried) result.problems.push(NO_CHAT_YET);
    return result;
  }

  private async attempt(person: Person, via: Channel, result: Reach, reference: () => Promise<Partial<ConversationReference>>, activity: Partial<Activity>): Promise<void> {
    const sender = this.senders.get(via);
    if (!sender) return;
    try {
      await sender(await reference(), activity);
      result.delivered.push(via);
    } catch (error) {
      const reason = error instanceof ConversationGoneError ? error.reason : error instanceof Error ? error.message : String(error);
      result.problems.push(`${via}: ${reason}`);
      this.logger.warn({ err: error, person: person.id, via }, 'a direct message could not be delivered');
    }
  }

  /** Stored chats on running channels first; then channels that can open one from the person's account. */
  private routes(person: Person, only?: Channel): Route[] {
    const routes: Route[] = [];
    for (const [via, reference] of Object.entries(person.directChats ?? {}) as [Channel, Partial<ConversationReference> | undefined][]) {
      if ((only && via !== only) || !reference || !this.senders.has(via)) continue;
      routes.push({ kind: 'stored', via, reference });
    }
    for (const identity of person.identities) {
      const via: Channel = identity.platform;
      const opener = this.openers.get(via);
      if ((only && via !== only) || !opener || person.directChats?.[via]) continue;
      routes.push({ kind: 'open', via, open: () => opener(identity) });
    }
    return routes;
  }
}

type Route = { kind: 'stored'; via: Channel; reference: Partial<ConversationReference> } | { kind: 'open'; via: Channel; open: () => Promise<Partial<ConversationReference>> };
