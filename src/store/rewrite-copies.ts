// The copies of the data in the data folder other than the live files: dated backups, files set
// aside when someone changed them under the running bot (`*.changed-<time>`), folders a restore
// moved aside (`replaced-<time>/`), and temporary files a crash left behind. Retention and rights
// requests rewrite them (src/store/json-store.ts, rewriteCopies), so that what was removed from the
// live records is removed everywhere the bot keeps it. A file is recognised by its content (a
// backup, a collection snapshot, journal or audit lines), never trusted by its name alone; one that
// cannot be read is left as it is and reported, for an operator to look at.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { COLLECTION_NAMES, type CollectionName } from '../domain/model.ts';
import { writeFileDurably } from './durable-file.ts';
import type { AuditEvent, CopyRewrite, CopyRewriteOutcome } from './repository.ts';

type RawRecord = Record<string, unknown>;

interface Tally {
  records: number;
  auditEvents: number;
}

const isObject = (value: unknown): value is RawRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every file under `folder`, as absolute paths. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** The collection a snapshot file belongs to, from its name (`intelReports.json`, `.intelReports.json.123.tmp`, `intelReports.json.changed-...`). */
function collectionOfName(file: string): CollectionName | undefined {
  const match = /^\.?([A-Za-z]+)\.json(?:$|\.)/.exec(path.basename(file));
  return COLLECTION_NAMES.find((c) => c === match?.[1]);
}

/** Rewrites an array of raw records of `collection`; the new array, or undefined if nothing changed. */
function rewriteRecords(records: unknown[], collection: CollectionName, rewrite: CopyRewrite, tally: Tally): unknown[] | undefined {
  const change = rewrite.records?.[collection];
  if (!change) return undefined;
  let changed = false;
  const out: unknown[] = [];
  for (const record of records) {
    const next = isObject(record) ? change(record) : undefined;
    if (next === undefined) {
      out.push(record);
      continue;
    }
    changed = true;
    tally.records += 1;
    if (next !== null) out.push(next);
  }
  return changed ? out : undefined;
}

function rewriteAuditEvent(event: RawRecord, rewrite: CopyRewrite, tally: Tally): RawRecord | undefined {
  const next = rewrite.auditEvent?.(event as unknown as AuditEvent);
  if (next === undefined) return undefined;
  tally.auditEvents += 1;
  return next as unknown as RawRecord;
}

/** A journal line: its put operations and its audit events rewritten. */
function rewriteJournalRecord(line: RawRecord, rewrite: CopyRewrite, tally: Tally): RawRecord | undefined {
  let changed = false;
  const ops = (line.ops as unknown[]).flatMap((op) => {
    if (!isObject(op) || op.op !== 'put' || !isObject(op.r)) return [op];
    const collection = COLLECTION_NAMES.find((c) => c === op.c);
    const next = collection ? rewriteRecords([op.r], collection, rewrite, tally) : undefined;
    if (!next) return [op];
    changed = true;
    // A removed record leaves no put behind (its delete, if any, stays).
    return next.length === 0 ? [] : [{ ...op, r: next[0] }];
  });
  const audit = Array.isArray(line.audit)
    ? line.audit.map((event) => {
        const next = isObject(event) ? rewriteAuditEvent(event, rewrite, tally) : undefined;
        if (next) changed = true;
        return next ?? event;
      })
    : line.audit;
  return changed ? { ...line, ops, audit } : undefined;
}

/** A file of JSON lines (a journal or an audit log); the new text, or undefined if nothing changed. Throws if a line is not JSON. */
function rewriteLines(text: string, rewrite: CopyRewrite, tally: Tally): string | undefined {
  let changed = false;
  const lines = text.split('\n').map((line) => {
    if (line.trim() === '') return line;
    const value: unknown = JSON.parse(line);
    if (!isObject(value)) throw new Error('a line is not a JSON object');
    const next = Array.isArray(value.ops) ? rewriteJournalRecord(value, rewrite, tally) : typeof value.action === 'string' ? rewriteAuditEvent(value, rewrite, tally) : undefined;
    if (!next) return line;
    changed = true;
    return JSON.stringify(next);
  });
  return changed ? lines.join('\n') : undefined;
}

/** A whole-JSON file (a backup or a collection snapshot); the new text, or undefined if nothing changed. */
function rewriteJsonFile(file: string, value: unknown, rewrite: CopyRewrite, tally: Tally): string | undefined {
  if (!isObject(value)) throw new Error('not a JSON object');
  if (value.format === 'scf-backup' && isObject(value.collections)) {
    let changed = false;
    const collections: RawRecord = { ...value.collections };
    for (const collection of COLLECTION_NAMES) {
      const records = collections[collection];
      const next = Array.isArray(records) ? rewriteRecords(records, collection, rewrite, tally) : undefined;
      if (next) {
        collections[collection] = next;
        changed = true;
      }
    }
    return changed ? JSON.stringify({ ...value, collections }) : undefined;
  }
  if (Array.isArray(value.records)) {
    const collection = collectionOfName(file);
    if (!collection) throw new Error('a snapshot of no known collection');
    const next = rewriteRecords(value.records, collection, rewrite, tally);
    return next ? `${JSON.stringify({ ...value, records: next })}\n` : undefined;
  }
  if (value.format === 'scf-store') return undefined; // meta.json: counts, no records.
  throw new Error('not a file the store writes');
}

/**
 * Rewrites every file under `dataDir` except `live` (the live files, which the store brings in
 * line itself) and files that hold no data (`ignore`).
 */
/** Folders in the data folder that are not the store's: `npm run playground` keeps the Agents Playground's config and log there. */
const NOT_THE_STORES = new Set(['playground']);

export async function rewriteFolderCopies(dataDir: string, live: ReadonlySet<string>, ignore: ReadonlySet<string>, rewrite: CopyRewrite): Promise<CopyRewriteOutcome> {
  const tally: Tally = { records: 0, auditEvents: 0 };
  const files: string[] = [];
  const unreadable: string[] = [];
  for (const file of (await filesUnder(dataDir)).sort()) {
    if (live.has(file) || ignore.has(path.basename(file))) continue;
    const relative = path.relative(dataDir, file);
    if (NOT_THE_STORES.has(relative.split(path.sep)[0] ?? '')) continue;
    let next: string | undefined;
    try {
      const text = await readFile(file, 'utf8');
      if (text.trim() === '') continue;
      // One JSON value (a backup, a snapshot), or JSON lines (a journal, an audit log; one line parses whole).
      let whole: unknown;
      try {
        whole = JSON.parse(text);
      } catch {
        whole = undefined;
      }
      const isLine = isObject(whole) && (Array.isArray(whole.ops) || typeof whole.action === 'string');
      next = whole !== undefined && !isLine ? rewriteJsonFile(file, whole, rewrite, tally) : rewriteLines(text, rewrite, tally);
    } catch {
      unreadable.push(relative);
      continue;
    }
    if (next === undefined) continue;
    await writeFileDurably(file, next);
    files.push(relative);
  }
  return { files, records: tally.records, auditEvents: tally.auditEvents, unreadable };
}

/** The live audit log rewritten in place (the store reopens it after); how many events changed. */
export async function rewriteAuditFile(file: string, rewrite: CopyRewrite): Promise<number> {
  if (!rewrite.auditEvent) return 0;
  const tally: Tally = { records: 0, auditEvents: 0 };
  const next = rewriteLines(await readFile(file, 'utf8'), rewrite, tally);
  if (next !== undefined) await writeFileDurably(file, next);
  return tally.auditEvents;
}
