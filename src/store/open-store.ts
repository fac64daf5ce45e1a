// Opening the embedded JSON store: lock the folder, load and check it, then hand back the
// repository. On any failure the lock is released again, so the next start is not refused.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { AuditLog } from './audit-log.ts';
import { acquireDataLock } from './data-lock.ts';
import { JournalWriter } from './journal.ts';
import { JsonStore } from './json-store.ts';
import { loadDataFolder } from './load-data-folder.ts';
import type { Repository } from './repository.ts';

export interface OpenStoreOptions {
  dataDir: string;
  logger?: Logger;
  now?: () => Date;
  backupsKeep?: number;
  checkpointEvery?: number;
  checkpointIntervalMs?: number;
  backupIntervalMs?: number;
}

export const STORE_DEFAULTS = {
  backupsKeep: 14,
  checkpointEvery: 1000,
  checkpointIntervalMs: 60_000,
  backupIntervalMs: 24 * 3_600_000,
} as const;

export async function openStore(options: OpenStoreOptions): Promise<Repository> {
  const dataDir = path.resolve(options.dataDir);
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? pino({ enabled: false });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireDataLock(dataDir, now());
  try {
    const started = performance.now();
    const loaded = await loadDataFolder(dataDir, now());
    const files = JsonStore.files(dataDir);
    const journal = await JournalWriter.open(files.journal, loaded.journal.validBytes);
    const audit = await AuditLog.open(files.audit);
    const store = new JsonStore(
      { dataDir, now, logger, ...STORE_DEFAULTS, ...definedOnly(options) },
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
