// The embedded store: the whole data set in memory, one writer at a time, every change appended to
// the journal and fsynced before it is acknowledged, snapshot files (lowdb) rewritten at
// checkpoints, backups at start and daily. See docs/storage.md for the file layout.
import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { COLLECTION_NAMES, type CollectionName, type Dataset, type RecordOf } from '../domain/model.ts';
import { ForumError } from '../domain/errors.ts';
import { AuditLog } from './audit-log.ts';
import { pruneBackups, writeBackup } from './backups.ts';
import type { DataLock } from './data-lock.ts';
import { FileSignatures, setAside, type FileChange } from './data-file-watch.ts';
import { JournalWriter, type JournalRecord } from './journal.ts';
import { AUDIT_FILE, collectionFilePath, COLLECTIONS_FOLDER, JOURNAL_FILE, META_FILE, type CollectionFile, type DataFolderFiles, type LoadedData, type StoreMeta } from './load-data-folder.ts';
import { CURRENT_SCHEMA_VERSION } from './migrations.ts';
import type { AuditNote, AuditQuery, ChangeContext, CopyRewrite, CopyRewriteOutcome, Repository, StoreInfo, Transaction } from './repository.ts';
import { rewriteAuditFile, rewriteFolderCopies } from './rewrite-copies.ts';
import { LOCK_FILE } from './data-lock.ts';
import { SECRET_FILE } from '../config/app-secret.ts';
import { encodeOps, type RecordCodec } from './field-cipher.ts';
import { MemoryCounts, type ShortLivedCounts } from './short-lived.ts';
import { SerialQueue } from './serial-queue.ts';
import { GroupCommit, type GroupSession } from './group-commit.ts';
import { RecordView } from './record-view.ts';

export interface JsonStoreOptions {
  dataDir: string;
  now: () => Date;
  logger: Logger;
  backupsKeep: number;
  /** Checkpoint once the journal holds this many transactions. */
  checkpointEvery: number;
  /** Also checkpoint a non-empty journal this often (ms), so restarts replay little. */
  checkpointIntervalMs: number;
  backupIntervalMs: number;
  /** Encrypts the fields src/domain/encrypted-fields.ts names on the way to disk (src/store/field-cipher.ts). */
  codec: RecordCodec;
}

export class JsonStore implements Repository {
  /** The records, with versions and recently changed ids per collection (see Repository). */
  private readonly view: RecordView;
  private readonly dirty = new Set<CollectionName>();
  private readonly queue = new SerialQueue();
  private readonly timers: NodeJS.Timeout[] = [];
  private journalRecords: number;
  private lastSeq: number;
  private lastBackup?: { file: string; at: Date };
  private dataBytes = 0;
  private closed = false;
  /** What the store last wrote (or read) at each snapshot path, to notice outside changes. */
  private readonly signatures = new FileSignatures();
  private readonly groupCommit: GroupCommit;
  /** One process holds the folder: the short-lived counts live in its memory. */
  readonly counts: ShortLivedCounts;

  constructor(
    private readonly options: JsonStoreOptions,
    private readonly files: DataFolderFiles,
    private meta: StoreMeta,
    dataset: Dataset,
    private journal: JournalWriter,
    private audit: AuditLog,
    private readonly lock: DataLock,
  ) {
    this.view = new RecordView((collection) => dataset[collection]);
    this.lastSeq = meta.lastSeq;
    this.counts = new MemoryCounts(options.now);
    this.journalRecords = 0;
    this.groupCommit = new GroupCommit(this.queue, {
      now: options.now,
      logger: options.logger,
      isClosed: () => this.closed,
      begin: () => Promise.resolve(this.groupSession()),
      failure: (error) =>
        new ForumError('STORE_WRITE_FAILED', `The change could not be saved (${(error as NodeJS.ErrnoException).code ?? 'write error'}). Nothing was changed.`, { cause: error }),
    });
    for (const file of this.snapshotFiles()) this.signatures.remember(file);
  }

