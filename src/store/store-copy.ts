// Copying a forum's data between the two backends (`npm run store:copy`): a data folder into
// PostgreSQL, or PostgreSQL into a data folder, with the audit log. The source is read whole
// (records decoded and validated as the bot would load them), written to the target in one go
// (one database transaction; or snapshot files, meta.json and audit.jsonl written durably), then
// the target is read back the same way and compared: counts and a SHA-256 per record (and per audit
// event), per collection. A non-empty target is refused unless `replace` is given (a folder's files
// are then moved aside, never deleted; the database's rows for the forum are replaced in the same
// transaction). The bot must be stopped on a data folder (its lock is taken); on a database, stop
// every instance before replacing its data.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { COLLECTION_NAMES, type CollectionName, type Dataset } from '../domain/model.ts';
import { ForumError } from '../domain/errors.ts';
import { acquireDataLock, LOCK_FILE } from './data-lock.ts';
import { validateDataset, describeProblem, type RawDataset } from './dataset-validation.ts';
import { syncFolder, writeFileDurably, DATA_FILE_MODE } from './durable-file.ts';
import type { RecordCodec } from './field-cipher.ts';
import { AUDIT_FILE, COLLECTIONS_FOLDER, collectionFilePath, JOURNAL_FILE, loadDataFolder, META_FILE } from './load-data-folder.ts';
import { CURRENT_SCHEMA_VERSION } from './migrations.ts';
import { migrateDatabase } from './open-pg-store.ts';
import { NOTIFY_CHANNEL, prepareForum } from './pg-store.ts';
import { auditEventSchema } from './journal.ts';
import type { AuditEvent } from './repository.ts';

/** A data folder path, or a PostgreSQL address and the forum in it. */
export type StorePlace = { kind: 'folder'; dir: string } | { kind: 'postgres'; url: string; forumId: string };

/** Everything a forum holds, as the bot would load it. */
export interface ForumCopy {
  dataset: Dataset;
  audit: AuditEvent[];
  lastSeq: number;
}

export interface CopyCheck {
  /** A collection name, or `audit log`. */
  name: string;
  source: number;
  target: number;
  /** Records (events) present on both sides with the same hash. */
  same: number;
  /** Missing on one side or different. */
  differ: number;
}

export interface CopyOutcome {
  checks: CopyCheck[];
  ok: boolean;
}

export const AUDIT_ROW = 'audit log';

export function placeOf(text: string, forumId: string): StorePlace {
  return /^postgres(ql)?:\/\//.test(text) ? { kind: 'postgres', url: text, forumId } : { kind: 'folder', dir: path.resolve(text) };
}

export function describePlace(place: StorePlace): string {
  if (place.kind === 'folder') return place.dir;
  try {
    const url = new URL(place.url);
    return `postgres://${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname} (forum ${place.forumId})`;
  } catch {
    return `a PostgreSQL database (forum ${place.forumId})`;
  }
}

/** Copies `from` into `to` and verifies it; refuses a non-empty target unless `replace`. */
export async function copyStore(from: StorePlace, to: StorePlace, codec: RecordCodec, options: { replace?: boolean; now?: Date } = {}): Promise<CopyOutcome> {
  if (from.kind === to.kind) throw new ForumError('CONFIG_INVALID', 'store:copy copies between a data folder and PostgreSQL: one side must be each. Nothing was copied.');
  const now = options.now ?? new Date();
  const source = await readPlace(from, codec, now);
  if (to.kind === 'postgres') await writeDatabase(to, source, codec, options.replace ?? false);
  else await writeFolder(to.dir, source, codec, options.replace ?? false, now);
  const target = await readPlace(to, codec, now);
  const checks = compare(source, target);
  return { checks, ok: checks.every((c) => c.differ === 0 && c.source === c.target) };
}

export async function readPlace(place: StorePlace, codec: RecordCodec, now: Date): Promise<ForumCopy> {
  return place.kind === 'folder' ? readFolder(place.dir, codec, now) : readDatabase(place, codec);
}

async function readFolder(dir: string, codec: RecordCodec, now: Date): Promise<ForumCopy> {
  if (!existsSync(path.join(dir, META_FILE))) throw new ForumError('STORE_DAMAGED', `${dir} is not a data folder (it has no ${META_FILE}). Nothing was copied.`);
  const lock = acquireDataLock(dir, now);
  try {
    const loaded = await loadDataFolder(dir, now, codec);
    const audit = await readAuditFile(path.join(dir, AUDIT_FILE));
    // Events acknowledged in the journal but not yet in audit.jsonl (a crash): the bot writes them again at start.
    const newest = audit.at(-1)?.seq ?? 0;
    for (const record of loaded.journal.records) if (record.seq > newest) audit.push(...record.audit);
    return { dataset: loaded.dataset, audit, lastSeq: Math.max(loaded.lastSeq, audit.at(-1)?.seq ?? 0) };
  } finally {
    lock.release();
  }
}

