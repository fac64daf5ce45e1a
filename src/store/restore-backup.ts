// Restoring a backup into a data folder. The current files are moved aside (never deleted: they
// may be the only copy of something), then the backup's collections become the snapshot files.
// The audit log is kept and continues; the restore itself is audited on the next open.
import { mkdir, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { COLLECTION_NAMES } from '../domain/model.ts';
import { readBackup } from './backups.ts';
import type { RecordCodec } from './field-cipher.ts';
import { acquireDataLock } from './data-lock.ts';
import { writeFileDurably, syncFolder } from './durable-file.ts';
import { COLLECTIONS_FOLDER, collectionFilePath, JOURNAL_FILE, META_FILE } from './load-data-folder.ts';

/** `codec` opens the backup's encrypted fields to check them; they are copied as they are, still encrypted. */
export async function restoreBackup(dataDir: string, backupFile: string, now: Date, codec?: RecordCodec): Promise<{ movedAsideTo: string }> {
  const backup = await readBackup(backupFile, codec).catch((error: unknown) => {
    throw new Error(`${backupFile} is not a usable backup: ${(error as Error).message}`);
  });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireDataLock(dataDir, now);
  try {
    const aside = path.join(dataDir, `replaced-${now.toISOString().replace(/[:.]/g, '-')}`);
    await mkdir(aside, { mode: 0o700 });
    for (const name of [META_FILE, JOURNAL_FILE, COLLECTIONS_FOLDER]) {
      const from = path.join(dataDir, name);
      if (existsSync(from)) await rename(from, path.join(aside, name));
    }
    await mkdir(path.join(dataDir, COLLECTIONS_FOLDER), { mode: 0o700 });
    for (const collection of COLLECTION_NAMES) {
      const records = backup.collections[collection] ?? [];
      await writeFileDurably(collectionFilePath(dataDir, collection), JSON.stringify({ schemaVersion: backup.schemaVersion, appliedSeq: backup.lastSeq, records }));
    }
    await writeFileDurably(
      path.join(dataDir, META_FILE),
      JSON.stringify({ format: 'scf-store', schemaVersion: backup.schemaVersion, createdAt: backup.createdAt, lastSeq: backup.lastSeq }),
    );
    await syncFolder(dataDir);
    return { movedAsideTo: aside };
  } finally {
    lock.release();
  }
}
