// Opening a data folder: read the snapshot files, replay the journal, migrate older schema
// versions (after a backup), and validate everything. Anything damaged stops the start with the
// file, the first problem and the newest good backup; nothing damaged is ever written over.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { COLLECTION_NAMES, type CollectionName, type Dataset } from '../domain/model.ts';
import { ForumError } from '../domain/errors.ts';
import { newestGoodBackup, writeBackup } from './backups.ts';
import { describeProblem, validateDataset, type RawDataset } from './dataset-validation.ts';
import { DurableJsonFile, UnreadableFileError } from './durable-json-adapter.ts';
import { DamagedJournalError, readJournal, type JournalContents, type JournalRecord } from './journal.ts';
import { CURRENT_SCHEMA_VERSION, migrate } from './migrations.ts';
import { decodeDataset } from './dataset-codec.ts';
import { recordCodec, type RecordCodec } from './field-cipher.ts';

export const META_FILE = 'meta.json';
export const JOURNAL_FILE = 'journal.jsonl';
/**
 * The journal a checkpoint running in the background has switched new writes to; once its snapshots
 * are written it is renamed to JOURNAL_FILE. After a crash both may be there: both are replayed.
 */
export const NEXT_JOURNAL_FILE = 'journal.next.jsonl';
export const AUDIT_FILE = 'audit.jsonl';
export const COLLECTIONS_FOLDER = 'collections';

const metaSchema = z.object({
  format: z.literal('scf-store'),
  schemaVersion: z.number().int().positive(),
  createdAt: z.string(),
  lastSeq: z.number().int().nonnegative(),
});
export type StoreMeta = z.infer<typeof metaSchema>;

const collectionFileSchema = z.object({
  schemaVersion: z.number().int().positive(),
  appliedSeq: z.number().int().nonnegative(),
  records: z.array(z.unknown()),
});
export type CollectionFile = z.infer<typeof collectionFileSchema>;

export interface DataFolderFiles {
  meta: Low<unknown>;
  collections: Record<CollectionName, Low<unknown>>;
}

export interface LoadedData {
  files: DataFolderFiles;
  meta: StoreMeta;
  dataset: Dataset;
  /** Every journal record to replay: both journals' (JOURNAL_FILE and NEXT_JOURNAL_FILE), in order. */
  journal: JournalContents;
  /** Whether NEXT_JOURNAL_FILE is there (a checkpoint was cut short): the start's checkpoint settles it. */
  nextJournal: boolean;
  /** Highest transaction number seen anywhere (snapshots or journal). */
  lastSeq: number;
  /** True when the snapshots must be rewritten now (new folder, replayed journal, or migration). */
  needsCheckpoint: boolean;
  createdNew: boolean;
  migrations: string[];
  /** Values read plain or with a previous key although a key is set: the live files are rewritten now; the copies need `npm run data:rekey`. */
  notUnderCurrentKey: number;
}

export function collectionFilePath(dataDir: string, collection: CollectionName): string {
  return path.join(dataDir, COLLECTIONS_FOLDER, `${collection}.json`);
}

function openFiles(dataDir: string): DataFolderFiles {
  const collections = Object.fromEntries(
    COLLECTION_NAMES.map((c) => [c, new Low<unknown>(new DurableJsonFile(collectionFilePath(dataDir, c)), null)]),
  ) as Record<CollectionName, Low<unknown>>;
  return { meta: new Low<unknown>(new DurableJsonFile(path.join(dataDir, META_FILE)), null), collections };
}

