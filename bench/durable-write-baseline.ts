// Measuring a store write against the least it could cost: the same number of bytes appended to a
// file and fdatasync'd. The journal's growth over the warm-up gives the size of one write's line.
import { appendFileSync, closeSync, fdatasyncSync, openSync } from 'node:fs';
import path from 'node:path';
import type { Repository } from '../src/store/repository.ts';
import { sample } from './stats.ts';

export interface WriteTimes {
  store: number[];
  baseline: number[];
  lineBytes: number;
}

export async function measureWriteAgainstAppend(repo: Repository, write: (i: number) => Promise<unknown>, count: number, warmup: number, workDir: string, name: string): Promise<WriteTimes> {
  const before = repo.info();
  await sample(0, write, warmup);
  const after = repo.info();
  if (after.journalRecords - before.journalRecords !== warmup) throw new Error('a checkpoint ran during the warm-up; cannot size the journal line');
  const lineBytes = Math.round((after.dataBytes - before.dataBytes) / warmup);

  const store = await sample(count, write);
  const line = Buffer.from(`${'x'.repeat(Math.max(0, lineBytes - 1))}\n`);
  const fd = openSync(path.join(workDir, `${name}-baseline-append.jsonl`), 'a');
  try {
    const baseline = await sample(count, () => {
      appendFileSync(fd, line);
      fdatasyncSync(fd);
    }, warmup);
    return { store, baseline, lineBytes };
  } finally {
    closeSync(fd);
  }
}
