// One writer per data folder. Two processes on one set of JSON files would silently lose each
// other's updates, so the second one is refused. The lock file names its owner; a lock left by a
// process that no longer runs (a crash, kill -9) is taken over.
import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync, fsyncSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ForumError } from '../domain/errors.ts';

export const LOCK_FILE = 'store.lock';

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** Folders this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

export interface DataLock {
  readonly file: string;
  release(): void;
  /** Writes the lock file again if it has gone (the folder was cleared while the bot ran). */
  ensure(): void;
}

export function acquireDataLock(dataDir: string, now: Date = new Date()): DataLock {
  const folder = path.resolve(dataDir);
  const file = path.join(folder, LOCK_FILE);
  if (heldHere.has(folder)) throw lockedError(folder, { pid: process.pid, host: os.hostname(), startedAt: 'earlier' });

  const owner: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: now.toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${JSON.stringify(owner)}\n`);
      fsyncSync(fd);
      closeSync(fd);
      return hold(folder, file, owner);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const existing = readOwner(file);
    if (existing && ownerIsAlive(existing)) throw lockedError(folder, existing);
    // The owner is gone: remove its lock and try once more (another starter may win the race).
    unlinkSync(file);
  }
  throw lockedError(folder, readOwner(file) ?? { pid: 0, host: 'unknown', startedAt: 'unknown' });
}

function hold(folder: string, file: string, owner: LockOwner): DataLock {
  heldHere.add(folder);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(folder);
    process.off('exit', release);
    try {
      unlinkSync(file);
    } catch {
      // Already gone (someone removed the folder): nothing left to release.
    }
  };
  process.on('exit', release);
  const ensure = () => {
    if (released || existsSync(file)) return;
    writeFileSync(file, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  };
  return { file, release, ensure };
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (value && typeof value === 'object' && 'pid' in value && typeof value.pid === 'number') {
      const v = value as Partial<LockOwner>;
      return { pid: value.pid, host: String(v.host ?? 'unknown'), startedAt: String(v.startedAt ?? 'unknown') };
    }
  } catch {
    // Unreadable or half-written lock (the owner died while writing it): treat as abandoned.
  }
  return undefined;
}

function ownerIsAlive(owner: LockOwner): boolean {
  // A lock from another machine (a shared folder) cannot be checked: refuse rather than guess.
  if (owner.host !== os.hostname()) return true;
  // Our own pid but not held here: left by an earlier run that had the same pid (containers).
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(folder: string, owner: LockOwner): ForumError {
  return new ForumError(
    'STORE_LOCKED',
    `The data folder ${folder} is in use by another bot process (pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}). ` +
      'Stop that process first, or set DATA_DIR to a different folder. ' +
      `If that process is certainly gone, delete ${path.join(folder, LOCK_FILE)}.`,
  );
}
