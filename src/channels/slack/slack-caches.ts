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
