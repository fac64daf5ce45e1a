// The scheduler's index of pending jobs: soonest first, and brought up to date after any write
// from the store's record of which jobs changed, without reading the whole jobs collection again
// (which is what makes a tick's cost follow the jobs it sends, not the jobs planned).
import { expect } from 'chai';
import type { Job } from '../../src/domain/model.ts';
import { PendingIndex } from '../../src/scheduler/pending-index.ts';
import type { Repository } from '../../src/store/repository.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';
import { FakeClock, openTestStore } from './scheduler-fixtures.ts';

const setup = { actor: { name: 'test' }, via: 'system' } as const;
const job = (id: string, dueAt: string, o: Partial<Job> = {}): Job => ({
  id,
  kind: 'weekly-digest',
  idempotencyKey: `key-${id}`,
  dueAt,
  status: 'pending',
  attempts: 0,
  payload: { subscriptionId: 'SUB-1', weekOf: '2026-03-30' },
  ...o,
});

describe('pending jobs index', () => {
  let store: Repository;
  let reads = 0;
  let counted: Repository;

  beforeEach(async () => {
    store = await openTestStore(makeTempDir('scf-index-'), new FakeClock(new Date('2026-03-01T09:00:00Z')));
    reads = 0;
    // The real store, with its reads of the whole jobs collection counted.
    counted = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'all') return (collection: 'jobs') => ((reads += collection === 'jobs' ? 1 : 0), target.all(collection));
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await store.transact(setup, (tx) => {
      tx.put('jobs', job('B', '2026-03-02T09:00:00.000Z'), { action: 'test' });
      tx.put('jobs', job('A', '2026-03-01T09:00:00.000Z'), { action: 'test' });
      tx.put('jobs', job('C', '2026-03-01T08:00:00.000Z', { status: 'sent' }), { action: 'test' });
      tx.put('jobs', job('D', '2026-03-03T09:00:00.000Z', { nextAttemptAt: '2026-03-01T10:00:00.000Z' }), { action: 'test' });
    });
  });
  afterEach(async () => {
    await store.close();
    removeTempDirs();
  });

  it('lists pending jobs only, soonest first, a retry by its retry time', () => {
    const index = new PendingIndex(counted);
    expect(index.entries().map((e) => e.id)).to.deep.equal(['A', 'D', 'B']);
  });

  it('catches up on changes from the store\'s record of what changed, without reading every job again', async () => {
    const index = new PendingIndex(counted);
    index.entries();
    await store.transact(setup, (tx) => tx.put('jobs', job('E', '2026-02-28T09:00:00.000Z'), { action: 'test' }));
    await store.transact(setup, (tx) => {
      tx.put('jobs', { ...job('A', '2026-03-01T09:00:00.000Z'), status: 'sending' }, { action: 'test' });
      tx.put('jobs', job('B', '2026-03-02T09:00:00.000Z', { nextAttemptAt: '2026-02-01T00:00:00.000Z' }), { action: 'test' });
    });
    expect(index.entries().map((e) => e.id)).to.deep.equal(['B', 'E', 'D']);
    await store.transact(setup, (tx) => tx.delete('jobs', 'E', { action: 'test' }));
    expect(index.entries().map((e) => e.id)).to.deep.equal(['B', 'D']);
    expect(reads, 'one read of every job, when the index was first built').to.equal(1);
  });

  it('builds again when the store no longer remembers that far back', async () => {
    const index = new PendingIndex(counted);
    index.entries();
    for (let i = 0; i < 1_001; i++) await store.transact(setup, (tx) => tx.put('jobs', job(`N${String(i).padStart(4, '0')}`, '2026-04-01T09:00:00.000Z', { status: 'sent' }), { action: 'test' }));
    await store.transact(setup, (tx) => tx.put('jobs', job('G', '2026-02-01T09:00:00.000Z'), { action: 'test' }));
    expect(index.entries().map((e) => e.id)).to.deep.equal(['G', 'A', 'D', 'B']);
    expect(reads).to.equal(2);
  });
});
