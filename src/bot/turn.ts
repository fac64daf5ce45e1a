// What a handler sees of one turn, and what it answers with. Nothing here is platform-specific:
// the Teams and Slack channels fill in `TurnChannel` and deliver `Reply` their own way.
import type { StatusLinkMinter } from '../domain/grants/status-links.ts';
import type { Logger } from 'pino';
import type { Channel, Person, PlatformIdentity, Subscription } from '../domain/model.ts';
import type { AdaptiveCard } from '../cards/render-card.ts';
import type { ChangeContext, Repository } from '../store/repository.ts';
import type { TurnCommits } from './turn-store.ts';
import type { Links } from '../links/links.ts';
import type { MilestoneAddresses } from '../links/milestone-address.ts';
import type { DirectMessages } from './direct-messages.ts';
import type { Outbox } from './outbox-delivery.ts';
import type { PostedMilestoneCards } from './posted-cards.ts';
import type { ErrorTally } from '../logging/error-tally.ts';
import type { BotHomes } from './people/private-reach.ts';

export type ConversationKind = 'personal' | 'group' | 'channel';

/** Set by the channel (Teams middleware, Slack adapter) on each turn, before the bot runs. */
export interface TurnChannel {
  via: Channel;
  identity?: PlatformIdentity;
  /** `teams:<aadObjectId>` or `slack:<team>:<user>`: the account as the audit log names it. */
  account?: string;
  /**
   * The code `whoami` shows, where it says more than `account` (a Teams account of another tenant
   * than the conversation's host: `teams:<aad>@<tenant>`).
   */
  accountCode?: string;
  /** Teams: the tenant hosting this conversation; an account code without a tenant is one of it. */
  hostTenantId?: string;
  /**
   * The person cannot be reached privately (a Teams shared-channel member of another
   * organisation): why, and what they can do. Private features are refused to them with both
   * (src/bot/private-features.ts). Absent: they can, or the platform does not say.
   */
  notReachablePrivately?: { why: string; whatToDo: string };
  conversation: ConversationKind;
  /**
   * Every reply on this turn reaches only the person, even outside a 1:1 chat (a Slack slash
   * command's answer, a modal, an ephemeral message). Private work (intelligence) may go ahead.
   */
  privateReplies?: boolean;
  /**
   * A card action's answer replaces the card for the person who clicked only, never for the others
   * in the conversation (Teams: a card refreshed per viewer). Absent: what replaces a card in a
   * shared conversation is seen by everyone (Slack's chat.update), so it must suit everyone.
   */
  perViewerCards?: boolean;
  /** How to reach this conversation later (forum reminders), as the channel stores it. */
  conversationTarget?: Subscription['target'];
  /** The conversation's name where the platform tells it ("Forum partners › Reminders", "#forum-partners"). */
  conversationName?: string;
  /**
   * The conversation has, or may have, members from other organisations (a Teams shared channel, a
   * Slack Connect channel): true; known not to: false; the platform did not say: absent.
   */
  sharedOutside?: boolean;
  /**
   * The platform says a conversation changed (a Teams channel renamed or deleted): which one,
   * by the id its subscriptions' references start with.
   */
  conversationChange?: { kind: 'renamed'; conversationId: string; name: string } | { kind: 'removed'; conversationId: string; reason: string };
  /**
   * The people in this conversation as the platform lists them (Teams: the chat's or team's roster),
   * with the account code each would show under `whoami`; absent where the platform does not say.
   * May fail (the bot cannot read the roster): callers fall back to the account code.
   */
  conversationMembers?: () => Promise<{ account: string; name: string }[]>;
  /**
   * The platform's own person picker in forms (Slack's users_select), whose answer is its user id:
   * the account code it stands for, and the name the platform gives the person (may fail).
   */
  userPicker?: { accountOf(userId: string): string; nameOf(userId: string): Promise<string | undefined> };
  /** Asks the platform for the conversation's name when the turn did not carry it (a Teams channel message); may fail. */
  describeConversation?: () => Promise<string | undefined>;
}

