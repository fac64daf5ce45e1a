// The project's folder: where package.json, the card templates and the seed data are. Found by
// walking up from this module, so it is the same whether the bot runs from its TypeScript sources
// (src/) or from the compiled build (dist/src/).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'cards'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no project folder (package.json and cards/) above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the project folder. */
export const inProject = (...parts: string[]): string => path.join(PROJECT_ROOT, ...parts);