  /** Finishes opening: brings the audit log and snapshots up to date, backs up, starts timers. */
  async start(loaded: LoadedData): Promise<void> {
    this.lastSeq = Math.max(loaded.lastSeq, this.audit.lastSeq);
    this.journalRecords = loaded.journal.records.length;
    // Events acknowledged in the journal but lost from the audit file in a crash are written again.
    await this.audit.append(loaded.journal.records.flatMap((r) => r.audit));
    if (loaded.needsCheckpoint) {
      for (const c of COLLECTION_NAMES) this.dirty.add(c);
      await this.queue.run(() => this.checkpoint());
    }
    await this.refreshDataBytes();
    await this.backup('start');
    this.timers.push(setInterval(() => this.watchFiles(), this.options.checkpointIntervalMs).unref());
    this.timers.push(setInterval(() => void this.backupIfDue(), Math.min(this.options.backupIntervalMs, 3_600_000)).unref());
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

  /**
   * Transactions are queued and committed in groups (src/store/group-commit.ts): everything waiting
   * when the writer is free is run one after the other, then all their journal lines are written
   * with one fsync, then applied. Nothing is visible outside before it is on disk, and a failed
   * write fails the whole group.
   */
  transact<T>(ctx: ChangeContext, work: (tx: Transaction) => T): Promise<T> {
    return this.groupCommit.transact(ctx, work);
  }

  /** The group commit's way into this store: the data in memory, the journal, then memory again. */
  private groupSession(): GroupSession {
    return {
      view: this,
      lastSeq: this.lastSeq,
      persist: async (records) => {
        // An append to a journal removed from the folder would be acknowledged and then lost.
        if (!this.journal.inPlace()) await this.restoreFiles();
        await this.journal.append(records.map((record) => encodeOps(this.options.codec, record)));
      },
      applied: async (records) => {
        this.lastSeq = records.at(-1)?.seq ?? this.lastSeq;
        this.journalRecords += records.length;
        for (const record of records) this.apply(record);
        // The journal already holds these events; a failure here is repaired at the next checkpoint.
        await this.audit.append(records.flatMap((r) => r.audit)).catch((error: unknown) => this.options.logger.warn({ err: error }, 'audit append deferred'));
        this.checkpointIfNeeded(this.options.checkpointEvery);
      },
      release: () => Promise.resolve(),
    };
  }

  readAudit(query?: AuditQuery) {
    return this.audit.query(query);
  }

  info(): StoreInfo {
    return {
      backend: 'json',
      dataDir: this.options.dataDir,
      schemaVersion: CURRENT_SCHEMA_VERSION,
      lastSeq: this.lastSeq,
      journalRecords: this.journalRecords,
      ...(this.lastBackup ? { lastBackup: this.lastBackup.at.toISOString() } : {}),
      dataBytes: this.dataBytes + this.journal.bytes,
    };
  }

  backup(reason: string): Promise<string> {
    return this.queue.run(async () => {
      const at = this.options.now();
      const collections = Object.fromEntries(COLLECTION_NAMES.map((c) => [c, this.encoded(c)]));
      const file = await writeBackup(this.options.dataDir, { schemaVersion: CURRENT_SCHEMA_VERSION, lastSeq: this.lastSeq, collections }, { at, reason, kind: 'routine' });
      this.lastBackup = { file, at };
      const removed = await pruneBackups(this.options.dataDir, this.options.backupsKeep);
      this.options.logger.info({ file: path.basename(file), reason, pruned: removed.length }, 'backup written');
      return file;
    });
  }

  async rewriteCopies(ctx: ChangeContext, note: AuditNote, rewrite: CopyRewrite): Promise<CopyRewriteOutcome> {
    const outcome = await this.queue.run(async (): Promise<CopyRewriteOutcome> => {
      if (this.closed) throw new ForumError('STORE_WRITE_FAILED', 'The store is closed; no copy was rewritten.');
      // The journal's older lines hold records as they were before the change: write the snapshots
      // from memory and empty it first, so the live files hold only what the records hold now.
      if (rewrite.rewriteSnapshots) for (const c of COLLECTION_NAMES) this.dirty.add(c);
      await this.checkpoint();
      const { dataDir } = this.options;
      const files = JsonStore.files(dataDir);
      const live = new Set([files.journal, files.audit, ...this.snapshotFiles()]);
      const folder = await rewriteFolderCopies(dataDir, live, new Set([LOCK_FILE, SECRET_FILE]), throughCodec(this.options.codec, rewrite));
      let auditEvents = folder.auditEvents;
      if (rewrite.auditEvent) {
        await this.audit.sync();
        const changed = await rewriteAuditFile(files.audit, rewrite);
        if (changed > 0) {
          // The file at the path is a new one now: append to it, not to the old one still open.
          await this.audit.close();
          this.audit = await AuditLog.open(files.audit);
          auditEvents += changed;
          folder.files.push(path.relative(dataDir, files.audit));
        }
      }
      return { ...folder, auditEvents };
    });
    if (outcome.unreadable.length > 0) this.options.logger.warn({ unreadable: outcome.unreadable, action: note.action }, 'files in the data folder could not be read, so could not be rewritten: look at them by hand');
    await this.transact(ctx, (tx) =>
      tx.note({ ...note, detail: { ...note.detail, filesRewritten: outcome.files.length, records: outcome.records, auditEvents: outcome.auditEvents, unreadableFiles: outcome.unreadable } }),
    );
    return outcome;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const timer of this.timers) clearInterval(timer);
    await this.queue.run(async () => {
      this.closed = true;
      try {
        await this.checkpoint();
      } finally {
        await this.journal.close();
        await this.audit.close();
        this.lock.release();
      }
    });
  }

