// The repository interface the rest of the bot uses: the embedded JSON store (src/store/json-store.ts)
// and the PostgreSQL store for several instances (src/store/pg-store.ts) implement it.
import type { Channel, CollectionName, RecordOf } from '../domain/model.ts';
import type { ShortLivedCounts } from './short-lived.ts';

/** Who made a change, as the audit log records it. */
export interface Actor {
  /** The forum person, when the caller is a known person. */
  personId?: string;
  /** A display name for the audit trail ("Jo Bloggs", "system", "csv import"). */
  name: string;
  /** The platform account, e.g. `teams:<aadObjectId>` or `slack:<teamId>:<userId>`. */
  account?: string;
}

export interface ChangeContext {
  actor: Actor;
  via: Channel;
}

/** What an audit entry says about one change or read; never the free text of intelligence reports. */
export interface AuditNote {
  /** A stable verb, e.g. `milestone.update`, `intel.read`, `seed.load`. */
  action: string;
  detail?: Record<string, string | number | boolean | null | string[]>;
}

export interface AuditEvent extends AuditNote {
  /** The store transaction this event belongs to (several events may share one). */
  seq: number;
  at: string;
  actor: Actor;
  via: Channel;
  collection?: CollectionName;
  recordId?: string;
  /** Top-level fields a change touched. */
  fields?: string[];
}

export interface ReadView {
  get<C extends CollectionName>(collection: C, id: string): Readonly<RecordOf<C>> | undefined;
  /** Every record of a collection. The array is shared and frozen: do not keep it across awaits if you need a stable view. */
  all<C extends CollectionName>(collection: C): readonly Readonly<RecordOf<C>>[];
  count(collection: CollectionName): number;
}

export interface Transaction extends ReadView {
  /** The instant of this transaction (ISO UTC), from the store's clock. */
  readonly now: string;
  /** Inserts or replaces a whole record (validated against its schema). */
  put<C extends CollectionName>(collection: C, record: RecordOf<C>, note: AuditNote): void;
  delete(collection: CollectionName, id: string, note: AuditNote): void;
  /** An audit entry with no data change (e.g. a read of an intelligence report). */
  note(note: AuditNote & { collection?: CollectionName; recordId?: string }): void;
}

export interface StoreInfo {
  backend: 'json' | 'postgres';
  /** The data folder; with PostgreSQL, the database's address (without a password) and forum. */
  dataDir: string;
  schemaVersion: number;
  lastSeq: number;
  journalRecords: number;
  lastBackup?: string;
  dataBytes: number;
}

export interface AuditQuery {
  since?: string;
  collection?: CollectionName;
  recordId?: string;
  limit?: number;
}

/**
 * How the copies of the data the store keeps besides the live records must change (backups, files
 * set aside after an outside change or a restore, the audit log): see Repository.rewriteCopies.
 * Retention and rights requests change the live records in a transaction, then bring every copy
 * in line with this, so no copy the bot controls still holds what was removed.
 */
export interface CopyRewrite {
  /**
   * Per collection: the record as every copy must hold it from now on, `null` to remove it from the
   * copies, `undefined` to leave it. Records in copies are raw (an older schema version, perhaps).
   */
  records?: Partial<Record<CollectionName, (record: Readonly<Record<string, unknown>>) => Record<string, unknown> | null | undefined>>;
  /** An audit event as the log (and its copies) must hold it from now on, e.g. pseudonymised; `undefined` leaves it. */
  auditEvent?: (event: Readonly<AuditEvent>) => AuditEvent | undefined;
  /** Write every live snapshot again, changed or not (after a change of encryption key). */
  rewriteSnapshots?: boolean;
}

export interface CopyRewriteOutcome {
  /** The files rewritten, relative to the data folder. */
  files: string[];
  /** Records changed or removed across all copies. */
  records: number;
  auditEvents: number;
  /** Files the store could not read and left as they were: an operator must look at them. */
  unreadable: string[];
}

export interface Repository extends ReadView {
  /**
   * Runs `work` alone (no other transaction interleaves) against the current data. Its puts and
   * deletes take effect together, and the promise resolves only once they are on disk. If `work`
   * throws, nothing is written and the error is passed on.
   */
  transact<T>(ctx: ChangeContext, work: (tx: Transaction) => T): Promise<T>;
  /**
   * Short-lived counts (rate limits, repeated deliveries) every instance on this store shares:
   * in memory with the data folder, a table with PostgreSQL (src/store/short-lived.ts).
   */
  readonly counts: ShortLivedCounts;
  /** Goes up by one with each committed transaction that changed the collection (for indexes kept beside the store). */
  collectionVersion(collection: CollectionName): number;
  /**
   * The ids of the records put or deleted in the collection after version `since`, so an index can
   * catch up; undefined when the store no longer remembers that far back (rebuild instead).
   */
  changedIds(collection: CollectionName, since: number): readonly string[] | undefined;
  /** Newest first. */
  readAudit(query?: AuditQuery): Promise<AuditEvent[]>;
  info(): StoreInfo;
  /**
   * Brings every copy of the data the store keeps in line with `rewrite` (after the live records
   * were changed in a transaction): the snapshots are written and the journal emptied first, then
   * backups, set-aside files and the audit log are rewritten where they change. Audited as `note`,
   * with the counts added to its detail.
   */
  rewriteCopies(ctx: ChangeContext, note: AuditNote, rewrite: CopyRewrite): Promise<CopyRewriteOutcome>;
  /** Writes a dated full backup now and prunes old ones; returns its path. */
  backup(reason: string): Promise<string>;
  /**
   * Brings this instance's view up to the newest change committed by any instance, before a request
   * is answered, so a person sees their own acknowledged write whichever instance answers next.
   * Only a store shared by several instances (PostgreSQL) needs it; the embedded store is always current.
   */
  refresh?(): Promise<void>;
  close(): Promise<void>;
}