/** `codec` opens the encrypted fields (src/store/field-cipher.ts); a value it cannot open stops the load (STORE_KEY), changing nothing. */
export async function loadDataFolder(dataDir: string, now: Date, codec: RecordCodec = recordCodec()): Promise<LoadedData> {
  await mkdir(path.join(dataDir, COLLECTIONS_FOLDER), { recursive: true, mode: 0o700 });
  const files = openFiles(dataDir);
  const journalFile = path.join(dataDir, JOURNAL_FILE);

  const meta = await readChecked(codec, dataDir, files.meta, metaSchema);
  const current = await readJournalChecked(codec, dataDir, journalFile);
  const next = await readJournalChecked(codec, dataDir, path.join(dataDir, NEXT_JOURNAL_FILE));
  const nextJournal = existsSync(path.join(dataDir, NEXT_JOURNAL_FILE));
  const journal = await bothJournals(codec, dataDir, current, next);
  if (!meta) {
    // meta.json is written last when a folder is created: without it and without any journal
    // entry nothing was ever acknowledged here, so the folder is (re)initialised.
    if (journal.records.length > 0) await refuseDamaged(codec, dataDir, path.join(dataDir, META_FILE), 'the file is missing but the journal holds changes');
    const fresh: StoreMeta = { format: 'scf-store', schemaVersion: CURRENT_SCHEMA_VERSION, createdAt: now.toISOString(), lastSeq: 0 };
    const dataset = Object.fromEntries(COLLECTION_NAMES.map((c) => [c, []])) as unknown as Dataset;
    return { files, meta: fresh, dataset, journal, lastSeq: 0, needsCheckpoint: true, createdNew: true, migrations: [], notUnderCurrentKey: 0, nextJournal };
  }
  if (meta.schemaVersion > CURRENT_SCHEMA_VERSION) {
    throw new ForumError(
      'STORE_TOO_NEW',
      `The data in ${dataDir} was written by a newer version of the bot (schema version ${meta.schemaVersion}; this version understands up to ${CURRENT_SCHEMA_VERSION}). ` +
        'Upgrade the bot, or restore a backup made by this version. Nothing was changed.',
    );
  }

  const raw: RawDataset = {};
  const appliedSeq: Partial<Record<CollectionName, number>> = {};
  let lastSeq = meta.lastSeq;
  for (const collection of COLLECTION_NAMES) {
    const file = await readChecked(codec, dataDir, files.collections[collection], collectionFileSchema);
    if (!file && meta.schemaVersion === CURRENT_SCHEMA_VERSION) {
      await refuseDamaged(codec, dataDir, collectionFilePath(dataDir, collection), 'the file is missing');
    }
    raw[collection] = file ? [...file.records] : [];
    appliedSeq[collection] = file?.appliedSeq ?? 0;
    lastSeq = Math.max(lastSeq, file?.appliedSeq ?? 0);
  }

  replayJournal(raw, appliedSeq, journal);
  lastSeq = Math.max(lastSeq, journal.records.at(-1)?.seq ?? 0);

  let migrations: string[] = [];
  let migrated = raw;
  if (meta.schemaVersion < CURRENT_SCHEMA_VERSION) {
    // The files stay as they are until the migrated data has been validated and written.
    await writeBackup(dataDir, { schemaVersion: meta.schemaVersion, lastSeq, collections: raw }, { at: now, reason: 'before-upgrade', kind: 'pre-migration' });
    ({ data: migrated, applied: migrations } = migrate(raw, meta.schemaVersion));
  }

  const outcome = validateDataset(decodeDataset(codec, migrated));
  const notUnderCurrentKey = codec.stats.plain + codec.stats.previousKey;
  if (!outcome.ok) {
    const replayed = journal.records.some((r) => r.ops.some((op) => op.c === outcome.problem.collection));
    await refuseDamaged(
      codec,
      dataDir,
      collectionFilePath(dataDir, outcome.problem.collection),
      describeProblem(outcome.problem) + (replayed ? ` (after replaying ${JOURNAL_FILE})` : ''),
    );
  }
  const dataset = (outcome as { dataset: Dataset }).dataset;
  return {
    files,
    meta: { ...meta, schemaVersion: CURRENT_SCHEMA_VERSION },
    dataset,
    journal,
    lastSeq,
    // Values not under the current key are written again under it at once (the live files only).
    needsCheckpoint: journal.records.length > 0 || migrations.length > 0 || notUnderCurrentKey > 0 || nextJournal,
    nextJournal,
    createdNew: false,
    migrations,
    notUnderCurrentKey,
  };
}

