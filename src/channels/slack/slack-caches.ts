// What the Slack channel remembers in memory: display names (users.info) and the cards of open
// modals. Both bounded; losing them on a restart costs a look-up, or a form checked by the bot
// rather than beforehand. (Event ids are kept in the store: ../first-delivery.ts.)
import type { AdaptiveCard } from '../../cards/render-card.ts';

/** Display names from users.info; a failed look-up falls back to the user id (retried after a minute). */
export class DisplayNames {
  private readonly names = new Map<string, { name: string; until: number }>();

  constructor(
    private readonly lookup: (user: string) => Promise<string | undefined>,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly failedTtlMs = 60 * 1000,
    private readonly max = 5000,
  ) {}

  async of(team: string, user: string): Promise<string> {
    const key = `${team}:${user}`;
    const cached = this.names.get(key);
    if (cached && cached.until > this.now()) return cached.name;
    const found = await this.lookup(user);
    this.names.delete(key);
    this.names.set(key, { name: found ?? user, until: this.now() + (found ? this.ttlMs : this.failedTtlMs) });
    for (const oldest of this.names.keys()) {
      if (this.names.size <= this.max) break;
      this.names.delete(oldest);
    }
    return found ?? user;
  }
}

/** Forms open as modals, by view id: a submission is checked against the card it came from. */
export class FormCache {
  private readonly forms = new Map<string, { card: AdaptiveCard; at: number }>();
  constructor(private readonly max = 500, private readonly ttlMs = 60 * 60 * 1000) {}

  remember(viewId: string, card: AdaptiveCard): void {
    this.forms.delete(viewId);
    this.forms.set(viewId, { card, at: Date.now() });
    for (const key of this.forms.keys()) {
      if (this.forms.size <= this.max) break;
      this.forms.delete(key);
    }
  }

  card(viewId: string): AdaptiveCard | undefined {
    const entry = this.forms.get(viewId);
    return entry && Date.now() - entry.at < this.ttlMs ? entry.card : undefined;
  }
}

/**
 * What is left of each response_url the bot was given: Slack takes at most 5 answers on one, within
 * 30 minutes of the interaction. A use past either is not tried (it would fail, and cost a round
 * trip before the answer goes another way). A URL never seen here (given before a restart) is tried.
 */
export class ResponseUrls {
  static readonly MAX_USES = 5;
  /** 30 minutes, less a minute for the request in flight and clocks. */
  static readonly LIFETIME_MS = 29 * 60 * 1000;
  private readonly urls = new Map<string, { receivedAt: number; uses: number }>();

  constructor(private readonly now: () => number = Date.now, private readonly max = 5000) {}

  /** Slack gave this URL with an interaction now (a repeat keeps the first time and count). */
  received(url: string): void {
    if (this.urls.has(url)) return;
    this.urls.set(url, { receivedAt: this.now(), uses: 0 });
    for (const oldest of this.urls.keys()) {
      if (this.urls.size <= this.max) break;
      this.urls.delete(oldest);
    }
  }

  /** Counts one use; false (and nothing counted) when Slack would refuse it. */
  take(url: string): boolean {
    const entry = this.urls.get(url);
    if (!entry) return true;
    if (entry.uses >= ResponseUrls.MAX_USES || this.now() - entry.receivedAt > ResponseUrls.LIFETIME_MS) return false;
    entry.uses += 1;
    return true;
  }
}
