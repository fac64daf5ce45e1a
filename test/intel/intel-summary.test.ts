import { expect } from 'chai';
import { FORUM_TIME_ZONE } from '../../src/domain/calendar.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { defaultSummaryPeriod, intelSummary } from '../../src/domain/intel/intel-summary.ts';
import type { IntelReport, Meeting } from '../../src/domain/model.ts';
import { publishedCount } from '../../src/domain/intel/small-numbers.ts';
import type { Repository } from '../../src/store/repository.ts';
import { removeTempDataDirs } from '../store/store-fixtures.ts';
import { aReport, BOSTON_CASTLE, KEPPEL, NOW, openTestStore, people, putReports, ROTHER_VALLEY } from './intel-fixtures.ts';

const PERIOD = { from: '2026-05-18', to: '2026-06-11' };
const exact = (n: number) => ({ kind: 'exact', exact: n });
const FEWER_THAN_3 = { kind: 'fewer-than', fewerThan: 3 };

let n = 0;
/** A report with its own unmistakable text, so the test can look for any of it in the output. */
function report(areaId: string, occurredAt: string, o: Partial<IntelReport> = {}): IntelReport {
  n += 1;
  return aReport({
    id: `INT-S-${n}`, areaId, occurredAt, reporterPersonId: people.reporter.id, description: `Secret description number ${n}`, location: `Secret location ${n}`,
    policeReference: `REF-${n}-SECRET`, actionsTaken: `Secret action ${n}`, sourceType: 'councillor', ...o,
  });
}

const REPORTS = [
  // 00:30 BST on Monday 18 May: inside the period, though 17 May in UTC.
  report(BOSTON_CASTLE, '2026-05-17T23:30:00.000Z', { tensionLevel: 2, category: 'rumour-or-misinformation', tensionTrend: 'falling' }),
  report(BOSTON_CASTLE, '2026-06-01T10:00:00.000Z', { tensionLevel: 1, category: 'rumour-or-misinformation', tensionTrend: 'stable' }),
  report(BOSTON_CASTLE, '2026-06-09T10:00:00.000Z', { tensionLevel: 3, category: 'hate-incident', hateStrands: ['race'], tensionTrend: 'stable', handling: 'OFFICIAL-SENSITIVE', sourceType: 'social-media' }),
  report(KEPPEL, '2026-05-20T12:00:00.000Z', { tensionLevel: 4, category: 'protest-or-march', tensionTrend: 'falling', sourceType: 'partner-agency' }),
  report(ROTHER_VALLEY, '2026-06-06T12:00:00.000Z', { tensionLevel: 2, category: 'anti-social-behaviour', tensionTrend: 'stable' }),
  report(ROTHER_VALLEY, '2026-06-10T12:00:00.000Z', { tensionLevel: 2, category: 'rumour-or-misinformation', tensionTrend: 'stable' }),
  report('borough-wide', '2026-06-03T12:00:00.000Z', { tensionLevel: 1, category: 'positive-community-event', tensionTrend: 'unknown' }),
  // 23:30 BST on Sunday 17 May, and a day after the period: both outside.
  report(BOSTON_CASTLE, '2026-05-17T22:30:00.000Z', { tensionLevel: 4 }),
  report(KEPPEL, '2026-06-12T09:00:00.000Z', { tensionLevel: 4 }),
];

const aMeeting = (id: string, startsAt: string, status: Meeting['status']): Meeting => ({ id, title: 'Stronger Communities Forum', startsAt, agenda: [], status, rsvps: [], version: 1 });

