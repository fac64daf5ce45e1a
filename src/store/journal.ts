// The write-ahead journal: one JSON line per transaction, appended and fsynced before the change is
// acknowledged. Appending costs the same however large the data grows; the snapshot files are
// rewritten only at checkpoints, after which the journal is emptied.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { channelSchema, COLLECTION_NAMES } from '../domain/model.ts';
import { sameFileStillThere } from './data-file-watch.ts';
import { DATA_FILE_MODE } from './durable-file.ts';
import type { AuditEvent } from './repository.ts';

const collectionName = z.enum(COLLECTION_NAMES as [string, ...string[]]);
const operationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), c: collectionName, r: z.looseObject({ id: z.string() }) }),
  z.object({ op: z.literal('del'), c: collectionName, id: z.string() }),
]);
export type Operation = z.infer<typeof operationSchema>;

const actorSchema = z.object({ personId: z.string().optional(), name: z.string(), account: z.string().optional() });
export const auditEventSchema = z.looseObject({ seq: z.number(), at: z.string(), actor: actorSchema, via: channelSchema, action: z.string() });

export const journalRecordSchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  ops: z.array(operationSchema),
  audit: z.array(auditEventSchema),
});
export interface JournalRecord {
  seq: number;
  at: string;
  ops: Operation[];
  audit: AuditEvent[];
}

export interface JournalContents {
  records: JournalRecord[];
  /** Bytes of whole, valid lines; anything after is a torn final write that was never acknowledged. */
  validBytes: number;
  tornTail: boolean;
}

/** A line in the middle of the journal is not valid: the file was damaged, not merely cut short. */
export class DamagedJournalError extends Error {
  constructor(readonly file: string, readonly line: number, readonly problem: string) {
    super(`${file}, line ${line}: ${problem}`);
  }
}

export async function readJournal(file: string): Promise<JournalContents> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], validBytes: 0, tornTail: false };
    throw error;
  }
  const records: JournalRecord[] = [];
  let offset = 0;
  let line = 0;
  while (offset < buffer.length) {
    line += 1;
    const end = buffer.indexOf(0x0a, offset);
    if (end === -1) {
      // No newline: the process died mid-append, before the fsync that acknowledges it.
      return { records, validBytes: offset, tornTail: true };
    }
    const text = buffer.subarray(offset, end).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new DamagedJournalError(file, line, 'not valid JSON');
    }
    const result = journalRecordSchema.safeParse(parsed);
    if (!result.success) throw new DamagedJournalError(file, line, result.error.issues[0]?.message ?? 'not a journal record');
    const previous = records.at(-1);
    if (previous && result.data.seq <= previous.seq) throw new DamagedJournalError(file, line, 'sequence numbers go backwards');
    records.push(result.data as JournalRecord);
    offset = end + 1;
  }
  return { records, validBytes: offset, tornTail: false };
}

/** An open journal for appending. Not safe for concurrent appends: the store serialises them. */
export class JournalWriter {
  /** Set when a failed append could not be cut back; the next append retries the cut first. */
  private needsRepair = false;

  private constructor(private readonly handle: FileHandle, private size: number, readonly file: string) {}

  /** Opens for appending, cutting off a torn tail left by a crash first. */
  static async open(file: string, validBytes: number): Promise<JournalWriter> {
    const handle = await open(file, 'a+', DATA_FILE_MODE);
    const { size } = await handle.stat();
    if (size !== validBytes) {
      await handle.truncate(validBytes);
      await handle.sync();
    }
    return new JournalWriter(handle, validBytes, file);
  }

  get bytes(): number {
    return this.size;
  }

  /** False once the file at the journal's path is no longer the one open here (removed or replaced). */
  inPlace(): boolean {
    return sameFileStillThere(this.handle, this.file);
  }

  /**
   * Resolves once the records are on disk: one line each, written together and made durable by one
   * fsync (a group commit). On failure the journal is cut back to where it was: none of them is in it.
   */
  async append(records: readonly JournalRecord[]): Promise<void> {
    const line = Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(''), 'utf8');
    if (this.needsRepair) {
      await this.handle.truncate(this.size);
      this.needsRepair = false;
    }
    try {
      // One write may take only part of the line (a full disk accepts what fits in the pages it
      // still has): write the rest until the whole line is there or the disk refuses it.
      for (let written = 0; written < line.length; ) {
        const { bytesWritten } = await this.handle.write(line, written, line.length - written, this.size + written);
        if (bytesWritten <= 0) throw new Error(`the journal write stopped after ${written} of ${line.length} bytes`);
        written += bytesWritten;
      }
      await this.handle.datasync();
    } catch (error) {
      // A partial line would corrupt every later one: remove it before reporting the failure.
      await this.handle.truncate(this.size).catch(() => {
        this.needsRepair = true;
      });
      throw error;
    }
    this.size += line.length;
  }

  /** Empties the journal once a checkpoint has put everything in it into the snapshot files. */
  async clear(): Promise<void> {
    await this.handle.truncate(0);
    await this.handle.sync();
    this.size = 0;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