  /**
   * Writes every changed collection to its snapshot file, then empties the journal. Runs in the
   * queue. A snapshot (or meta.json) removed or changed outside the bot is written again from
   * memory; a changed one is set aside first.
   */
  private async checkpoint(): Promise<void> {
    const outside = this.adoptOutsideChanges();
    if (this.dirty.size === 0 && this.journalRecords === 0 && outside.length === 0) return;
    await this.audit.sync();
    for (const collection of this.dirty) {
      const low = this.files.collections[collection];
      const data: CollectionFile = { schemaVersion: CURRENT_SCHEMA_VERSION, appliedSeq: this.lastSeq, records: this.encoded(collection) };
      low.data = data;
      await low.write();
      this.signatures.remember(collectionFilePath(this.options.dataDir, collection));
    }
    this.meta = { ...this.meta, schemaVersion: CURRENT_SCHEMA_VERSION, lastSeq: this.lastSeq };
    this.files.meta.data = this.meta;
    // meta.json last: a folder without it has never acknowledged anything (see load-data-folder.ts).
    await this.files.meta.write();
    this.signatures.remember(path.join(this.options.dataDir, META_FILE));
    await this.journal.clear();
    this.dirty.clear();
    this.journalRecords = 0;
    await this.refreshDataBytes();
  }

  /** A collection's records as they go to disk (encrypted fields encrypted). */
  private encoded(collection: CollectionName): object[] {
    return this.all(collection).map((r) => this.options.codec.encode(collection, r as Record<string, unknown>));
  }

  private snapshotFiles(): string[] {
    return [path.join(this.options.dataDir, META_FILE), ...COLLECTION_NAMES.map((c) => collectionFilePath(this.options.dataDir, c))];
  }

  /** Snapshot files gone or changed outside the bot: changed ones set aside, and all marked to be written. */
  private adoptOutsideChanges(): FileChange[] {
    const changes = this.signatures.changes(this.snapshotFiles());
    if (changes.length === 0) return changes;
    const at = this.options.now();
    const setAsideAs = changes.filter((c) => c.change === 'changed').map((c) => setAside(c.file, at));
    this.options.logger.error({ changes, setAsideAs }, 'data files were removed or changed while the bot was running; writing them again from memory');
    for (const collection of COLLECTION_NAMES) {
      if (changes.some((c) => c.file === collectionFilePath(this.options.dataDir, collection))) this.dirty.add(collection);
    }
    return changes;
  }

