// The append-only audit log (audit.jsonl): who did what to which record, when, and through which
// channel. Each event is also inside its journal record, which is fsynced first; so the audit
// file is made durable at checkpoints and, after a crash, refilled from the journal.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { DATA_FILE_MODE } from './durable-file.ts';
import { sameFileStillThere } from './data-file-watch.ts';
import type { AuditEvent, AuditQuery } from './repository.ts';

const TAIL_BYTES = 256 * 1024;

export class AuditLog {
  /** Events whose write failed (a full disk), written first by the next append or sync. */
  private pending: AuditEvent[] = [];
  /** Set when a failed append could not be cut back; the next append cuts it first. */
  private needsRepair = false;

  private constructor(private readonly handle: FileHandle, private lastSeqWritten: number, private size: number, readonly file: string) {}

  static async open(file: string): Promise<AuditLog> {
    const handle = await open(file, 'a+', DATA_FILE_MODE);
    const { size } = await handle.stat();
    const { lastSeq, validBytes } = await readTail(handle, size);
    if (validBytes < size) {
      // A torn last line from a crash: its event is still in the journal and is written again.
      await handle.truncate(validBytes);
    }
    return new AuditLog(handle, lastSeq, Math.min(validBytes, size), file);
  }

  /** False once the file at the log's path is no longer the one open here (removed or replaced). */
  inPlace(): boolean {
    return sameFileStillThere(this.handle, this.file);
  }

  /** The highest transaction number whose events are in the file. */
  get lastSeq(): number {
    return this.lastSeqWritten;
  }

  /**
   * Appends the events not yet in the file, after any that an earlier failure left pending. On
   * failure the file is cut back to its last whole line (a torn line would make every later line
   * unreadable) and the events stay pending, so none is lost or written twice.
   */
  async append(events: AuditEvent[]): Promise<void> {
    const newest = this.pending.at(-1)?.seq ?? this.lastSeqWritten;
    const batch = [...this.pending, ...events.filter((event) => event.seq > newest)];
    if (batch.length === 0) return;
    const text = Buffer.from(batch.map((event) => `${JSON.stringify(event)}\n`).join(''), 'utf8');
    try {
      if (this.needsRepair) {
        await this.handle.truncate(this.size);
        this.needsRepair = false;
      }
      await this.handle.appendFile(text);
    } catch (error) {
      this.pending = batch;
      await this.handle.truncate(this.size).catch(() => {
        this.needsRepair = true;
      });
      throw error;
    }
    this.pending = [];
    this.size += text.length;
    this.lastSeqWritten = batch.at(-1)?.seq ?? this.lastSeqWritten;
  }

  /** Writes any pending events, then makes the file durable; throws if either fails. */
  async sync(): Promise<void> {
    await this.append([]);
    await this.handle.sync();
  }

  /**
   * Makes what was appended durable, without appending (so it may run beside an append): for a
   * checkpoint running in the background. Throws while events wait after a failed append.
   */
  async flush(): Promise<void> {
    if (this.pending.length > 0) throw new Error(`${this.pending.length} audit events are waiting to be written`);
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** Newest first. Reads the whole file: meant for an administrator's occasional look, not a hot path. */
  async query(query: AuditQuery = {}): Promise<AuditEvent[]> {
    const text = await readFile(this.file, 'utf8');
    const matches: AuditEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      const event = JSON.parse(line) as AuditEvent;
      if (query.since && event.at < query.since) continue;
      if (query.collection && event.collection !== query.collection) continue;
      if (query.recordId && event.recordId !== query.recordId) continue;
      matches.push(event);
    }
    matches.reverse();
    return query.limit ? matches.slice(0, query.limit) : matches;
  }
}

/** Finds the last whole line's transaction number without reading the whole (ever-growing) file. */
async function readTail(handle: FileHandle, size: number): Promise<{ lastSeq: number; validBytes: number }> {
  if (size === 0) return { lastSeq: 0, validBytes: 0 };
  const start = Math.max(0, size - TAIL_BYTES);
  const buffer = Buffer.alloc(size - start);
  await handle.read(buffer, 0, buffer.length, start);
  const lastNewline = buffer.lastIndexOf(0x0a);
  const validBytes = lastNewline === -1 ? start : start + lastNewline + 1;
  const lines = buffer.subarray(0, lastNewline + 1).toString('utf8').split('\n').filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    try {
      const event = JSON.parse(lines[i] ?? '') as { seq?: unknown };
      if (typeof event.seq === 'number') return { lastSeq: event.seq, validBytes };
    } catch {
      // The first line of the window may be cut: keep looking further back.
    }
  }
  return { lastSeq: 0, validBytes };
}
