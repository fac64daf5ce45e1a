// The event ids a channel has taken on, in a real store on a moving clock: a repeat is refused, an
// id is forgotten once its time is up (and then counts as new), and the collection stays bounded.
import { expect } from 'chai';
import { firstDelivery, REMEMBER_EVENTS_MS } from '../../src/channels/first-delivery.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import { removeTempDataDirs, T0, tempDataDir, testCtx } from '../store/store-fixtures.ts';

describe('first delivery of a platform event (receivedEvents)', () => {
  let clock: Date;
  let store: Repository;
  const later = (ms: number) => void (clock = new Date(clock.getTime() + ms));

  beforeEach(async () => {
    clock = new Date(T0);
    store = await openStore({ dataDir: tempDataDir(), now: () => clock });
  });
  afterEach(async () => {
    await store.close();
  });
  after(removeTempDataDirs);

  it('takes an id once, per platform, and refuses its repeats', async () => {
    expect(await firstDelivery(store, testCtx, 'slack', 'Ev1')).to.equal(true);
    later(60_000);
    expect(await firstDelivery(store, testCtx, 'slack', 'Ev1')).to.equal(false);
    expect(await firstDelivery(store, testCtx, 'teams', 'Ev1'), 'another platform\'s id space').to.equal(true);
    expect(store.get('receivedEvents', 'slack:Ev1')).to.deep.equal({ id: 'slack:Ev1', receivedAt: T0, forgetAfter: new Date(Date.parse(T0) + REMEMBER_EVENTS_MS).toISOString() });
  });

  it('forgets an id when its time is up: the next event clears it, and the same id is new again', async () => {
    await firstDelivery(store, testCtx, 'slack', 'EvOld');
    later(REMEMBER_EVENTS_MS + 1);
    expect(await firstDelivery(store, testCtx, 'slack', 'EvNew')).to.equal(true);
    expect(store.get('receivedEvents', 'slack:EvOld')).to.equal(undefined);
    expect(await firstDelivery(store, testCtx, 'slack', 'EvOld')).to.equal(true);
  });

  it('keeps at most the bound, dropping the oldest first', async () => {
    const limits = { forMs: REMEMBER_EVENTS_MS, atMost: 3 };
    for (const id of ['E1', 'E2', 'E3', 'E4', 'E5']) {
      expect(await firstDelivery(store, testCtx, 'slack', id, limits)).to.equal(true);
      later(1000);
    }
    expect(store.all('receivedEvents').map((e) => e.id).sort()).to.deep.equal(['slack:E3', 'slack:E4', 'slack:E5']);
    expect(await firstDelivery(store, testCtx, 'slack', 'E5', limits)).to.equal(false);
  });
});