  /**
   * The journal (or the audit log, the lock, the whole folder) was removed or replaced while the
   * bot ran: everything acknowledged so far is written to the snapshots from memory, and a new
   * journal is started at the proper path, so the next change is on disk where a restart looks.
   */
  private async restoreFiles(): Promise<void> {
    const { dataDir } = this.options;
    const journalGone = !this.journal.inPlace();
    const auditGone = !this.audit.inPlace();
    const lockGone = !existsSync(this.lock.file);
    if (!journalGone && !auditGone && !lockGone) return;
    this.options.logger.error({ dataDir, journalGone, auditGone, lockGone }, 'data files were removed or replaced while the bot was running; writing everything again from memory');
    await mkdir(path.join(dataDir, COLLECTIONS_FOLDER), { recursive: true, mode: 0o700 });
    this.lock.ensure();
    const files = JsonStore.files(dataDir);
    const at = this.options.now();
    if (auditGone) {
      // The events of earlier changes left with the file; new ones go to a new file at the right path.
      if (existsSync(files.audit)) setAside(files.audit, at);
      await this.audit.close();
      this.audit = await AuditLog.open(files.audit);
    }
    if (journalGone) {
      // Everything the old journal held is in memory: put it in the snapshots before starting afresh.
      for (const collection of COLLECTION_NAMES) this.dirty.add(collection);
      await this.checkpoint();
      if (existsSync(files.journal)) setAside(files.journal, at);
      await this.journal.close();
      this.journal = await JournalWriter.open(files.journal, 0);
    }
  }

  /** The timer's look at the folder: put back what was removed, checkpoint a non-empty journal. */
  private watchFiles(): void {
    if (this.closed) return;
    this.queue
      .run(async () => {
        if (this.closed) return;
        await this.restoreFiles();
        if (this.journalRecords > 0 || this.signatures.changes(this.snapshotFiles()).length > 0) await this.checkpoint();
      })
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'checkpoint failed; the journal keeps every change'));
  }

  private checkpointIfNeeded(threshold: number): void {
    if (this.closed || this.journalRecords === 0 || this.journalRecords < threshold) return;
    this.queue
      .run(() => (this.closed ? Promise.resolve() : this.checkpoint()))
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'checkpoint failed; the journal keeps every change'));
  }

  private async backupIfDue(): Promise<void> {
    if (this.closed) return;
    const last = this.lastBackup?.at.getTime() ?? 0;
    if (this.options.now().getTime() - last < this.options.backupIntervalMs) return;
    await this.backup('daily').catch((error: unknown) => this.options.logger.error({ err: error }, 'daily backup failed'));
  }

  private apply(record: JournalRecord): void {
    for (const collection of this.view.apply(record.ops)) this.dirty.add(collection);
  }

  collectionVersion(collection: CollectionName): number {
    return this.view.collectionVersion(collection);
  }

  changedIds(collection: CollectionName, since: number): readonly string[] | undefined {
    return this.view.changedIds(collection, since);
  }

  private async refreshDataBytes(): Promise<void> {
    const sizes = await Promise.all(
      COLLECTION_NAMES.map((c) => stat(collectionFilePath(this.options.dataDir, c)).then((s) => s.size, () => 0)),
    );
    this.dataBytes = sizes.reduce((a, b) => a + b, 0);
  }

  static files(dataDir: string) {
    return { journal: path.join(dataDir, JOURNAL_FILE), audit: path.join(dataDir, AUDIT_FILE) };
  }
}

/** The rewrite of copies as it applies to records on disk: opened, changed, encrypted again. */
function throughCodec(codec: RecordCodec, rewrite: CopyRewrite): CopyRewrite {
  if (!rewrite.records) return rewrite;
  const records: NonNullable<CopyRewrite['records']> = {};
  for (const collection of COLLECTION_NAMES) {
    const change = rewrite.records[collection];
    if (!change) continue;
    records[collection] = (raw) => {
      const next = change(codec.decode(collection, raw));
      return next ? codec.encode(collection, next) : next;
    };
  }
  return { ...rewrite, records };
}
