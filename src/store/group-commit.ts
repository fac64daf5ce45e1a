// Group commit, shared by both stores: transactions waiting for the writer are run one after the
// other (each reads the data as the earlier ones in the group left it), then written together, then
// applied and acknowledged. The store says how a group starts (the JSON store: nothing to do; the
// PostgreSQL store: open a database transaction, lock the forum, catch its view up), how the group's
// records are made durable (a journal append with one fsync; inserts and one COMMIT) and how they
// are applied in memory. Nothing is visible outside before it is durable, and a failed write fails
// every transaction that wrote, or read after a write, in that group.
import type { Logger } from 'pino';
import { ForumError } from '../domain/errors.ts';
import { GroupChanges } from './group-changes.ts';
import type { JournalRecord } from './journal.ts';
import type { ChangeContext, ReadView, Transaction } from './repository.ts';
import type { SerialQueue } from './serial-queue.ts';
import { StagedTransaction } from './staged-transaction.ts';

/** One group's way to the store, from start to durable. */
export interface GroupSession {
  /** The data the group's transactions read: current for every guarding decision. */
  readonly view: ReadView;
  /** The number of the newest committed transaction; the group's get the next ones. */
  readonly lastSeq: number;
  /** Makes the records durable (throws if they are not); called only when some transaction wrote. */
  persist(records: JournalRecord[]): Promise<void>;
  /** After a successful persist: apply to memory (every later read sees them). */
  applied(records: JournalRecord[]): Promise<void>;
  /** The group wrote nothing, or its persist failed: end the session (e.g. roll back). */
  release(): Promise<void>;
}

export interface GroupCommitHooks {
  now(): Date;
  logger: Logger;
  isClosed(): boolean;
  /** Starts a group (in the serial queue). Throwing fails every transaction of the group. */
  begin(): Promise<GroupSession>;
  /** What the callers are told when the group could not be written. */
  failure(error: unknown): ForumError;
}

interface PendingTransaction {
  ctx: ChangeContext;
  /** Runs the work against the data; returns how to hand over its result once it is durable. */
  execute(tx: Transaction): () => void;
  reject(error: unknown): void;
}

export class GroupCommit {
  private readonly pending: PendingTransaction[] = [];
  private commitQueued = false;

  constructor(private readonly queue: SerialQueue, private readonly hooks: GroupCommitHooks) {}

  transact<T>(ctx: ChangeContext, work: (tx: Transaction) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({
        ctx,
        reject,
        execute: (tx) => {
          const result = work(tx);
          if (result instanceof Promise) throw new TypeError('transaction work must be synchronous');
          return () => resolve(result);
        },
      });
      this.scheduleCommit();
    });
  }

  private scheduleCommit(): void {
    if (this.commitQueued) return;
    this.commitQueued = true;
    this.queue
      .run(async () => {
        this.commitQueued = false;
        while (this.pending.length > 0) await this.commitGroup(this.pending.splice(0));
      })
      .catch((error: unknown) => this.hooks.logger.error({ err: error }, 'committing a group of transactions failed'));
  }

  /** Runs in the queue; settles every transaction of the group, whatever happens. */
  private async commitGroup(group: PendingTransaction[]): Promise<void> {
    if (this.hooks.isClosed()) {
      for (const entry of group) entry.reject(new ForumError('STORE_WRITE_FAILED', 'The store is closed; nothing was saved.'));
      return;
    }
    let session: GroupSession;
    try {
      session = await this.hooks.begin();
    } catch (error) {
      this.hooks.logger.error({ err: error, transactions: group.length }, 'could not start a write; nothing was saved');
      const failure = this.hooks.failure(error);
      for (const entry of group) entry.reject(failure);
      return;
    }
    const earlier = new GroupChanges(session.view);
    const records: JournalRecord[] = [];
    /** `touched`: wrote, or read after a write of the group; it stands or falls with the group's write. */
    const ran: { settle: () => void; reject: (error: unknown) => void; touched: boolean }[] = [];
    let seq = session.lastSeq;
    for (const entry of group) {
      const now = this.hooks.now();
      const tx = new StagedTransaction(earlier, entry.ctx, now.toISOString());
      let settle: () => void;
      try {
        settle = entry.execute(tx);
      } catch (error) {
        entry.reject(error);
        continue;
      }
      // A transaction after a write in the group may have read it: it shares that write's fate.
      ran.push({ settle, reject: entry.reject, touched: records.length > 0 || !tx.isEmpty });
      if (tx.isEmpty) continue;
      seq += 1;
      const record: JournalRecord = { seq, at: now.toISOString(), ops: tx.ops, audit: tx.audit.map((e) => ({ ...e, seq })) };
      records.push(record);
      earlier.add(record.ops);
    }
    if (records.length === 0) {
      await session.release().catch((error: unknown) => this.hooks.logger.warn({ err: error }, 'ending a read-only group failed'));
    } else {
      try {
        await session.persist(records);
      } catch (error) {
        this.hooks.logger.error({ err: error, seq: records[0]?.seq, transactions: records.length }, 'write failed; the changes were not saved');
        await session.release().catch(() => undefined);
        const failure = this.hooks.failure(error);
        for (const r of ran) {
          if (r.touched) r.reject(failure);
          else r.settle();
        }
        return;
      }
      await session.applied(records);
    }
    for (const r of ran) r.settle();
  }
}
