// Writing a large JSON file (a snapshot of a collection, a backup) in slices, so that the process
// keeps answering requests and committing writes while it is written: records are turned into
// JSON a slice at a time, each slice is written before the next is made, and every write gives the
// event loop a turn. Durable as writeFileDurably (durable-file.ts): a temporary file, fsync, rename
// over the old one, fsync of the folder, so a reader sees the whole old file or the whole new one.
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DATA_FILE_MODE, syncFolder } from './durable-file.ts';

/** About this many bytes of JSON are made and written at a time (a tenth of a millisecond or so of work, so a write waiting for the event loop waits little). */
const SLICE_BYTES = 16 * 1024;

/** A JSON text given in parts: literal text, or an array of records written one by one. */
export type JsonPart = string | { records: readonly unknown[]; encode?: (record: unknown) => unknown };

export async function writeJsonInSlices(file: string, parts: readonly JsonPart[]): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const handle = await open(temp, 'w', DATA_FILE_MODE);
    try {
      let pending: string[] = [];
      let pendingBytes = 0;
      /** Queues text; true when a slice is full and should be written. */
      const add = (text: string): boolean => {
        pending.push(text);
        pendingBytes += text.length;
        return pendingBytes >= SLICE_BYTES;
      };
      const flush = async () => {
        if (pending.length === 0) return;
        const text = pending.join('');
        pending = [];
        pendingBytes = 0;
        const bytes = Buffer.from(text, 'utf8');
        // A write may take only part of the bytes (a full disk): write the rest or fail.
        for (let written = 0; written < bytes.length; ) {
          const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
          if (bytesWritten <= 0) throw new Error(`the write to ${temp} stopped after ${written} of ${bytes.length} bytes`);
          written += bytesWritten;
        }
      };
      for (const part of parts) {
        if (typeof part === 'string') {
          if (add(part)) await flush();
          continue;
        }
        add('[');
        const { records, encode } = part;
        for (let i = 0; i < records.length; i += 1) {
          const record = encode ? encode(records[i]) : records[i];
          if (add(i === 0 ? JSON.stringify(record) : `,${JSON.stringify(record)}`)) await flush();
        }
        add(']');
      }
      await flush();
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncFolder(path.dirname(file));
}