describe('intel: the forum summary (counts and levels only)', () => {
  let repo: Repository;
  beforeEach(async () => {
    repo = await openTestStore();
    await putReports(repo, REPORTS);
  });
  afterEach(async () => repo.close());
  after(removeTempDataDirs);

  it('counts reports per area (1 and 2 published as fewer than 3), with the highest level, trend and top categories, highest level first', () => {
    const summary = intelSummary(repo, PERIOD, FORUM_TIME_ZONE);
    expect(summary.period).to.deep.equal(PERIOD);
    expect(summary.totalReports).to.deep.equal(exact(7));
    expect(summary.wards).to.deep.equal([
      { areaId: KEPPEL, name: 'Keppel', reports: FEWER_THAN_3, highestLevel: 4, trend: 'falling', topCategories: ['protest-or-march'] },
      { areaId: BOSTON_CASTLE, name: 'Boston Castle', reports: exact(3), highestLevel: 3, trend: 'stable', topCategories: ['rumour-or-misinformation', 'hate-incident'] },
      // Two reports in the last 7 days and none the 7 before: rising, whatever the reporters said.
      { areaId: ROTHER_VALLEY, name: 'Rother Vale', reports: FEWER_THAN_3, highestLevel: 2, trend: 'rising', topCategories: ['anti-social-behaviour', 'rumour-or-misinformation'] },
      { areaId: 'borough-wide', name: 'Borough-wide', reports: FEWER_THAN_3, highestLevel: 1, trend: 'unknown', topCategories: ['positive-community-event'] },
    ]);
  });

  it('orders wards by published counts: two suppressed wards at one level go by name, so the order does not tell 2 from 1', async () => {
    // Bramley & Ravenfield: 1 report at level 2; Rother Vale: 2 at level 2. By exact count Rother Vale would come first.
    await putReports(repo, [report('E05012997', '2026-06-02T12:00:00.000Z', { tensionLevel: 2 })]);
    const levelTwo = intelSummary(repo, PERIOD, FORUM_TIME_ZONE).wards.filter((w) => w.highestLevel === 2).map((w) => w.name);
    expect(levelTwo).to.deep.equal(['Bramley & Ravenfield', 'Rother Vale']);
  });

  it('publishes 0 and 3 or more as they are, and 1 and 2 as "fewer than 3"', () => {
    expect([0, 1, 2, 3, 40].map(publishedCount)).to.deep.equal([exact(0), FEWER_THAN_3, FEWER_THAN_3, exact(3), exact(40)]);
    expect(() => publishedCount(-1)).to.throw(RangeError);
  });

  it('gives every week of the period from its Monday, empty weeks as zeros, 1 and 2 as fewer than 3', () => {
    expect(intelSummary(repo, PERIOD, FORUM_TIME_ZONE).weekly).to.deep.equal([
      { weekStart: '2026-05-18', reports: FEWER_THAN_3, highestLevel: 4 },
      { weekStart: '2026-05-25', reports: exact(0), highestLevel: 0 },
      { weekStart: '2026-06-01', reports: exact(3), highestLevel: 2 },
      { weekStart: '2026-06-08', reports: FEWER_THAN_3, highestLevel: 3 },
    ]);
  });

  it('contains no description, location, source, police reference, reporter or report id: asserted on the serialised output', () => {
    const text = JSON.stringify(intelSummary(repo, PERIOD, FORUM_TIME_ZONE));
    for (const r of REPORTS) {
      for (const secret of [r.description, r.location ?? '', r.policeReference ?? '', r.actionsTaken ?? '', r.id]) expect(text).to.not.include(secret);
    }
    for (const leak of ['Secret', 'SECRET', 'councillor', 'social-media', 'partner-agency', people.reporter.id, 'reporter', 'source', 'description', 'location', 'INT-']) {
      expect(text).to.not.include(leak);
    }
  });

  it('shows the top three categories only, commonest first, ties in list order', async () => {
    const categories = ['other', 'new-arrivals', 'new-arrivals', 'hate-incident', 'protest-or-march', 'protest-or-march'] as const;
    await putReports(repo, categories.map((category, i) => report('E05013016', `2026-05-2${i}T12:00:00.000Z`, { category, hateStrands: ['race'] })));
    const wath = intelSummary(repo, PERIOD, FORUM_TIME_ZONE).wards.find((w) => w.name === 'Wath');
    expect(wath?.topCategories).to.deep.equal(['protest-or-march', 'new-arrivals', 'hate-incident']);
  });

  it('is empty for a period with no reports, weeks included', () => {
    const summary = intelSummary(repo, { from: '2025-01-06', to: '2025-01-19' }, FORUM_TIME_ZONE);
    expect(summary).to.deep.equal({ period: { from: '2025-01-06', to: '2025-01-19' }, totalReports: exact(0), wards: [], weekly: [{ weekStart: '2025-01-06', reports: exact(0), highestLevel: 0 }, { weekStart: '2025-01-13', reports: exact(0), highestLevel: 0 }] });
  });

  it('refuses a period that is not real dates or runs backwards', () => {
    expect(() => intelSummary(repo, { from: '2026-06-11', to: '2026-06-01' }, FORUM_TIME_ZONE)).to.throw(ValidationError);
    expect(() => intelSummary(repo, { from: 'last week', to: '2026-06-01' }, FORUM_TIME_ZONE)).to.throw(ValidationError);
  });

  describe('the default period', () => {
    it('runs from the last meeting that took place (held, or scheduled and past) to today; cancelled and future ones do not count', async () => {
      await repo.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
        tx.put('meetings', aMeeting('M-1', '2026-05-14T17:00:00.000Z', 'held'), { action: 'test.setup' });
        tx.put('meetings', aMeeting('M-2', '2026-06-04T17:00:00.000Z', 'scheduled'), { action: 'test.setup' });
        tx.put('meetings', aMeeting('M-3', '2026-06-09T17:00:00.000Z', 'cancelled'), { action: 'test.setup' });
        tx.put('meetings', aMeeting('M-4', '2026-06-18T17:00:00.000Z', 'scheduled'), { action: 'test.setup' });
      });
      expect(defaultSummaryPeriod(repo, NOW, FORUM_TIME_ZONE)).to.deep.equal({ from: '2026-06-04', to: '2026-06-11' });
    });

    it('is the last 28 days when no meeting has taken place', () => {
      expect(defaultSummaryPeriod(repo, NOW, FORUM_TIME_ZONE)).to.deep.equal({ from: '2026-05-15', to: '2026-06-11' });
    });

    it('uses the local date: a meeting at 00:30 BST on 4 June starts the period on 4 June', async () => {
      await repo.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => tx.put('meetings', aMeeting('M-5', '2026-06-03T23:30:00.000Z', 'held'), { action: 'test.setup' }));
      expect(defaultSummaryPeriod(repo, NOW, FORUM_TIME_ZONE).from).to.equal('2026-06-04');
    });
  });
});
