// Noticing data files removed or changed by someone else while the bot runs (an operator's slip, a
// clean-up script, a restore done without stopping the bot). The store remembers what it last
// wrote at each path; a file that has gone is written again from memory, and one that was changed
// is first set aside beside it (never deleted: it may be someone's work), then written again.
import { fstatSync, renameSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

interface Signature {
  ino: number;
  size: number;
  mtimeMs: number;
}

function signatureOf(file: string): Signature | undefined {
  try {
    const { ino, size, mtimeMs } = statSync(file);
    return { ino, size, mtimeMs };
  } catch {
    return undefined; // Not there.
  }
}

/**
 * Whether `file` still names the file `handle` has open (not removed, not replaced). Synchronous
 * (two stat calls, microseconds), so a check before every append costs no turn of the event loop.
 */
export function sameFileStillThere(handle: FileHandle, file: string): boolean {
  try {
    const open = fstatSync(handle.fd);
    const named = statSync(file);
    return open.nlink > 0 && open.ino === named.ino && open.dev === named.dev;
  } catch {
    return false; // The path (or its folder) is gone.
  }
}

export type FileChange = { file: string; change: 'missing' | 'changed' };

/** What the store last wrote at each of its snapshot paths. */
export class FileSignatures {
  private readonly known = new Map<string, Signature>();

  /** Call after writing (or reading, at start) `file`. */
  remember(file: string): void {
    const signature = signatureOf(file);
    if (signature) this.known.set(file, signature);
    else this.known.delete(file);
  }

  /** The files that have gone, or are no longer what the store wrote. */
  changes(files: readonly string[]): FileChange[] {
    return files.flatMap((file): FileChange[] => {
      const expected = this.known.get(file);
      if (!expected) return [];
      const now = signatureOf(file);
      if (!now) return [{ file, change: 'missing' }];
      return now.ino === expected.ino && now.size === expected.size && now.mtimeMs === expected.mtimeMs ? [] : [{ file, change: 'changed' }];
    });
  }
}

/** Renames `file` to `<file>.changed-<time>` in the same folder and returns the new path. */
export function setAside(file: string, at: Date): string {
  const aside = `${file}.changed-${at.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  return aside;
}