/** The TurnContext.turnState key under which a channel leaves its `TurnChannel`. */
export const TURN_CHANNEL = Symbol('forum.turnChannel');

export interface BotDeps {
  store: Repository;
  logger: Logger;
  now: () => Date;
  timeZone: string;
  /** Bootstrap admins from config: `teams:<aadObjectId>` / `slack:<team>:<user>`. */
  admins: readonly string[];
  /** Private messages to people outside the current turn (alerts, nudges). */
  directMessages: DirectMessages;
  /** Private messages kept until delivered (alerts to reviewers who cannot be reached yet). */
  outbox: Outbox;
  intel: { retentionMonths: number; wardAlertThreshold: number };
  /** Download links for files a chat message cannot carry (reviewers' exports, calendar files). */
  links: Links;
  /** Plans the reminders again after a change that affects them (a new subscription); idempotent. False when it failed (it is tried again within the hour), so a reply never claims reminders moved when they did not. */
  reminders: { replan(): Promise<boolean> };
  /** Milestone cards posted in shared conversations, kept current after a change (absent in bots built without the app). */
  postedCards?: PostedMilestoneCards;
  /** Milestones' stable addresses (`<PUBLIC_URL>/m/<id>`), for sharing and link unfurling. */
  milestoneAddresses?: MilestoneAddresses;
  /** New private status links for grant applicants (absent where the grants pages do not run). */
  grantLinks?: StatusLinkMinter;
  /** Where the bot lives (its Teams tenant, its Slack workspace): who it can reach privately. */
  homes?: BotHomes;
  /** For the admins' `status` card: when the app started and its count of logged errors (absent in bots built without the app). */
  operations?: { startedAt: Date; errors?: ErrorTally };
}

export interface Turn {
  deps: BotDeps;
  channel: TurnChannel;
  displayName: string;
  /** The forum person behind this account, if known. */
  person?: Person;
  conversation: ConversationKind;
  now: Date;
  /** Today's date in the forum's time zone (YYYY-MM-DD). */
  today: string;
  /** What this turn has committed to the store so far (`deps.store` counts it). */
  commits: TurnCommits;
}

/** Who is changing something and through which channel, as the audit log records it. */
export function changeContext(turn: Turn): ChangeContext {
  const person = turn.person;
  return {
    actor: { ...(person ? { personId: person.id } : {}), name: person?.displayName ?? turn.displayName, ...(turn.channel.account ? { account: turn.channel.account } : {}) },
    via: turn.channel.via,
  };
}

/**
 * A reply. `replace` applies to card actions: `interactor` swaps the card for the person who
 * clicked (navigation), `all` for everyone in the conversation (a saved change).
 */
export type Reply =
  | { kind: 'text'; text: string; forThePerson?: true }
  | {
      kind: 'card';
      card: AdaptiveCard;
      summary: string;
      replace?: 'interactor' | 'all';
      /**
       * With `replace: 'all'`: what the person who clicked is told about their own action ("You
       * replied Attending"), which the card everyone sees cannot say.
       */
      toClicker?: string;
      forThePerson?: true;
      /** The card shows this milestone: posted in a shared conversation, it is kept current (posted-cards.ts). */
      milestoneId?: string;
    };

export const textReply = (text: string): Reply => ({ kind: 'text', text });

/**
 * A reply about the person who asked (who they are, their milestones): where the channel can show
 * a message to one person inside a shared conversation (Slack's ephemeral messages), only they
 * see it; elsewhere it is delivered as usual.
 */
export const forThePerson = (reply: Reply): Reply => ({ ...reply, forThePerson: true });
/** A card that shows one milestone (kept current where it is posted for everyone). */
export const showsMilestone = (reply: Reply, milestoneId: string): Reply => (reply.kind === 'card' ? { ...reply, milestoneId } : reply);
export const cardReply = (card: AdaptiveCard, summary: string, replace?: 'interactor' | 'all'): Reply =>
  replace ? { kind: 'card', card, summary, replace } : { kind: 'card', card, summary };
