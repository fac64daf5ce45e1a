// A small tmpfs for the disk-full tests: a real filesystem that really runs out of space, mounted
// on a temp folder (we run as root here, as CI does). `fill()` takes every free byte with a filler
// file; removing it gives the space back. If mounting is impossible, `mountTmpfs` says why.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Tmpfs {
  dir: string;
  /** Writes a filler file until the filesystem refuses another byte; returns its path. */
  fill(): string;
  unmount(): void;
}

export type MountResult = { ok: true; tmpfs: Tmpfs } | { ok: false; reason: string };

export function mountTmpfs(sizeKB: number): MountResult {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scf-tmpfs-'));
  if (process.getuid?.() !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, reason: 'mounting a tmpfs needs root, and this test run is not root' };
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKB}k,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const detail = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr).trim() : String(error);
    return { ok: false, reason: `mount -t tmpfs failed here (${detail || 'no detail'})` };
  }
  let fillers = 0;
  return {
    ok: true,
    tmpfs: {
      dir,
      fill() {
        fillers += 1;
        const file = path.join(dir, `filler-${fillers}`);
        const fd = openSync(file, 'w');
        try {
          // Big chunks, then ever smaller ones, so not even a page is left. Bounded by the size.
          for (const size of [65_536, 4096, 512, 64, 1]) {
            const chunk = Buffer.alloc(size, 0x2e);
            for (let written = 0; written <= sizeKB * 1024; ) {
              let n = 0;
              try {
                n = writeSync(fd, chunk);
              } catch {
                break; // ENOSPC: this chunk size no longer fits; try a smaller one.
              }
              written += n;
              if (n < size) break;
            }
          }
        } finally {
          closeSync(fd);
        }
        return file;
      },
      unmount() {
        try {
          execFileSync('umount', [dir], { stdio: 'pipe' });
        } catch {
          // Something still holds a file there (a failed test): detach it now, it goes when released.
          execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
        }
        rmSync(dir, { recursive: true, force: true });
      },
    },
  };
}