async function readAuditFile(file: string): Promise<AuditEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  const events: AuditEvent[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const event = auditEventSchema.safeParse(parsed);
    if (event.success) {
      events.push(event.data as AuditEvent);
      return;
    }
    // A torn last line (a crash mid-append) was never acknowledged; anything else is damage.
    if (lines.slice(i + 1).some((l) => l.trim() !== '')) throw new ForumError('STORE_DAMAGED', `${file}, line ${i + 1}, is not an audit event. Nothing was copied.`);
  });
  return events;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function readDatabase(place: Extract<StorePlace, { kind: 'postgres' }>, codec: RecordCodec): Promise<ForumCopy> {
  return withClient(place.url, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const tables = await client.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'forum_state'");
      if (Number(tables.rows[0]?.n) === 0) throw new ForumError('STORE_DAMAGED', `${describePlace(place)} holds no forum data (no forum_state table). Nothing was copied.`);
      const state = await client.query<{ last_seq: string; schema_version: number }>('SELECT last_seq, schema_version FROM forum_state WHERE forum_id = $1', [place.forumId]);
      const row = state.rows[0];
      if (!row) throw new ForumError('STORE_DAMAGED', `${describePlace(place)} has no forum ${place.forumId}. Nothing was copied.`);
      if (row.schema_version !== CURRENT_SCHEMA_VERSION) {
        throw new ForumError('STORE_DAMAGED', `Forum ${place.forumId} is at schema version ${row.schema_version}; this bot writes ${CURRENT_SCHEMA_VERSION}. Start the matching bot once on it (it migrates), then copy. Nothing was copied.`);
      }
      const records = await client.query<{ collection: string; data: Record<string, unknown> }>('SELECT collection, data FROM records WHERE forum_id = $1 ORDER BY collection, id', [place.forumId]);
      const audit = await client.query<{ event: AuditEvent }>('SELECT event FROM audit_events WHERE forum_id = $1 ORDER BY seq, n', [place.forumId]);
      await client.query('COMMIT');
      const raw: RawDataset = Object.fromEntries(COLLECTION_NAMES.map((c) => [c, []]));
      for (const r of records.rows) (raw[r.collection] ??= []).push(codec.decode(r.collection as CollectionName, r.data));
      const checked = validateDataset(raw);
      if (!checked.ok) throw new ForumError('STORE_DAMAGED', `Forum ${place.forumId} in the database does not fit the schema: ${describeProblem(checked.problem)}. Nothing was copied.`);
      return { dataset: checked.dataset, audit: audit.rows.map((a) => a.event), lastSeq: Number(row.last_seq) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

/** Rows per INSERT statement (a 3-year forum is a few MB: a handful of statements). */
const BATCH = 2000;

async function writeDatabase(place: Extract<StorePlace, { kind: 'postgres' }>, copy: ForumCopy, codec: RecordCodec, replace: boolean): Promise<void> {
  const logger = pino({ enabled: false });
  await migrateDatabase(place.url, logger);
  const pool = new pg.Pool({ connectionString: place.url, max: 1 });
  try {
    await prepareForum(pool, place.forumId, codec, logger);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // Writers to this forum take turns on this row: a running instance waits until the copy commits.
      await client.query('SELECT last_seq FROM forum_state WHERE forum_id = $1 FOR UPDATE', [place.forumId]);
      const held = await client.query<{ records: string; events: string }>(
        'SELECT (SELECT count(*) FROM records WHERE forum_id = $1) AS records, (SELECT count(*) FROM audit_events WHERE forum_id = $1) AS events',
        [place.forumId],
      );
      const [records, events] = [Number(held.rows[0]?.records ?? 0), Number(held.rows[0]?.events ?? 0)];
      if ((records > 0 || events > 0) && !replace) {
        throw new ForumError('STORE_NOT_EMPTY', `${describePlace(place)} already holds ${records} records and ${events} audit events. Copy into an empty forum, or add --replace to replace them. Nothing was copied.`);
      }
      for (const table of ['records', 'changes', 'audit_events', 'short_lived']) await client.query(`DELETE FROM ${table} WHERE forum_id = $1`, [place.forumId]);
      const rows = COLLECTION_NAMES.flatMap((c) => copy.dataset[c].map((r) => ({ collection: c, id: r.id, data: codec.encode(c, r as unknown as Record<string, unknown>) })));
      for (let i = 0; i < rows.length; i += BATCH) {
        await client.query(
          'INSERT INTO records (forum_id, collection, id, data, seq) SELECT $1, x.collection, x.id, x.data, $3 FROM jsonb_to_recordset($2::jsonb) AS x(collection text, id text, data jsonb)',
          [place.forumId, JSON.stringify(rows.slice(i, i + BATCH)), copy.lastSeq],
        );
      }
      const numbered = numberEvents(copy.audit).map(({ key, event }) => ({ seq: event.seq, n: key.n, at: event.at, collection: event.collection ?? null, record_id: event.recordId ?? null, event }));
      for (let i = 0; i < numbered.length; i += BATCH) {
        await client.query(
          `INSERT INTO audit_events (forum_id, seq, n, at, collection, record_id, event)
           SELECT $1, x.seq, x.n, x.at, x.collection, x.record_id, x.event
           FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, n integer, at timestamptz, collection text, record_id text, event jsonb)`,
          [place.forumId, JSON.stringify(numbered.slice(i, i + BATCH))],
        );
      }
      // Instances still running an older view find a gap in the (emptied) change log and reload.
      await client.query('UPDATE forum_state SET last_seq = $2, schema_version = $3 WHERE forum_id = $1', [place.forumId, copy.lastSeq, CURRENT_SCHEMA_VERSION]);
      await client.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', $1 || ':' || $2::text)`, [place.forumId, String(copy.lastSeq)]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

async function writeFolder(dir: string, copy: ForumCopy, codec: RecordCodec, replace: boolean, now: Date): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const present = (await readdir(dir)).filter((name) => name !== LOCK_FILE);
  if (present.length > 0 && !replace) {
    throw new ForumError('STORE_NOT_EMPTY', `${dir} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', ...' : ''}). Copy into a new or empty folder, or add --replace (its files are moved aside, not deleted). Nothing was copied.`);
  }
  const lock = acquireDataLock(dir, now);
  try {
    if (present.length > 0) {
      const aside = path.join(dir, `replaced-${now.toISOString().replace(/[:.]/g, '-')}`);
      await mkdir(aside, { mode: 0o700 });
      for (const name of present) await rename(path.join(dir, name), path.join(aside, name));
    }
    await mkdir(path.join(dir, COLLECTIONS_FOLDER), { mode: 0o700 });
    for (const collection of COLLECTION_NAMES) {
      const records = copy.dataset[collection].map((r) => codec.encode(collection, r as unknown as Record<string, unknown>));
      await writeFileDurably(collectionFilePath(dir, collection), JSON.stringify({ schemaVersion: CURRENT_SCHEMA_VERSION, appliedSeq: copy.lastSeq, records }));
    }
    await writeFile(path.join(dir, JOURNAL_FILE), '', { mode: DATA_FILE_MODE });
    await writeFileDurably(path.join(dir, AUDIT_FILE), copy.audit.map((event) => `${JSON.stringify(event)}\n`).join(''));
    // meta.json last: a folder without it was never finished (the bot starts it afresh).
    await writeFileDurably(path.join(dir, META_FILE), JSON.stringify({ format: 'scf-store', schemaVersion: CURRENT_SCHEMA_VERSION, createdAt: now.toISOString(), lastSeq: copy.lastSeq }));
    await syncFolder(dir);
  } finally {
    lock.release();
  }
}

/** Each audit event keyed by its transaction and its place within it. */
function numberEvents(events: readonly AuditEvent[]): { key: { seq: number; n: number }; event: AuditEvent }[] {
  const next = new Map<number, number>();
  return events.map((event) => {
    const n = next.get(event.seq) ?? 0;
    next.set(event.seq, n + 1);
    return { key: { seq: event.seq, n }, event };
  });
}

/** JSON with object keys sorted (PostgreSQL's jsonb does not keep their order), hashed. */
export function recordHash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function compareMaps(name: string, source: Map<string, string>, target: Map<string, string>): CopyCheck {
  let same = 0;
  for (const [key, hash] of source) if (target.get(key) === hash) same += 1;
  return { name, source: source.size, target: target.size, same, differ: Math.max(source.size, target.size) - same };
}

export function compare(source: ForumCopy, target: ForumCopy): CopyCheck[] {
  const hashes = (copy: ForumCopy, collection: CollectionName) => new Map(copy.dataset[collection].map((r) => [r.id, recordHash(r)]));
  const auditHashes = (copy: ForumCopy) => new Map(numberEvents(copy.audit).map(({ key, event }) => [`${key.seq}:${key.n}`, recordHash(event)]));
  return [...COLLECTION_NAMES.map((c) => compareMaps(c, hashes(source, c), hashes(target, c))), compareMaps(AUDIT_ROW, auditHashes(source), auditHashes(target))];
}

/** The checks as a plain-text table. */
export function checksTable(checks: readonly CopyCheck[]): string {
  const header = ['collection', 'source', 'target', 'same hash', 'differ', ''];
  const rows = checks.map((c) => [c.name, String(c.source), String(c.target), String(c.same), String(c.differ), c.differ === 0 && c.source === c.target ? 'ok' : 'MISMATCH']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
