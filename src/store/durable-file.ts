// Writing a file so that, once the promise resolves, it survives a crash: write a temporary file,
// fsync it, rename it over the old one, then fsync the folder so the rename itself is on disk.
// A reader therefore sees either the whole old file or the whole new one, never a mix.
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export const DATA_FILE_MODE = 0o600;

export async function writeFileDurably(file: string, contents: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const handle = await open(temp, 'w', DATA_FILE_MODE);
    try {
      await handle.writeFile(contents, 'utf8');
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

/** Makes a rename or a new file in `folder` durable (POSIX: the directory entry needs its own fsync). */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
