// Short-lived counts shared by every instance on one store (docs/storage.md, "Short-lived counts"):
// the per-address limits of the public grants pages and Teams' repeated-delivery detection. Each
// key counts events in a window that starts at its first event; an expired key starts again at 1.
// They are not records (no audit, no change log, not in the in-memory view, not in backups): with
// the data folder (one process) they are kept in memory; with PostgreSQL in the `short_lived`
// table, one statement per event, so every instance sees the same counts. Expired keys are pruned.
import type pg from 'pg';
import type { Logger } from 'pino';

export interface ShortLivedCounts {
  /** Counts one event for `key`; returns how many `key` has had in its current window, this one included. */
  hit(key: string, windowMs: number): Promise<number>;
}

/** With the data folder, one process holds the store: counts in memory, bounded. */
export class MemoryCounts implements ShortLivedCounts {
  private readonly windows = new Map<string, { until: number; count: number }>();

  constructor(
    private readonly now: () => Date,
    private readonly maxKeys = 20_000,
  ) {}

  hit(key: string, windowMs: number): Promise<number> {
    const now = this.now().getTime();
    const current = this.windows.get(key);
    if (current && current.until > now) {
      current.count += 1;
      return Promise.resolve(current.count);
    }
    this.windows.delete(key);
    this.windows.set(key, { until: now + windowMs, count: 1 });
    if (this.windows.size > this.maxKeys) {
      // Oldest first (insertion order): expired ones go, then, over the bound, the oldest still counting.
      for (const [k, w] of this.windows) {
        if (this.windows.size <= this.maxKeys && w.until > now) break;
        this.windows.delete(k);
      }
    }
    return Promise.resolve(1);
  }
}

/**
 * With PostgreSQL: one row per key in `short_lived`, counted atomically by the database. The same
 * statement reads the forum's newest transaction number, and `seen` brings this instance's view up
 * to it before the request goes on: a Teams request (or a grants post) that lands on this instance
 * just after its sender's write on another sees that write, for no extra round trip.
 */
export class PgCounts implements ShortLivedCounts {
  constructor(
    private readonly pool: pg.Pool,
    private readonly forumId: string,
    private readonly now: () => Date,
    private readonly logger: Logger,
    private readonly seen: (lastSeq: number) => Promise<void> = () => Promise.resolve(),
  ) {}

  async hit(key: string, windowMs: number): Promise<number> {
    const now = this.now();
    // One statement: concurrent hits on one key take turns on its row, so no count is lost.
    const { rows } = await this.pool.query<{ count: number; last_seq: string | null }>(
      `INSERT INTO short_lived (forum_id, key, count, expires_at) VALUES ($1, $2, 1, $4)
       ON CONFLICT (forum_id, key) DO UPDATE SET
         count = CASE WHEN short_lived.expires_at <= $3 THEN 1 ELSE short_lived.count + 1 END,
         expires_at = CASE WHEN short_lived.expires_at <= $3 THEN EXCLUDED.expires_at ELSE short_lived.expires_at END
       RETURNING count, (SELECT last_seq FROM forum_state WHERE forum_id = $1) AS last_seq`,
      [this.forumId, key, now.toISOString(), new Date(now.getTime() + windowMs).toISOString()],
    );
    const lastSeq = Number(rows[0]?.last_seq ?? 0);
    await this.seen(lastSeq).catch((error: unknown) => this.logger.warn({ err: error }, 'could not catch up with the database before a request; it reads the view as it is'));
    return rows[0]?.count ?? 1;
  }

  /** Deletes expired keys (any instance may; idempotent). */
  async prune(): Promise<number> {
    try {
      const result = await this.pool.query('DELETE FROM short_lived WHERE forum_id = $1 AND expires_at <= $2', [this.forumId, this.now().toISOString()]);
      return result.rowCount ?? 0;
    } catch (error) {
      this.logger.warn({ err: error }, 'pruning short-lived counts failed; trying again later');
      return 0;
    }
  }
}
