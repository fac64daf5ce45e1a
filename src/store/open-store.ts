// Opening the store: PostgreSQL when a DATABASE_URL is given (src/store/open-pg-store.ts), else the
// embedded JSON store: lock the folder, load and check it, then hand back the
// repository. On any failure the lock is released again, so the next start is not refused.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { AuditLog } from './audit-log.ts';
import { acquireDataLock } from './data-lock.ts';
import { JournalWriter } from './journal.ts';
import { JsonStore, type JsonStoreOptions } from './json-store.ts';
import { openPgStore } from './open-pg-store.ts';
import { loadDataFolder } from './load-data-folder.ts';
import type { Repository } from './repository.ts';
import { recordCodec, type RecordCodec } from './field-cipher.ts';

export interface OpenStoreOptions {
  dataDir: string;
  logger?: Logger;
  now?: () => Date;
  backupsKeep?: number;
  checkpointEvery?: number;
  checkpointIntervalMs?: number;
  backupIntervalMs?: number;
  /** Encryption at rest of the fields src/domain/encrypted-fields.ts names; plain without a key. */
  codec?: RecordCodec;
  /** With a PostgreSQL address, the store is the database (src/store/pg-store.ts) and dataDir is not used for data. */
  databaseUrl?: string;
  /** The forum this deployment serves in the database (PostgreSQL only). */
  forumId?: string;
  /** Tests only: holds background checkpoints and backups at a gate (JsonStoreOptions.housekeepingGate). */
  housekeepingGate?: JsonStoreOptions['housekeepingGate'];
}

export const STORE_DEFAULTS = {
  backupsKeep: 14,
  checkpointEvery: 1000,
  checkpointIntervalMs: 60_000,
  backupIntervalMs: 24 * 3_600_000,
} as const;

/** The store options that choose PostgreSQL when the configuration has DATABASE_URL (none otherwise). */
export function databaseOptions(config: { database?: { url: string; forumId: string } }): Pick<OpenStoreOptions, 'databaseUrl' | 'forumId'> {
  return config.database ? { databaseUrl: config.database.url, forumId: config.database.forumId } : {};
}

export async function openStore(options: OpenStoreOptions): Promise<Repository> {
  if (options.databaseUrl) {
    return openPgStore({
      databaseUrl: options.databaseUrl,
      ...(options.forumId ? { forumId: options.forumId } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.codec ? { codec: options.codec } : {}),
    });
  }
  const dataDir = path.resolve(options.dataDir);
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? pino({ enabled: false });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireDataLock(dataDir, now());
  try {
    const started = performance.now();
    const codec = options.codec ?? recordCodec();
    const loaded = await loadDataFolder(dataDir, now(), codec);
    if (loaded.notUnderCurrentKey > 0) {
      logger.warn({ values: loaded.notUnderCurrentKey, key: codec.keyIds.current }, 'data was found unencrypted or under a previous key: the live files are written under the current key now; run `npm run data:rekey` (bot stopped) to do the same to the backups');
    }
    const files = JsonStore.files(dataDir);
    const journal = await JournalWriter.open(files.journal, loaded.journal.validBytes);
    const audit = await AuditLog.open(files.audit);
    const store = new JsonStore(
      { dataDir, now, logger, ...STORE_DEFAULTS, ...definedOnly(options), codec, ...(options.housekeepingGate ? { housekeepingGate: options.housekeepingGate } : {}) },
      loaded.files,
      loaded.meta,
      loaded.dataset,
      journal,
      audit,
      lock,
    );
    await store.start(loaded);
    logger.info(
      {
        dataDir,
        created: loaded.createdNew,
        replayed: loaded.journal.records.length,
        tornTailDropped: loaded.journal.tornTail,
        migrations: loaded.migrations,
        loadMs: Math.round(performance.now() - started),
      },
      'store opened',
    );
    return store;
  } catch (error) {
    lock.release();
    throw error;
  }
}

function definedOnly(options: OpenStoreOptions) {
  const { backupsKeep, checkpointEvery, checkpointIntervalMs, backupIntervalMs } = options;
  return Object.fromEntries(
    Object.entries({ backupsKeep, checkpointEvery, checkpointIntervalMs, backupIntervalMs }).filter(([, v]) => v !== undefined),
  ) as Partial<typeof STORE_DEFAULTS>;
}
