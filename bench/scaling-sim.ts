// The simulation behind docs/scaling.md: how much one forum of 3-year data (bench/dataset.ts,
// FULL_SIZE) costs an instance's memory and a PostgreSQL database's disk, and how many writes a
// second one database takes as forums are added. Run on a quiet machine:
//   node --expose-gc --import tsx bench/scaling-sim.ts [--forums 4] [--quick]
// It copies the data set into K forums of one database (store:copy's code), opens K PostgreSQL
// stores in this process (one view per forum, as an instance serving K forums would hold), and
// measures heap and RSS after a full collection as each is opened; then K forums written at once.
import { readdirSync, statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sharedPostgres } from '../scripts/postgres-server.ts';
import { recordCodec } from '../src/store/field-cipher.ts';
import { openPgStore } from '../src/store/open-pg-store.ts';
import type { PgStore } from '../src/store/pg-store.ts';
import { copyStore } from '../src/store/store-copy.ts';
import { buildDataset, FULL_SIZE, QUICK_SIZE, writeDataset } from './dataset.ts';

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function memory(): { heap: number; rss: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / MB, rss: m.rss / MB };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += entry.name === 'backups' ? 0 : folderBytes(full);
    else total += statSync(full).size;
  }
  return total;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** `perForum` transactions on each store at once (8 waiting per store): transactions per second over all. */
async function writeRate(stores: PgStore[], perForum: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    stores.map(async (store) => {
      const milestones = store.all('milestones').filter((m) => m.status !== 'closed' && m.status !== 'complete').slice(0, 200);
      let next = 0;
      const worker = async () => {
        for (;;) {
          const i = next;
          next += 1;
          if (i >= perForum) return;
          const id = milestones[i % milestones.length]?.id ?? '';
          await store.transact({ actor: { name: 'scaling simulation' }, via: 'system' }, (tx) => {
            const current = tx.get('milestones', id);
            if (current) tx.put('milestones', { ...current, version: current.version + 1, updatedAt: tx.now }, { action: 'milestone.update' });
          });
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    }),
  );
  return (stores.length * perForum) / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { forums: { type: 'string', default: '4' }, quick: { type: 'boolean', default: false } } });
  const forums = Math.max(1, Math.min(20, Number(values.forums)));
  if (!gc) process.stderr.write('note: run with --expose-gc for memory figures of live data only\n');
  const size = values.quick ? QUICK_SIZE : FULL_SIZE;
  const work = mkdtempSync(path.join(os.tmpdir(), 'scf-scaling-'));
  const stores: PgStore[] = [];
  try {
    const data = buildDataset(size);
    const folder = path.join(work, 'data');
    await writeDataset(folder, data);
    const jsonBytes = folderBytes(folder);
    const url = await (await sharedPostgres()).createDatabase();
    const sizes: number[] = [];
    const [empty] = await query<{ bytes: string }>(url, 'SELECT pg_database_size(current_database()) AS bytes');
    for (let f = 1; f <= forums; f += 1) {
      const outcome = await copyStore({ kind: 'folder', dir: folder }, { kind: 'postgres', url, forumId: `forum-${f}` }, recordCodec());
      if (!outcome.ok) throw new Error(`copy into forum-${f} did not verify`);
      await query(url, 'VACUUM ANALYZE');
      const [row] = await query<{ bytes: string }>(url, 'SELECT pg_database_size(current_database()) AS bytes');
      sizes.push(Number(row?.bytes) / MB);
    }
    const tables = await query<{ name: string; mb: string }>(url, "SELECT relname AS name, pg_total_relation_size(relid) / 1048576.0 AS mb FROM pg_catalog.pg_statio_user_tables ORDER BY 2 DESC");
    const records = data.milestones.length + data.milestoneUpdates.length + data.intelReports.length + data.meetings.length + data.people.length + data.actions.length + data.organisations.length;

    const before = memory();
    const heaps: number[] = [];
    const rsses: number[] = [];
    for (let f = 1; f <= forums; f += 1) {
      stores.push(await openPgStore({ databaseUrl: url, forumId: `forum-${f}`, poolSize: 2 }));
      const now = memory();
      heaps.push(now.heap);
      rsses.push(now.rss);
    }
    const perForumHeap = (heaps.at(-1)! - before.heap) / forums;
    const perForumRss = (rsses.at(-1)! - before.rss) / forums;

    const one = await writeRate(stores.slice(0, 1), values.quick ? 50 : 300);
    const all = await writeRate(stores, values.quick ? 50 : 300);
    const result = {
      machine: { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 1024 ** 3), load1: os.loadavg()[0], node: process.version },
      dataset: { ...size, records },
      forums,
      jsonFolderMB: jsonBytes / MB,
      database: { emptyMB: Number(empty?.bytes) / MB, afterEachForumMB: sizes, perForumMB: (sizes.at(-1)! - Number(empty?.bytes) / MB) / forums, tables },
      memory: { baseline: before, heapAfterEachMB: heaps, rssAfterEachMB: rsses, perForumHeapMB: perForumHeap, perForumRssMB: perForumRss },
      writes: { oneForumPerSecond: one, allForumsAtOncePerSecond: all },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    for (const store of stores) await store.close();
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(0);
}

void main();
