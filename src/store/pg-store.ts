// The PostgreSQL store (docs/storage.md, "PostgreSQL"): several instances share one database. Each
// keeps the forum's data in memory for reads (the same ReadView the JSON store gives), kept current
// from the `changes` table: NOTIFY wakes it, and a short poll covers a missed notice. Every write
// runs in a database transaction that locks the forum's `forum_state` row, catches the view up to
// the newest change, and only then runs the service's work, so every guarding decision is taken on
// current data; the writer applies its own change before it answers.
import pg from 'pg';
import type { Logger } from 'pino';
import { COLLECTION_NAMES, type CollectionName, type RecordOf } from '../domain/model.ts';
import { ForumError } from '../domain/errors.ts';
import { RecordView } from './record-view.ts';
import { validateDataset, describeProblem, type RawDataset } from './dataset-validation.ts';
import { encodeOps, type RecordCodec } from './field-cipher.ts';
import { GroupCommit, type GroupSession } from './group-commit.ts';
import type { JournalRecord, Operation } from './journal.ts';
import { CURRENT_SCHEMA_VERSION, migrate } from './migrations.ts';
import type { AuditEvent, AuditNote, AuditQuery, ChangeContext, CopyRewrite, CopyRewriteOutcome, Repository, StoreInfo, Transaction } from './repository.ts';
import { SerialQueue } from './serial-queue.ts';
import { PgCounts } from './short-lived.ts';

export const NOTIFY_CHANNEL = 'scf_changes';

export interface PgStoreOptions {
  pool: pg.Pool;
  /** Where the connection for LISTEN comes from (a dedicated client, not from the pool). */
  connection: pg.ClientConfig;
  forumId: string;
  now: () => Date;
  logger: Logger;
  codec: RecordCodec;
  /** How often each instance looks for changes even without a notice (ms). */
  pollMs: number;
  /** Change-log rows older than this are pruned (ms); an instance further behind reloads. */
  changeLogKeepMs: number;
  /** A description of the database for `status` (never the password). */
  describe: string;
}

export class PgStore implements Repository {
  /** This instance's view of the forum's records, kept current from the database. */
  private readonly view = new RecordView();
  private readonly queue = new SerialQueue();
  private readonly groupCommit: GroupCommit;
  private readonly timers: NodeJS.Timeout[] = [];
  private lastSeq = 0;
  private closed = false;
  private listener?: pg.Client;
  private catchUpQueued = false;
  /** Rate limits and repeated deliveries, shared by every instance (the `short_lived` table). */
  readonly counts: PgCounts;
  /** Reloads of the whole view (an instance that fell behind the pruned change log). */
  reloads = 0;

  constructor(private readonly options: PgStoreOptions) {
    this.counts = new PgCounts(options.pool, options.forumId, options.now, options.logger, (seq) => this.holdAtLeast(seq));
    this.groupCommit = new GroupCommit(this.queue, {
      now: options.now,
      logger: options.logger,
      isClosed: () => this.closed,
      begin: () => this.beginGroup(),
      failure: (error) =>
        new ForumError('STORE_WRITE_FAILED', `The change could not be saved (the database said: ${(error as Error).message}). Nothing was changed.`, { cause: error }),
    });
  }

  /** Loads the forum's data, starts listening for other instances' changes and the poll. */
  async start(): Promise<void> {
    await this.queue.run(() => this.reload());
    await this.listen();
    this.timers.push(setInterval(() => this.scheduleCatchUp(), this.options.pollMs).unref());
    this.timers.push(setInterval(() => void this.pruneChangeLog(), Math.max(1000, Math.min(60_000, this.options.changeLogKeepMs / 2))).unref());
    this.timers.push(setInterval(() => void (this.closed ? undefined : this.counts.prune()), 60_000).unref());
  }

  get<C extends CollectionName>(collection: C, id: string): Readonly<RecordOf<C>> | undefined {
    return this.view.get(collection, id);
  }

  all<C extends CollectionName>(collection: C): readonly Readonly<RecordOf<C>>[] {
    return this.view.all(collection);
  }

  count(collection: CollectionName): number {
    return this.view.count(collection);
  }

  collectionVersion(collection: CollectionName): number {
    return this.view.collectionVersion(collection);
  }

  changedIds(collection: CollectionName, since: number): readonly string[] | undefined {
    return this.view.changedIds(collection, since);
  }

  /** The newest transaction this instance's view holds. */
  get seq(): number {
    return this.lastSeq;
  }

  transact<T>(ctx: ChangeContext, work: (tx: Transaction) => T): Promise<T> {
    return this.groupCommit.transact(ctx, work);
  }

