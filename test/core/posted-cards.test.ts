// The record of where milestone cards were posted (src/bot/posted-cards.ts) stays bounded: at most
// so many places per milestone and in all, each forgotten after so long; a card already showing the
// milestone's current version is not updated again. The journeys over HTTP are in
// test/conformance/slack/kept-current.test.ts and test/teams/teams-kept-current.test.ts.
import { expect } from 'chai';
import pino from 'pino';
import type { Activity, ConversationReference } from 'botbuilder';
import { PostedMilestoneCards } from '../../src/bot/posted-cards.ts';
import type { Milestone } from '../../src/domain/model.ts';
import type { Repository } from '../../src/store/repository.ts';

/** Just what the record reads of a store: milestone versions and which ids changed. */
function fakeStore(): { store: Repository; change(id: string): void } {
  let version = 0;
  const versions = new Map<string, number>();
  const changes: string[][] = [];
  const store = {
    collectionVersion: () => version,
    changedIds: (_c: string, since: number) => changes.slice(since).flat(),
    get: (_c: string, id: string) => ({ id, version: versions.get(id) ?? 1 }) as unknown as Milestone,
  } as unknown as Repository;
  return {
    store,
    change(id) {
      versions.set(id, (versions.get(id) ?? 1) + 1);
      changes.push([id]);
      version += 1;
    },
  };
}

describe('posted milestone cards: bounded, pruned, updated once per change', () => {
  const reference = (n: number): Partial<ConversationReference> => ({ conversation: { id: `T1:C${n}`, isGroup: true, conversationType: 'channel', name: '' } });
  let clock = Date.parse('2026-12-06T09:00:00Z');
  const now = () => new Date(clock);
  const silent = pino({ level: 'silent' });

  it('keeps at most perMilestone places per milestone and total in all, oldest dropped first', () => {
    const { store } = fakeStore();
    const cards = new PostedMilestoneCards(store, () => ({}), silent, now, { perMilestone: 3, total: 5, keepMs: 1e9 });
    cards.register('slack', async () => undefined);
    for (let i = 0; i < 5; i += 1) cards.remember({ milestoneId: 'A', via: 'slack', reference: reference(i), messageId: `1.${i}` });
    expect(cards.placesOf('A').map((p) => p.messageId)).to.deep.equal(['1.2', '1.3', '1.4']);
    for (let i = 0; i < 3; i += 1) {
      clock += 1000;
      cards.remember({ milestoneId: 'B', via: 'slack', reference: reference(i), messageId: `2.${i}` });
    }
    expect(cards.size).to.equal(5);
    expect(cards.placesOf('B')).to.have.length(3);
    // The same message remembered again is one place, not two.
    cards.remember({ milestoneId: 'B', via: 'slack', reference: reference(2), messageId: '2.2' });
    expect(cards.placesOf('B')).to.have.length(3);
  });

  it('forgets places older than keepMs, and remembers nothing for a channel with no updater', () => {
    const { store } = fakeStore();
    const cards = new PostedMilestoneCards(store, () => ({}), silent, now, { perMilestone: 10, total: 10, keepMs: 60_000 });
    cards.remember({ milestoneId: 'A', via: 'teams', reference: reference(1), messageId: 'x' });
    expect(cards.size).to.equal(0);
    cards.register('teams', async () => undefined);
    cards.remember({ milestoneId: 'A', via: 'teams', reference: reference(1), messageId: 'x' });
    clock += 120_000;
    cards.remember({ milestoneId: 'B', via: 'teams', reference: reference(2), messageId: 'y' });
    expect(cards.placesOf('A')).to.deep.equal([]);
    expect(cards.placesOf('B')).to.have.length(1);
  });

  it('after a change, updates each place of that milestone once, and not again until the next change', async () => {
    const { store, change } = fakeStore();
    const sent: { conversation?: string; id?: string }[] = [];
    const cards = new PostedMilestoneCards(store, (m) => ({ text: `card of ${m.id} v${m.version}` }), silent, now);
    cards.register('slack', async (ref: Partial<ConversationReference>, activity: Partial<Activity>) => void sent.push({ conversation: ref.conversation?.id, id: activity.id }));
    cards.remember({ milestoneId: 'A', via: 'slack', reference: reference(1), messageId: '1.1' });
    cards.remember({ milestoneId: 'B', via: 'slack', reference: reference(2), messageId: '2.1' });
    change('A');
    await cards.catchUp();
    expect(sent).to.deep.equal([{ conversation: 'T1:C1', id: '1.1' }]);
    await cards.catchUp();
    expect(sent).to.have.length(1);
  });
});
