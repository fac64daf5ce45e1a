// Several instances on one PostgreSQL database (issue 16): a write made on one is seen on another
// (woken by NOTIFY, or the poll); a stale form submitted on B after an update on A is refused, even
// before B has heard of the update, because every write is decided on current data inside the
// database transaction; the change log is pruned, and an instance that fell behind it reloads.
import { expect } from 'chai';
import { StaleVersionError, updateMilestone } from '../../src/domain/milestones/update-milestone.ts';
import { openPgStore } from '../../src/store/open-pg-store.ts';
import type { PgStore } from '../../src/store/pg-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import { postgresBackend } from './backends.ts';
import { anIntelReport, putMinimalPlan, removeTempDataDirs, testCtx } from './store-fixtures.ts';

const as = (name: string) => ({ actor: { name, account: `teams:${name}` }, via: 'teams' as const });

/** Waits (bounded: a ceiling, not a measure) until `ready` holds; returns the milliseconds it took. */
async function until(ready: () => boolean, what: string): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < 400 && !ready(); i += 1) await new Promise((r) => setTimeout(r, 5 + Math.min(i, 45)));
  if (!ready()) throw new Error(`never happened: ${what}`);
  return performance.now() - started;
}

describe('several instances on one PostgreSQL database', function () {
  this.timeout(120_000);
  let stores: Repository[];
  const open = async (url: string, options: Parameters<typeof postgresBackend.open>[1] = {}) => {
    const store = await postgresBackend.open(url, options);
    stores.push(store);
    return store;
  };
  beforeEach(() => (stores = []));
  afterEach(async () => {
    for (const store of stores) await store.close();
  });
  after(removeTempDataDirs);

  it('shows a write made on A to B and C, and the writer sees its own write at once', async () => {
    const url = await postgresBackend.fresh();
    const [a, b, c] = [await open(url), await open(url), await open(url)];
    await putMinimalPlan(a, 2);
    const delays: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const writer = [a, b, c][i % 3] as Repository;
      const readers = [a, b, c].filter((s) => s !== writer);
      await writer.transact(as('Jo'), (tx) => tx.put('intelReports', anIntelReport({ id: `INT-${i}` }), { action: 'intel.create' }));
      expect(writer.get('intelReports', `INT-${i}`), 'the writer at once').to.not.equal(undefined);
      for (const reader of readers) delays.push(await until(() => reader.get('intelReports', `INT-${i}`) !== undefined, `INT-${i} on another instance`));
    }
    expect(delays).to.have.length(40);
    for (const store of [a, b, c]) expect(store.count('intelReports')).to.equal(20);
  });

  it('refuses a stale form on B after an update on A, even before B has heard of the update', async () => {
    const url = await postgresBackend.fresh();
    const a = await open(url);
    // B hears of changes only when it writes (no poll within the test, no listener wake-up used).
    const b = await open(url, {});
    await putMinimalPlan(a, 2);
    await until(() => b.get('milestones', 'BSC-0.1-M1') !== undefined, 'the plan on B');
    await updateMilestone(a, as('Asha'), { milestoneId: 'BSC-0.1-M1', expectedVersion: 1, status: 'on-track', commentary: 'Asha on A' }, { kind: 'system' });
    // The form B shows was opened at version 1; submitting it now must be refused whatever B's view holds.
    const stale = await updateMilestone(b, as('Ben'), { milestoneId: 'BSC-0.1-M1', expectedVersion: 1, status: 'at-risk', commentary: 'Ben on B', revisedDue: '2026-05-31' } as never, { kind: 'system' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(stale).to.be.instanceOf(StaleVersionError);
    expect((stale as StaleVersionError).message).to.match(/was changed by Asha/);
    expect(b.get('milestones', 'BSC-0.1-M1')).to.include({ version: 2, status: 'on-track' });
  });

  it('refresh(), run before each request, shows B a write made on A before B heard of it (a person sees their own write on any instance)', async () => {
    const url = await postgresBackend.fresh();
    const a = await open(url);
    await putMinimalPlan(a, 1);
    // B hears nothing by itself (no listener, no poll within the test): only refresh() brings it up to date.
    const b = await openPgStore({ databaseUrl: url, pollMs: 3_600_000 });
    stores.push(b);
    await (b as unknown as { listener: { end(): Promise<void> } }).listener.end();
    await b.refresh();
    const before = b.seq;
    await a.transact(testCtx, (tx) => tx.put('intelReports', anIntelReport({ id: 'INT-REFRESH' }), { action: 'intel.create' }));
    expect(b.get('intelReports', 'INT-REFRESH'), 'B has not heard of it').to.equal(undefined);
    await b.refresh();
    expect(b.get('intelReports', 'INT-REFRESH'), 'after the refresh').to.not.equal(undefined);
    expect(b.seq).to.equal(before + 1);
    await b.refresh();
    expect(b.seq, 'nothing new: no change').to.equal(before + 1);
  });

  it('prunes the change log; an instance that was behind it reloads when it next writes, and misses nothing', async () => {
    const url = await postgresBackend.fresh();
    const a = (await open(url)) as PgStore;
    await putMinimalPlan(a, 1);
    // B stands in for an instance cut off for a long while: it hears nothing (no listener, no poll) until it writes.
    const b = await openPgStore({ databaseUrl: url, pollMs: 3_600_000 });
    stores.push(b);
    await (b as unknown as { listener: { end(): Promise<void> } }).listener.end();
    for (let i = 0; i < 5; i += 1) await a.transact(testCtx, (tx) => tx.put('intelReports', anIntelReport({ id: `INT-${i}` }), { action: 'intel.create' }));
    expect(b.count('intelReports'), 'B heard nothing').to.equal(0);
    // Keep nothing older than now: every row but the newest goes.
    const pruner = await openPgStore({ databaseUrl: url, changeLogKeepMs: 0 });
    stores.push(pruner);
    expect(await pruner.pruneChangeLog()).to.be.greaterThan(0);
    await b.transact(testCtx, (tx) => tx.put('intelReports', anIntelReport({ id: 'INT-B' }), { action: 'intel.create' }));
    expect(b.reloads, 'B found the gap and reloaded').to.equal(1);
    expect(b.count('intelReports')).to.equal(6);
    await until(() => a.get('intelReports', 'INT-B') !== undefined, 'INT-B on A');
  });
});