  /** A group's database transaction: lock the forum, catch up, then the group runs on current data. */
  private async beginGroup(): Promise<GroupSession> {
    const client = await this.options.pool.connect();
    let done = false;
    const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
      if (done) return;
      done = true;
      try {
        await client.query(sql);
        client.release();
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    };
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ last_seq: string }>('SELECT last_seq FROM forum_state WHERE forum_id = $1 FOR UPDATE', [this.options.forumId]);
      const newest = Number(rows[0]?.last_seq ?? 0);
      if (newest > this.lastSeq) await this.catchUp(client, newest);
    } catch (error) {
      done = true;
      client.release(error as Error);
      throw error;
    }
    return {
      view: this,
      lastSeq: this.lastSeq,
      persist: async (records) => {
        await this.write(client, records);
        await end('COMMIT');
      },
      applied: (records) => {
        for (const record of records) this.apply(record.seq, record.ops);
        return Promise.resolve();
      },
      release: () => end('ROLLBACK'),
    };
  }

  /** Writes a group's records, change-log rows and audit events in one statement, then wakes the others. */
  private async write(client: pg.PoolClient, records: JournalRecord[]): Promise<void> {
    const { codec, forumId } = this.options;
    const encoded = records.map((record) => encodeOps(codec, record));
    // The last operation on each record in the group decides what the table holds.
    const final = new Map<string, Operation>();
    for (const record of encoded) for (const op of record.ops) final.set(`${op.c}\u0000${op.op === 'put' ? op.r.id : op.id}`, op);
    const puts = [...final.values()].flatMap((op) => (op.op === 'put' ? [{ collection: op.c, id: op.r.id, data: op.r }] : []));
    const dels = [...final.values()].flatMap((op) => (op.op === 'del' ? [{ collection: op.c, id: op.id }] : []));
    const changes = encoded.map((r) => ({ seq: r.seq, at: r.at, ops: r.ops }));
    const audit = encoded.flatMap((r) => r.audit.map((event, n) => ({ seq: r.seq, n, at: event.at, collection: event.collection ?? null, record_id: event.recordId ?? null, event })));
    const lastSeq = records.at(-1)?.seq ?? this.lastSeq;
    await client.query(
      `WITH puts AS (
         INSERT INTO records (forum_id, collection, id, data, seq)
         SELECT $1, x.collection, x.id, x.data, $6 FROM jsonb_to_recordset($2::jsonb) AS x(collection text, id text, data jsonb)
         ON CONFLICT (forum_id, collection, id) DO UPDATE SET data = EXCLUDED.data, seq = EXCLUDED.seq
         RETURNING 1),
       dels AS (
         DELETE FROM records r USING jsonb_to_recordset($3::jsonb) AS x(collection text, id text)
         WHERE r.forum_id = $1 AND r.collection = x.collection AND r.id = x.id
         RETURNING 1),
       log AS (
         INSERT INTO changes (forum_id, seq, at, ops)
         SELECT $1, x.seq, x.at, x.ops FROM jsonb_to_recordset($4::jsonb) AS x(seq bigint, at timestamptz, ops jsonb)
         RETURNING 1),
       audit AS (
         INSERT INTO audit_events (forum_id, seq, n, at, collection, record_id, event)
         SELECT $1, x.seq, x.n, x.at, x.collection, x.record_id, x.event
         FROM jsonb_to_recordset($5::jsonb) AS x(seq bigint, n integer, at timestamptz, collection text, record_id text, event jsonb)
         RETURNING 1),
       state AS (UPDATE forum_state SET last_seq = $6 WHERE forum_id = $1 RETURNING 1)
       SELECT pg_notify('${NOTIFY_CHANNEL}', $1 || ':' || $6::text)`,
      [forumId, JSON.stringify(puts), JSON.stringify(dels), JSON.stringify(changes), JSON.stringify(audit), lastSeq],
    );
  }

  /** Applies the change-log rows after the view's newest, up to `newest`; reloads on a gap (pruned rows). */
  private async catchUp(client: pg.ClientBase, newest: number): Promise<void> {
    const { rows } = await client.query<{ seq: string; ops: Operation[] }>(
      'SELECT seq, ops FROM changes WHERE forum_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
      [this.options.forumId, this.lastSeq, newest],
    );
    const first = rows[0];
    if (!first || Number(first.seq) !== this.lastSeq + 1 || rows.length !== newest - this.lastSeq) {
      this.options.logger.warn({ viewSeq: this.lastSeq, newest }, 'the change log no longer reaches back to this instance\'s view: reloading it');
      await this.reload(client);
      return;
    }
    for (const row of rows) this.apply(Number(row.seq), row.ops.map((op) => this.decoded(op)));
  }

  private decoded(op: Operation): Operation {
    if (op.op !== 'put') return op;
    return { ...op, r: { ...this.options.codec.decode(op.c as CollectionName, op.r), id: op.r.id } };
  }

  /** Loads the whole view from `records` (at start, or after falling behind the change log). */
  private async reload(on?: pg.ClientBase): Promise<void> {
    const client = on ?? (await this.options.pool.connect());
    try {
      // One snapshot for the state and the records (inside a group's transaction the lock holds them still).
      if (!on) await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const state = await client.query<{ last_seq: string }>('SELECT last_seq FROM forum_state WHERE forum_id = $1', [this.options.forumId]);
      const { rows } = await client.query<{ collection: string; data: Record<string, unknown> }>('SELECT collection, data FROM records WHERE forum_id = $1', [this.options.forumId]);
      if (!on) await client.query('COMMIT');
      const byCollection = new Map<CollectionName, object[]>(COLLECTION_NAMES.map((c) => [c, []]));
      for (const row of rows) {
        byCollection.get(row.collection as CollectionName)?.push(this.options.codec.decode(row.collection as CollectionName, row.data));
      }
      // Indexes kept beside the store cannot catch up on ids across a reload: they rebuild.
      this.view.replaceAll((collection) => byCollection.get(collection) ?? [], this.lastSeq > 0);
      if (this.lastSeq > 0) this.reloads += 1;
      this.lastSeq = Number(state.rows[0]?.last_seq ?? 0);
    } catch (error) {
      if (!on) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      if (!on) (client as pg.PoolClient).release();
    }
  }

  private apply(seq: number, ops: readonly Operation[]): void {
    this.view.apply(ops);
    this.lastSeq = seq;
  }

  /**
   * Before a request is answered: one read of the forum's newest transaction number, and if the
   * view is behind it, the missing change-log rows applied (in the writer's queue). A notice from
   * another instance usually arrives first; this closes the window in which it has not yet.
   */
  async refresh(): Promise<void> {
    if (this.closed) return;
    const { rows } = await this.options.pool.query<{ last_seq: string }>('SELECT last_seq FROM forum_state WHERE forum_id = $1', [this.options.forumId]);
    const newest = Number(rows[0]?.last_seq ?? 0);
    if (newest <= this.lastSeq) return;
    await this.queue.run(async () => {
      if (this.closed || newest <= this.lastSeq) return;
      const client = await this.options.pool.connect();
      try {
        await this.catchUp(client, newest);
      } finally {
        client.release();
      }
    });
  }

  /** Resolves once the view holds transaction `seq`, catching up now (in the writer's queue) if it does not. */
  async holdAtLeast(seq: number): Promise<void> {
    if (seq <= this.lastSeq || this.closed) return;
    await this.queue.run(async () => {
      if (seq <= this.lastSeq || this.closed) return;
      const client = await this.options.pool.connect();
      try {
        const { rows } = await client.query<{ last_seq: string }>('SELECT last_seq FROM forum_state WHERE forum_id = $1', [this.options.forumId]);
        const newest = Number(rows[0]?.last_seq ?? 0);
        if (newest > this.lastSeq) await this.catchUp(client, newest);
      } finally {
        client.release();
      }
    });
  }

  /** Catches the view up outside a write (a notice, the poll), in the writer's queue. */
  private scheduleCatchUp(): void {
    if (this.catchUpQueued || this.closed) return;
    this.catchUpQueued = true;
    this.queue
      .run(async () => {
        this.catchUpQueued = false;
        if (this.closed) return;
        const client = await this.options.pool.connect();
        try {
          const { rows } = await client.query<{ last_seq: string }>('SELECT last_seq FROM forum_state WHERE forum_id = $1', [this.options.forumId]);
          const newest = Number(rows[0]?.last_seq ?? 0);
          if (newest > this.lastSeq) await this.catchUp(client, newest);
        } finally {
          client.release();
        }
      })
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'catching up with the database failed; trying again shortly'));
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(this.options.connection);
    client.on('notification', (message) => {
      const [forum, seq] = (message.payload ?? '').split(':');
      if (forum === this.options.forumId && Number(seq) > this.lastSeq) this.scheduleCatchUp();
    });
    client.on('error', (error) => {
      this.options.logger.warn({ err: error }, 'the change listener lost its connection; polling until it is back');
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.options.logger.warn({ err: error }, 'could not listen for changes; polling until it can');
      if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
      return;
    }
    // A change committed before LISTEN took effect has no notice: look once now.
    this.scheduleCatchUp();
  }

  /** Deletes change-log rows older than the keep time (any instance may; the work is idempotent). */
  async pruneChangeLog(): Promise<number> {
    if (this.closed) return 0;
    try {
      const result = await this.options.pool.query(
        "DELETE FROM changes WHERE forum_id = $1 AND logged_at < now() - make_interval(secs => $2::double precision / 1000) AND seq < (SELECT last_seq FROM forum_state WHERE forum_id = $1)",
        [this.options.forumId, this.options.changeLogKeepMs],
      );
      return result.rowCount ?? 0;
    } catch (error) {
      this.options.logger.warn({ err: error }, 'pruning the change log failed; trying again later');
      return 0;
    }
  }

  async readAudit(query: AuditQuery = {}): Promise<AuditEvent[]> {
    const where = ['forum_id = $1'];
    const params: unknown[] = [this.options.forumId];
    if (query.since) {
      params.push(query.since);
      where.push(`at >= $${params.length}`);
    }
    if (query.collection) {
      params.push(query.collection);
      where.push(`collection = $${params.length}`);
    }
    if (query.recordId) {
      params.push(query.recordId);
      where.push(`record_id = $${params.length}`);
    }
    const limit = query.limit ? ` LIMIT ${Math.max(1, Math.floor(query.limit))}` : '';
    const { rows } = await this.options.pool.query<{ event: AuditEvent }>(`SELECT event FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq DESC, n DESC${limit}`, params);
    return rows.map((r) => r.event);
  }

  info(): StoreInfo {
    return { backend: 'postgres', dataDir: this.options.describe, schemaVersion: CURRENT_SCHEMA_VERSION, lastSeq: this.lastSeq, journalRecords: 0, dataBytes: 0 };
  }

  /**
   * Copies besides the live rows, in the database: the change log (older versions of records) and
   * the audit log. Backups of a PostgreSQL database are the operator's (pg_dump, point-in-time
   * restore): docs/data-protection.md says how retention reaches them.
   */
  async rewriteCopies(ctx: ChangeContext, note: AuditNote, rewrite: CopyRewrite): Promise<CopyRewriteOutcome> {
    const { codec, forumId } = this.options;
    const outcome = await this.queue.run(async (): Promise<CopyRewriteOutcome> => {
      if (this.closed) throw new ForumError('STORE_WRITE_FAILED', 'The store is closed; no copy was rewritten.');
      const client = await this.options.pool.connect();
      try {
        await client.query('BEGIN');
        const { rows: state } = await client.query<{ last_seq: string }>('SELECT last_seq FROM forum_state WHERE forum_id = $1 FOR UPDATE', [forumId]);
        const newest = Number(state[0]?.last_seq ?? 0);
        if (newest > this.lastSeq) await this.catchUp(client, newest);
        // The change log holds records as they were: it goes (instances behind it reload from `records`).
        const dropped = await client.query('DELETE FROM changes WHERE forum_id = $1', [forumId]);
        let records = dropped.rowCount ?? 0;
        if (rewrite.rewriteSnapshots || rewrite.records) {
          const { rows } = await client.query<{ collection: string; id: string; data: Record<string, unknown> }>('SELECT collection, id, data FROM records WHERE forum_id = $1', [forumId]);
          const changed: { collection: string; id: string; data: Record<string, unknown> }[] = [];
          for (const row of rows) {
            const collection = row.collection as CollectionName;
            const plain = codec.decode(collection, row.data);
            const change = rewrite.records?.[collection];
            const next = change ? change(plain) : undefined;
            if (next === null) continue; // live records are changed by the caller's transaction, not here
            if (next !== undefined || rewrite.rewriteSnapshots) changed.push({ collection: row.collection, id: row.id, data: codec.encode(collection, next ?? plain) });
          }
          if (changed.length > 0) {
            await client.query(
              `UPDATE records r SET data = x.data FROM jsonb_to_recordset($2::jsonb) AS x(collection text, id text, data jsonb)
               WHERE r.forum_id = $1 AND r.collection = x.collection AND r.id = x.id`,
              [forumId, JSON.stringify(changed)],
            );
            records += changed.length;
          }
        }
        let auditEvents = 0;
        if (rewrite.auditEvent) {
          const { rows } = await client.query<{ seq: string; n: number; event: AuditEvent }>('SELECT seq, n, event FROM audit_events WHERE forum_id = $1', [forumId]);
          const changed = rows.flatMap((row) => {
            const next = rewrite.auditEvent?.(row.event);
            return next && JSON.stringify(next) !== JSON.stringify(row.event) ? [{ seq: Number(row.seq), n: row.n, event: next }] : [];
          });
          if (changed.length > 0) {
            await client.query(
              `UPDATE audit_events a SET event = x.event FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, n integer, event jsonb)
               WHERE a.forum_id = $1 AND a.seq = x.seq AND a.n = x.n`,
              [forumId, JSON.stringify(changed)],
            );
          }
          auditEvents = changed.length;
        }
        await client.query('COMMIT');
        return { files: [], records, auditEvents, unreadable: [] };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });
    await this.transact(ctx, (tx) => tx.note({ ...note, detail: { ...note.detail, filesRewritten: 0, records: outcome.records, auditEvents: outcome.auditEvents, unreadableFiles: [] } }));
    return outcome;
  }

  backup(): Promise<string> {
    return Promise.reject(
      new ForumError('STORE_WRITE_FAILED', 'With PostgreSQL, backups are the database\'s: use pg_dump or your provider\'s point-in-time restore (docs/deployment.md, "Backups with PostgreSQL"). Nothing was written.'),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const timer of this.timers) clearInterval(timer);
    await this.queue.run(() => {
      this.closed = true;
      return Promise.resolve();
    });
    await this.listener?.end().catch(() => undefined);
    await this.options.pool.end().catch(() => undefined);
  }
}

