// The planner's fast way of finding whom to nudge before each meeting must find exactly the people
// the nudge itself would have something for (milestonesToNudge), on a realistic plan: 320 people,
// 1,000 milestones with owners and leads, some finished, some stale, meetings over a year.
import { expect } from 'chai';
import { buildDataset, DATASET_TODAY, FULL_SIZE } from '../../bench/dataset.ts';
import { localDate } from '../../src/domain/calendar.ts';
import { milestonesToNudge, nudgeAudience } from '../../src/domain/milestones/milestones-to-nudge.ts';
import type { CollectionName } from '../../src/domain/model.ts';
import type { ReadView } from '../../src/store/repository.ts';

describe('nudge audience for the reminder planner', () => {
  const data = buildDataset(FULL_SIZE);
  // The data set's collections behind the store's read interface (no store needed for a pure query).
  const collections: Record<string, readonly { id: string }[]> = { ...data };
  const view = {
    all: (name: CollectionName) => collections[name] ?? [],
    get: (name: CollectionName, id: string) => collections[name]?.find((r) => r.id === id),
    count: (name: CollectionName) => collections[name]?.length ?? 0,
  } as unknown as ReadView;
  const now = new Date(`${DATASET_TODAY}T10:00:00Z`);
  const timeZone = 'Europe/London';

  it('finds the same people as asking each person, for meetings from tomorrow to a year ahead', () => {
    const audience = nudgeAudience(view, now);
    const people = view.all('people');
    let nudged = 0;
    for (const days of [1, 5, 14, 40, 120, 365]) {
      const meeting = { startsAt: new Date(now.getTime() + days * 86_400_000).toISOString() };
      const expected = people.filter((p) => milestonesToNudge(view, p, meeting, now, timeZone).length > 0).map((p) => p.id).sort();
      expect(audience(localDate(new Date(meeting.startsAt), timeZone)).sort(), `meeting in ${days} days`).to.deep.equal(expected);
      nudged += expected.length;
    }
    expect(nudged, 'the data set nudges somebody, so the comparison means something').to.be.greaterThan(0);
    expect(nudged, 'and not everybody').to.be.lessThan(people.length * 6);
  });
});
