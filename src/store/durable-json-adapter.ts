// A lowdb adapter for the store's snapshot files: reads tell exactly which file is broken and where,
// writes are durable (see durable-file.ts; lowdb's own JSONFile renames without fsync).
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileDurably } from './durable-file.ts';

/** The file could not be read as JSON; the message names the file and the position. */
export class UnreadableFileError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
  }
}

/** Reads raw JSON (validated by the caller, which knows the schema version); `null` when absent. */
export class DurableJsonFile implements Adapter<unknown> {
  constructor(readonly file: string) {}

  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (text.trim() === '') throw new UnreadableFileError(this.file, 'the file is empty');
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object') throw new UnreadableFileError(this.file, 'expected a JSON object');
      return value;
    } catch (error) {
      if (error instanceof UnreadableFileError) throw error;
      throw new UnreadableFileError(this.file, `not valid JSON (${(error as Error).message})`);
    }
  }

  async write(data: unknown): Promise<void> {
    await writeFileDurably(this.file, `${JSON.stringify(data)}\n`);
  }
}
