import { expect } from 'chai';
import { DEFAULT_WARD_WEEKLY_THRESHOLD, escalationReasons, reviewersToAlert } from '../../src/domain/intel/escalation.ts';
import { logIntelReport } from '../../src/domain/intel/log-report.ts';
import type { Repository } from '../../src/store/repository.ts';
import { removeTempDataDirs } from '../store/store-fixtures.ts';
import { aDraft, aReport, ctxOf, KEPPEL, NOW, openTestStore, people, putReports } from './intel-fixtures.ts';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const options = { weeklyThreshold: 5, now: NOW };

describe('intel: escalation to the reviewers', () => {
  let repo: Repository;
  beforeEach(async () => (repo = await openTestStore()));
  afterEach(async () => repo.close());
  after(removeTempDataDirs);

  it('escalates levels 3 (high) and 4 (critical), not 1 or 2', () => {
    const at = (tensionLevel: number) => escalationReasons(repo, aReport({ id: 'INT-X', tensionLevel, occurredAt: daysAgo(1) }), options);
    expect(at(1)).to.deep.equal([]);
    expect(at(2)).to.deep.equal([]);
    expect(at(3)).to.deep.equal([{ kind: 'high-tension', level: 3 }]);
    expect(at(4)).to.deep.equal([{ kind: 'high-tension', level: 4 }]);
  });

  it('escalates a ward whose reports in the last 7 days reach the threshold, counting the new one', async () => {
    await putReports(repo, [1, 2, 3, 6.9].map((d, i) => aReport({ id: `INT-K${i}`, areaId: KEPPEL, tensionLevel: 1, occurredAt: daysAgo(d) })));
    const next = aReport({ id: 'INT-NEXT', areaId: KEPPEL, tensionLevel: 1, occurredAt: daysAgo(0.5) });
    expect(escalationReasons(repo, next, options)).to.deep.equal([{ kind: 'ward-rising', areaId: KEPPEL, count: 5 }]);
    expect(escalationReasons(repo, next, { ...options, weeklyThreshold: 6 }), 'a higher threshold').to.deep.equal([]);
  });

  it('does not count reports older than 7 days, or in another ward', async () => {
    await putReports(repo, [
      ...[8, 9, 10].map((d, i) => aReport({ id: `INT-OLD${i}`, areaId: KEPPEL, occurredAt: daysAgo(d) })),
      ...[1, 2].map((d, i) => aReport({ id: `INT-ELSE${i}`, areaId: 'E05012996', occurredAt: daysAgo(d) })),
      aReport({ id: 'INT-K1', areaId: KEPPEL, occurredAt: daysAgo(1) }),
    ]);
    expect(escalationReasons(repo, aReport({ id: 'INT-NEXT', areaId: KEPPEL, occurredAt: daysAgo(0) }), options)).to.deep.equal([]);
  });

  it('does not treat a late report about an old event as a rise this week', async () => {
    await putReports(repo, [1, 2, 3, 4].map((d, i) => aReport({ id: `INT-K${i}`, areaId: KEPPEL, occurredAt: daysAgo(d) })));
    expect(escalationReasons(repo, aReport({ id: 'INT-LATE', areaId: KEPPEL, occurredAt: daysAgo(20) }), options)).to.deep.equal([]);
  });

  it('applies the ward rule to wards only, not Borough-wide or Unknown', async () => {
    await putReports(repo, [1, 2, 3, 4].map((d, i) => aReport({ id: `INT-B${i}`, areaId: 'borough-wide', occurredAt: daysAgo(d) })));
    expect(escalationReasons(repo, aReport({ id: 'INT-NEXT', areaId: 'borough-wide', occurredAt: daysAgo(0) }), options)).to.deep.equal([]);
  });

  it('gives both reasons for a level 4 report that tips its ward over, when logged', async () => {
    await putReports(repo, [1, 2, 3, 4].map((d, i) => aReport({ id: `INT-K${i}`, areaId: KEPPEL, occurredAt: daysAgo(d) })));
    const result = await logIntelReport(repo, ctxOf(people.reporter), {
      draft: aDraft({ areaId: KEPPEL, tensionLevel: 4, occurredAt: daysAgo(0.1) }), reporter: people.reporter, now: NOW, retentionMonths: 12, identifiersConfirmed: false,
    });
    expect(result.kind === 'saved' && result.escalations).to.deep.equal([{ kind: 'high-tension', level: 4 }, { kind: 'ward-rising', areaId: KEPPEL, count: 5 }]);
  });

  it('proposes 5 reports in a week as the default threshold', () => {
    expect(DEFAULT_WARD_WEEKLY_THRESHOLD).to.equal(5);
  });

  it('alerts intelligence reviewers and admins, nobody else', () => {
    expect(reviewersToAlert(repo).map((p) => p.id).sort()).to.deep.equal([people.admin.id, people.reviewer.id].sort());
  });
});
