// The append-only audit log (audit.jsonl): who did what to which record, when, and through which
// channel. Each event is also inside its journal record, which is fsynced first; so the audit
// file is made durable at checkpoints and, after a crash, refilled from the journal.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { DATA_FILE_MODE } from './durable-file.ts';
import type { AuditEvent, AuditQuery } from './repository.ts';

const TAIL_BYTES = 256 * 1024;

export class AuditLog {
  private constructor(private readonly handle: FileHandle, private lastSeqWritten: number, readonly file: string) {}

  static async open(file: string): Promise<AuditLog> {
    const handle = await open(file, 'a+', DATA_FILE_MODE);
    const { size } = await handle.stat();
    const { lastSeq, validBytes } = await readTail(handle, size);
    if (validBytes < size) {
      // A torn last line from a crash: its event is still in the journal and is written again.
      await handle.truncate(validBytes);
    }
    return new AuditLog(handle, lastSeq, file);
  }

  /** The highest transaction number whose events are in the file. */
  get lastSeq(): number {
    return this.lastSeqWritten;
  }

  async append(events: AuditEvent[]): Promise<void> {
    const fresh = events.filter((event) => event.seq > this.lastSeqWritten);
    if (fresh.length === 0) return;
    await this.handle.appendFile(fresh.map((event) => `${JSON.stringify(event)}\n`).join(''), 'utf8');
    this.lastSeqWritten = Math.max(...fresh.map((event) => event.seq));
  }

  async sync(): Promise<void> {
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