/** Applies journal records newer than each collection's snapshot. Records are whole, so replay is idempotent. */
function replayJournal(raw: RawDataset, appliedSeq: Partial<Record<CollectionName, number>>, journal: JournalContents): void {
  const indexes = new Map<string, Map<string, number>>();
  const indexOf = (collection: CollectionName) => {
    let index = indexes.get(collection);
    if (!index) {
      index = new Map((raw[collection] ?? []).map((r, i) => [String((r as { id?: unknown }).id), i]));
      indexes.set(collection, index);
    }
    return index;
  };
  for (const record of journal.records) {
    for (const op of record.ops) {
      const collection = op.c as CollectionName;
      if (record.seq <= (appliedSeq[collection] ?? 0)) continue;
      const records = (raw[collection] ??= []);
      const index = indexOf(collection);
      const id = op.op === 'put' ? op.r.id : op.id;
      const at = index.get(id);
      if (op.op === 'put') {
        if (at === undefined) {
          index.set(id, records.length);
          records.push(op.r);
        } else {
          records[at] = op.r;
        }
      } else if (at !== undefined) {
        records.splice(at, 1);
        indexes.delete(collection);
      }
    }
  }
}

/**
 * The records of the journal and of the next journal as one sequence. Each is in order on its own;
 * the next journal's are newer (the same transaction in both is damage). A torn
 * final line can only be in the file being appended to; `validBytes` and `tornTail` are the
 * journal file's own (JOURNAL_FILE is the one reopened for appending).
 */
async function bothJournals(codec: RecordCodec, dataDir: string, current: JournalContents, next: JournalContents): Promise<JournalContents> {
  if (next.records.length === 0) return current;
  const seen = new Set(current.records.map((r) => r.seq));
  const twice = next.records.find((r) => seen.has(r.seq));
  if (twice) await refuseDamaged(codec, dataDir, path.join(dataDir, NEXT_JOURNAL_FILE), `transaction ${twice.seq} is also in ${JOURNAL_FILE}`);
  const records: JournalRecord[] = [...current.records, ...next.records].sort((a, b) => a.seq - b.seq);
  return { records, validBytes: current.validBytes, tornTail: current.tornTail || next.tornTail };
}

async function readChecked<T>(codec: RecordCodec, dataDir: string, low: Low<unknown>, schema: z.ZodType<T>): Promise<T | undefined> {
  const file = (low.adapter as DurableJsonFile).file;
  try {
    await low.read();
  } catch (error) {
    if (error instanceof UnreadableFileError) await refuseDamaged(codec, dataDir, file, error.problem);
    throw error;
  }
  if (low.data === null) return undefined;
  const result = schema.safeParse(low.data);
  if (!result.success) {
    const issue = result.error.issues[0];
    await refuseDamaged(codec, dataDir, file, `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'unexpected content'}`);
  }
  return (result as { data: T }).data;
}

async function readJournalChecked(codec: RecordCodec, dataDir: string, file: string): Promise<JournalContents> {
  try {
    return await readJournal(file);
  } catch (error) {
    if (error instanceof DamagedJournalError) await refuseDamaged(codec, dataDir, file, `line ${error.line}: ${error.problem}`);
    throw error;
  }
}

async function refuseDamaged(codec: RecordCodec, dataDir: string, file: string, problem: string): Promise<never> {
  const backup = await newestGoodBackup(dataDir, codec);
  const advice = backup
    ? `The newest good backup is ${backup}: restore it with \`npm run restore -- ${backup}\`, or correct the file by hand.`
    : 'No good backup was found in the backups folder; correct the file by hand.';
  throw new ForumError('STORE_DAMAGED', `The data file ${file} cannot be used: ${problem}. It has not been changed. ${advice}`);
}
