// Where a piece of text is kept on disk: every file under a folder (a data folder with its
// backups, journal and set-aside copies) that holds it, for tests that prove text is gone from
// every copy, or never written in the clear.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every file under `folder` whose bytes contain `text`, relative to the folder. */
export function filesContaining(folder: string, text: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => readFileSync(file).includes(text))
    .map((file) => path.relative(folder, file));
}