/** Creates the forum's rows if new; migrates its data to the current schema version inside one transaction. */
export async function prepareForum(pool: pg.Pool, forumId: string, codec: RecordCodec, logger: Logger): Promise<{ migrations: string[] }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO forums (forum_id) VALUES ($1) ON CONFLICT DO NOTHING', [forumId]);
    await client.query('INSERT INTO forum_state (forum_id, last_seq, schema_version) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING', [forumId, CURRENT_SCHEMA_VERSION]);
    const { rows } = await client.query<{ schema_version: number; last_seq: string }>('SELECT schema_version, last_seq FROM forum_state WHERE forum_id = $1 FOR UPDATE', [forumId]);
    const version = rows[0]?.schema_version ?? CURRENT_SCHEMA_VERSION;
    if (version > CURRENT_SCHEMA_VERSION) {
      throw new ForumError('STORE_WRITE_FAILED', `The database holds forum ${forumId} at schema version ${version}, written by a newer version of the bot (this one knows up to ${CURRENT_SCHEMA_VERSION}). Run the newer bot; nothing was changed.`);
    }
    if (version === CURRENT_SCHEMA_VERSION) {
      await client.query('COMMIT');
      return { migrations: [] };
    }
    // The same steps as a data folder's (src/store/migrations.ts), on every record of the forum, in this transaction.
    const { rows: records } = await client.query<{ collection: string; data: Record<string, unknown> }>('SELECT collection, data FROM records WHERE forum_id = $1', [forumId]);
    const raw: RawDataset = {};
    for (const row of records) (raw[row.collection] ??= []).push(codec.decode(row.collection as CollectionName, row.data));
    const { data, applied } = migrate(raw, version);
    const checked = validateDataset(data);
    if (!checked.ok) throw new ForumError('STORE_WRITE_FAILED', `Migrating forum ${forumId} from schema version ${version} failed: ${describeProblem(checked.problem)}. Nothing was changed.`);
    const seq = Number(rows[0]?.last_seq ?? 0) + 1;
    const all = COLLECTION_NAMES.flatMap((c) => checked.dataset[c].map((r) => ({ collection: c, id: r.id, data: codec.encode(c, r as unknown as Record<string, unknown>) })));
    await client.query('DELETE FROM records WHERE forum_id = $1', [forumId]);
    await client.query(
      'INSERT INTO records (forum_id, collection, id, data, seq) SELECT $1, x.collection, x.id, x.data, $3 FROM jsonb_to_recordset($2::jsonb) AS x(collection text, id text, data jsonb)',
      [forumId, JSON.stringify(all), seq],
    );
    // Instances still running an older view reload (the log has a gap at this number).
    await client.query('DELETE FROM changes WHERE forum_id = $1', [forumId]);
    await client.query('UPDATE forum_state SET schema_version = $2, last_seq = $3 WHERE forum_id = $1', [forumId, CURRENT_SCHEMA_VERSION, seq]);
    await client.query('COMMIT');
    logger.info({ forumId, from: version, applied }, 'migrated the forum\'s data in PostgreSQL');
    return { migrations: applied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
