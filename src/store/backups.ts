// Dated full copies of the data, one JSON file each, in DATA_DIR/backups. Written at start and
// daily; the newest `keep` are kept. Pre-migration copies are never pruned automatically.
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from './durable-file.ts';
import { writeJsonInSlices, type JsonPart } from './sliced-json-file.ts';
import { validateDataset, type RawDataset } from './dataset-validation.ts';
import { CURRENT_SCHEMA_VERSION } from './migrations.ts';
import { decodeDataset } from './dataset-codec.ts';
import { recordCodec, type RecordCodec } from './field-cipher.ts';

export const BACKUP_FOLDER = 'backups';
const ROUTINE_PREFIX = 'backup-';
const MIGRATION_PREFIX = 'pre-migration-';

const backupFileSchema = z.object({
  format: z.literal('scf-backup'),
  schemaVersion: z.number().int().positive(),
  createdAt: z.string(),
  reason: z.string(),
  lastSeq: z.number().int().nonnegative(),
  collections: z.record(z.string(), z.array(z.unknown())),
});
export type BackupFile = z.infer<typeof backupFileSchema>;

export function backupFolder(dataDir: string): string {
  return path.join(dataDir, BACKUP_FOLDER);
}

/** `2026-11-23T09-05-00-000Z`: sorts by time and is a valid file name everywhere. */
function stamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

async function backupFileName(dataDir: string, schemaVersion: number, options: { at: Date; reason: string; kind: 'routine' | 'pre-migration' }): Promise<string> {
  const folder = backupFolder(dataDir);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const prefix = options.kind === 'routine' ? ROUTINE_PREFIX : `${MIGRATION_PREFIX}v${schemaVersion}-`;
  return path.join(folder, `${prefix}${stamp(options.at)}-${options.reason.replace(/[^a-z0-9-]/gi, '')}.json`);
}

/**
 * A routine backup written a slice at a time (sliced-json-file.ts), so the process keeps answering
 * while it is written; the same file as writeBackup's. `collections` are the records as they are in
 * memory, with how each goes to disk (encrypted fields encrypted).
 */
export async function writeBackupInSlices(
  dataDir: string,
  contents: { schemaVersion: number; lastSeq: number; at: Date; reason: string },
  collections: readonly { name: string; records: readonly unknown[]; encode: (record: unknown) => unknown }[],
): Promise<string> {
  const file = await backupFileName(dataDir, contents.schemaVersion, { at: contents.at, reason: contents.reason, kind: 'routine' });
  const head = JSON.stringify({ format: 'scf-backup', createdAt: contents.at.toISOString(), reason: contents.reason, schemaVersion: contents.schemaVersion, lastSeq: contents.lastSeq });
  const parts: JsonPart[] = [`${head.slice(0, -1)},"collections":{`];
  collections.forEach(({ name, records, encode }, i) => parts.push(`${i === 0 ? '' : ','}${JSON.stringify(name)}:`, { records, encode }));
  parts.push('}}');
  await writeJsonInSlices(file, parts);
  return file;
}

export async function writeBackup(
  dataDir: string,
  contents: { schemaVersion: number; lastSeq: number; collections: RawDataset },
  options: { at: Date; reason: string; kind: 'routine' | 'pre-migration' },
): Promise<string> {
  const file = await backupFileName(dataDir, contents.schemaVersion, options);
  const body: BackupFile = { format: 'scf-backup', createdAt: options.at.toISOString(), reason: options.reason, ...contents };
  await writeFileDurably(file, JSON.stringify(body));
  return file;
}

/** Routine backups, newest first. */
export async function listBackups(dataDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(backupFolder(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.endsWith('.json') && (name.startsWith(ROUTINE_PREFIX) || name.startsWith(MIGRATION_PREFIX)))
    .sort((a, b) => stampOf(b).localeCompare(stampOf(a)))
    .map((name) => path.join(backupFolder(dataDir), name));
}

function stampOf(name: string): string {
  return name.replace(ROUTINE_PREFIX, '').replace(/^pre-migration-v\d+-/, '');
}

/** The newest backup (routine or pre-migration) and when it was taken, read from its name, not its (large) contents. */
export async function newestBackup(dataDir: string): Promise<{ file: string; at: Date; count: number } | undefined> {
  const files = await listBackups(dataDir);
  const file = files[0];
  const stamped = file ? /^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z/.exec(stampOf(path.basename(file))) : undefined;
  if (!file || !stamped) return undefined;
  const at = new Date(`${stamped[1]}:${stamped[2]}:${stamped[3]}.${stamped[4]}Z`);
  return Number.isNaN(at.getTime()) ? undefined : { file, at, count: files.length };
}

export async function pruneBackups(dataDir: string, keep: number): Promise<string[]> {
  const routine = (await listBackups(dataDir)).filter((file) => path.basename(file).startsWith(ROUTINE_PREFIX));
  const removed = routine.slice(keep);
  await Promise.all(removed.map((file) => rm(file, { force: true })));
  return removed;
}

/** Reads and checks a backup (its encrypted fields opened with `codec` to check them); throws with the reason when it is not usable. */
export async function readBackup(file: string, codec: RecordCodec = recordCodec()): Promise<BackupFile> {
  const parsed = backupFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  if (parsed.schemaVersion > CURRENT_SCHEMA_VERSION) throw new Error(`written by a newer schema version (${parsed.schemaVersion})`);
  if (parsed.schemaVersion === CURRENT_SCHEMA_VERSION) {
    const outcome = validateDataset(decodeDataset(codec, parsed.collections));
    if (!outcome.ok) throw new Error('its records do not fit the schema');
  }
  return parsed;
}

/** The newest backup that loads and validates, for the message shown when the data is damaged. */
export async function newestGoodBackup(dataDir: string, codec?: RecordCodec): Promise<string | undefined> {
  for (const file of await listBackups(dataDir)) {
    try {
      await readBackup(file, codec);
      return file;
    } catch {
      // Not usable: look at the next older one.
    }
  }
  return undefined;
}
