// Milestone cards posted into shared conversations, kept current. Where the bot posts a
// milestone's card in a channel or group chat (Slack: "Share a milestone"; Teams and Slack: a
// milestone shown in a channel), it remembers where (the conversation's reference and the
// message's id: Slack's ts, Teams' activity id). After a committed change to that milestone, by
// whoever and from wherever, each of those messages is replaced by the milestone's card as it is
// now (Slack chat.update, Teams updateActivity), dated, the same for everyone.
//
// Kept in memory, bounded and pruned: at most PER_MILESTONE places per milestone and TOTAL in
// all, each forgotten after KEEP_MS or when its update fails (the message was deleted, the bot
// removed). A restart forgets them: the cards posted before it stay as they were, dated ("Status
// as of ..."), and their buttons still show the current milestone. What cannot be updated at all:
// a Slack link unfurl (the message is the person's, and chat.unfurl is answered once per share) and
// a Teams card put into a message from the search box (the person sent it; Teams refreshes it per
// viewer instead, Universal Actions `refresh`).
import type { Activity, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { Channel, Milestone } from '../domain/model.ts';
import type { Repository } from '../store/repository.ts';

export const PER_MILESTONE = 20;
export const TOTAL = 2000;
export const KEEP_MS = 30 * 24 * 60 * 60 * 1000;

export interface PostedCard {
  milestoneId: string;
  via: Channel;
  reference: Partial<ConversationReference>;
  /** The message to replace: Slack's ts, Teams' activity id. */
  messageId: string;
  postedAt: number;
  /** The milestone's version the message shows: a card already showing the current one is left alone. */
  shows: number;
}

/** Replaces one posted message (its id in `activity.id`) in a stored conversation. */
export type CardUpdater = (reference: Partial<ConversationReference>, activity: Partial<Activity>) => Promise<void>;

export class PostedMilestoneCards {
  private readonly places = new Map<string, PostedCard[]>();
  private readonly updaters = new Map<Channel, CardUpdater>();
  private version: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Repository,
    private readonly render: (m: Milestone) => Partial<Activity>,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly limits = { perMilestone: PER_MILESTONE, total: TOTAL, keepMs: KEEP_MS },
  ) {
    this.version = store.collectionVersion('milestones');
  }

  /** Each channel says how it replaces a message it posted. */
  register(via: Channel, updater: CardUpdater): void {
    this.updaters.set(via, updater);
  }

  remember(card: Omit<PostedCard, 'postedAt' | 'shows'>): void {
    if (!card.messageId || !this.updaters.has(card.via)) return;
    const conversation = card.reference.conversation?.id;
    const kept = (this.places.get(card.milestoneId) ?? []).filter((p) => !(p.via === card.via && p.messageId === card.messageId && p.reference.conversation?.id === conversation));
    kept.push({ ...card, postedAt: this.now().getTime(), shows: this.store.get('milestones', card.milestoneId)?.version ?? 0 });
    this.places.set(card.milestoneId, kept);
    this.prune();
  }

  /** Where the milestone's card is posted (oldest first). */
  placesOf(milestoneId: string): readonly PostedCard[] {
    return this.places.get(milestoneId) ?? [];
  }

  get size(): number {
    let n = 0;
    for (const list of this.places.values()) n += list.length;
    return n;
  }

  /**
   * Replaces the posted cards of every milestone changed since the last call (any committed change,
   * from any turn or channel). Runs one at a time, after the turn: the person's answer never waits.
   */
  catchUp(): Promise<void> {
    this.queue = this.queue.then(() => this.updateChanged()).catch((error: unknown) => this.logger.error({ err: error }, 'could not bring the posted milestone cards up to date'));
    return this.queue;
  }

  private async updateChanged(): Promise<void> {
    const current = this.store.collectionVersion('milestones');
    if (current === this.version) return;
    const changed = this.store.changedIds('milestones', this.version) ?? [...this.places.keys()];
    this.version = current;
    this.prune();
    for (const id of new Set(changed)) {
      const places = this.places.get(id);
      if (!places || places.length === 0) continue;
      const milestone = this.store.get('milestones', id);
      if (!milestone) {
        this.places.delete(id);
        continue;
      }
      const stale = places.filter((p) => p.shows !== milestone.version);
      if (stale.length === 0) continue;
      const activity = this.render(milestone);
      for (const place of stale) if (await this.replace(place, activity)) place.shows = milestone.version;
    }
  }

  private async replace(place: PostedCard, activity: Partial<Activity>): Promise<boolean> {
    const updater = this.updaters.get(place.via);
    if (!updater) return false;
    try {
      await updater(place.reference, { ...activity, id: place.messageId });
      this.logger.info({ milestone: place.milestoneId, via: place.via }, 'a posted milestone card brought up to date');
      return true;
    } catch (error) {
      // Deleted, the bot removed, or the platform refusing: this message is not tried again.
      this.logger.warn({ err: error, milestone: place.milestoneId, via: place.via }, 'could not update a posted milestone card; it is forgotten');
      this.forget(place);
      return false;
    }
  }

  private forget(place: PostedCard): void {
    const list = this.places.get(place.milestoneId)?.filter((p) => p !== place) ?? [];
    if (list.length > 0) this.places.set(place.milestoneId, list);
    else this.places.delete(place.milestoneId);
  }

  /** Drops places older than keepMs, the oldest beyond perMilestone for a milestone, and the oldest beyond total. */
  private prune(): void {
    const oldest = this.now().getTime() - this.limits.keepMs;
    const all: PostedCard[] = [];
    for (const [id, list] of this.places) {
      const kept = list.filter((p) => p.postedAt >= oldest).slice(-this.limits.perMilestone);
      if (kept.length > 0) this.places.set(id, kept);
      else this.places.delete(id);
      all.push(...kept);
    }
    if (all.length <= this.limits.total) return;
    all.sort((a, b) => a.postedAt - b.postedAt);
    for (const place of all.slice(0, all.length - this.limits.total)) this.forget(place);
  }
}
