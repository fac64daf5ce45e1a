// Run as a child process by store-bench.ts: opens the data folder once, as a fresh bot process
// does at start, and prints one JSON line with the time it took and the memory it holds.
// Mode `store` opens it through openStore; mode `parse` only reads and JSON.parses the same
// collection files (the baseline); mode `check` reads and parses them and applies the same schema
// check the store applies (validateDataset: every record against its zod schema). All import the
// same modules, so the difference is the store.
import { readFileSync } from 'node:fs';
import { COLLECTION_NAMES } from '../src/domain/model.ts';
import { collectionFilePath } from '../src/store/load-data-folder.ts';
import { openStore } from '../src/store/open-store.ts';
import { validateDataset } from '../src/store/dataset-validation.ts';
import { decodeDataset } from '../src/store/dataset-codec.ts';
import { recordCodec } from '../src/store/field-cipher.ts';
import { collectGarbage, toMB } from './stats.ts';

export interface ProbeResult {
  mode: 'store' | 'parse' | 'check';
  ms: number;
  records: number;
  rssMB: number;
  heapUsedMB: number;
  peakRssMB: number;
}

export function parseProbeResult(line: string): ProbeResult {
  const value: unknown = JSON.parse(line);
  const fields = ['ms', 'records', 'rssMB', 'heapUsedMB', 'peakRssMB'] as const;
  if (!value || typeof value !== 'object' || !('mode' in value) || (value.mode !== 'store' && value.mode !== 'parse' && value.mode !== 'check')) {
    throw new Error(`not a probe result: ${line}`);
  }
  for (const field of fields) {
    if (typeof (value as Record<string, unknown>)[field] !== 'number') throw new Error(`probe result without ${field}: ${line}`);
  }
  return value as ProbeResult;
}

async function probe(mode: string, dataDir: string): Promise<ProbeResult> {
  collectGarbage();
  if (mode === 'store') {
    const start = performance.now();
    const repo = await openStore({ dataDir, backupsKeep: 1 });
    const ms = performance.now() - start;
    const records = COLLECTION_NAMES.reduce((sum, c) => sum + repo.count(c), 0);
    const result = { mode, ms, records, ...memory() } as const;
    await repo.close();
    return result;
  }
  if (mode === 'parse') {
    const start = performance.now();
    const parsed = COLLECTION_NAMES.map((c) => JSON.parse(readFileSync(collectionFilePath(dataDir, c), 'utf8')) as { records: unknown[] });
    const ms = performance.now() - start;
    const records = parsed.reduce((sum, file) => sum + file.records.length, 0);
    return { mode, ms, records, ...memory() };
  }
  if (mode === 'check') {
    const start = performance.now();
    const raw = Object.fromEntries(COLLECTION_NAMES.map((c) => [c, (JSON.parse(readFileSync(collectionFilePath(dataDir, c), 'utf8')) as { records: unknown[] }).records]));
    const outcome = validateDataset(decodeDataset(recordCodec(), raw));
    const ms = performance.now() - start;
    if (!outcome.ok) throw new Error('the data set does not fit the schema');
    const records = Object.values(raw).reduce((sum, records) => sum + records.length, 0);
    return { mode, ms, records, ...memory() };
  }
  throw new Error(`unknown mode ${mode}: expected store, parse or check`);
}

function memory() {
  collectGarbage();
  const usage = process.memoryUsage();
  // maxRSS is in kilobytes: the peak of the whole process, load included.
  return { rssMB: toMB(usage.rss), heapUsedMB: toMB(usage.heapUsed), peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [mode = '', dataDir = ''] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(await probe(mode, dataDir))}\n`);
}
