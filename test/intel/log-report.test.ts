import { expect } from 'chai';
import { ValidationError } from '../../src/domain/errors.ts';
import { parseIntelDraft } from '../../src/domain/intel/intel-rules.ts';
import { logIntelReport, retainUntil, type LogIntelInput, type LogResult } from '../../src/domain/intel/log-report.ts';
import type { IntelReport } from '../../src/domain/model.ts';
import type { Repository } from '../../src/store/repository.ts';
import { removeTempDataDirs } from '../store/store-fixtures.ts';
import { aDraft, BOSTON_CASTLE, ctxOf, intelAudit, NOW, openTestStore, people, SECRET_ACTIONS, SECRET_DESCRIPTION, SECRET_LOCATION } from './intel-fixtures.ts';

describe('intel: logging a report', () => {
  let repo: Repository;
  beforeEach(async () => (repo = await openTestStore()));
  afterEach(async () => repo.close());
  after(removeTempDataDirs);

  const log = (draft: unknown, o: Partial<LogIntelInput> = {}): Promise<LogResult> =>
    logIntelReport(repo, ctxOf(people.reporter), { draft, reporter: people.reporter, now: NOW, retentionMonths: 12, identifiersConfirmed: false, ...o });
  const saved = async (draft: unknown, o: Partial<LogIntelInput> = {}): Promise<IntelReport> => {
    const result = await log(draft, o);
    if (result.kind !== 'saved') throw new Error(`expected the report saved, got ${result.kind}`);
    return result.report;
  };
  const problemsOf = async (draft: unknown): Promise<string[]> => {
    const before = repo.count('intelReports');
    try {
      await log(draft);
    } catch (error) {
      expect(error).to.be.instanceOf(ValidationError);
      expect(repo.count('intelReports'), 'nothing written').to.equal(before);
      return error instanceof ValidationError ? error.problems : [];
    }
    throw new Error('expected the draft to be refused');
  };

  it('saves a valid report: new, version 1, id by the day logged, retained 12 months, attributed to the sender', async () => {
    const report = await saved(aDraft());
    expect(report).to.include({ id: 'INT-20260611-1', status: 'new', version: 1, reporterPersonId: people.reporter.id, reporterVia: 'teams', handling: 'OFFICIAL' });
    expect(report).to.include({ reportedAt: NOW.toISOString(), occurredAt: '2026-06-10T19:30:00.000Z', retainUntil: '2027-06-11', areaId: BOSTON_CASTLE });
    expect(report.description).to.equal(SECRET_DESCRIPTION);
    expect(repo.get('intelReports', report.id)).to.deep.equal(report);
    expect((await saved(aDraft())).id).to.equal('INT-20260611-2');
  });

  it('audits the log with the category, area, level and handling only: no free text', async () => {
    const report = await saved(aDraft());
    const entries = await intelAudit(repo);
    expect(entries.map((e) => e.action)).to.deep.equal(['intel.log']);
    expect(entries[0]).to.include({ recordId: report.id, collection: 'intelReports' });
    expect(entries[0]?.detail).to.deep.equal({ category: 'inter-community-dispute', areaId: BOSTON_CASTLE, tensionLevel: 2, handling: 'OFFICIAL' });
    const text = JSON.stringify(await repo.readAudit());
    for (const secret of [SECRET_DESCRIPTION, SECRET_LOCATION, SECRET_ACTIONS]) expect(text).to.not.include(secret);
  });

  it('takes the reporter from the sender, never from the submit (a forged reporter is ignored)', async () => {
    const report = await saved(aDraft({ reporterPersonId: people.admin.id, reporter: people.admin.id, id: 'INT-FORGED', status: 'closed', version: 9 }));
    expect(report).to.include({ reporterPersonId: people.reporter.id, status: 'new', version: 1 });
    expect(report.id).to.not.equal('INT-FORGED');
  });

  it('accepts form-shaped values: strings for numbers and yes/no, comma lists, a local date and time, empty optional fields', async () => {
    const report = await saved(aDraft({
      occurredDate: '2026-06-10', occurredTime: '20:30', tensionLevel: '3', reportedToPolice: 'true', policeReference: '14/123456/26',
      hateStrands: 'race, religion-or-belief', category: 'hate-incident', location: '  ', actionsTaken: '',
    }));
    expect(report.occurredAt, '20:30 BST is 19:30 UTC').to.equal('2026-06-10T19:30:00.000Z');
    expect(report.occurredTimeKnown).to.equal(true);
    expect(report).to.include({ tensionLevel: 3, reportedToPolice: true, policeReference: '14/123456/26' });
    expect(report.hateStrands).to.deep.equal(['race', 'religion-or-belief']);
    expect(report).to.not.have.property('location');
    expect(report).to.not.have.property('actionsTaken');
  });

  it('refuses a draft with every field missing, listing a problem for each required field', async () => {
    const problems = await problemsOf({});
    expect(problems).to.include.members([
      'Enter the date it happened', 'Choose an area', 'Choose a category', 'Describe what happened', 'Choose where the information came from',
      'Choose how reliable the source is', 'Choose how the information is known', 'Choose a tension level', 'Choose a tension trend',
      'Say whether it was reported to the police', 'Choose a handling marking (OFFICIAL or OFFICIAL-SENSITIVE)',
    ]);
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['a date in the future', { occurredDate: '2026-06-12' }, 'The date it happened must be from 11 Jun 2025 to today (11 Jun 2026); 12 Jun 2026 is in the future.'],
    ['a date that is not a date', { occurredDate: 'last Tuesday' }, 'The date it happened is not a real date (write it as YYYY-MM-DD)'],
    ['an impossible date (30 February)', { occurredDate: '2026-02-30' }, 'The date it happened is not a real date (write it as YYYY-MM-DD)'],
    ['a date over a year ago', { occurredDate: '1900-01-01' }, 'The date it happened must be from 11 Jun 2025 to today (11 Jun 2026); 1 Jan 1900 is not.'],
    ['a time that is not a time', { occurredTime: '25:00' }, 'The time it happened is not a time like 19:30 (or leave it blank if not known)'],
    ['a time later today', { occurredDate: '2026-06-11', occurredTime: '23:00' }, 'The time it happened cannot be in the future (leave the time blank if it is not known)'],
    ['a time in the hour the clocks skip', { occurredDate: '2026-03-29', occurredTime: '01:30' }, 'The time it happened, 01:30, did not happen on 29 Mar 2026: the clocks went forward. Check the time.'],
    ['an unknown ward', { areaId: 'E05099999' }, 'Choose an area from the list'],
    ['a ward name instead of its code', { areaId: 'Narnia' }, 'Choose an area from the list'],
    ['an oversized description', { description: 'x'.repeat(4001) }, 'Description is too long (4,000 characters at most)'],
    ['an empty description', { description: '   ' }, 'Describe what happened'],
    ['an oversized location', { location: 'x'.repeat(201) }, 'Location is too long (200 characters at most)'],
    ['a location with a house number', { location: '12 Main Street' }, 'Give a coarse location (a street or landmark) without a house number'],
    ['a location with a flat in a named block', { location: 'Flat 6, Eastwood House' }, 'Give a coarse location (a street or landmark) without a house number'],
    ['a location with a house number after "No."', { location: 'outside No. 12 Chapel Walk' }, 'Give a coarse location (a street or landmark) without a house number'],
    ['oversized actions taken', { actionsTaken: 'x'.repeat(2001) }, 'Actions taken is too long (2,000 characters at most)'],
    ['an oversized police reference', { policeReference: 'x'.repeat(51) }, 'Police reference is too long (50 characters at most)'],
    ['an unknown category', { category: 'gossip' }, 'Choose a category from the list'],
    ['a hate incident without a strand', { category: 'hate-incident', hateStrands: [] }, 'A hate incident needs at least one hate strand'],
    ['an unknown hate strand', { hateStrands: ['height'] }, 'Choose hate strands from the list'],
    ['an unknown community', { communitiesAffected: ['left-handed'] }, 'Choose the communities affected from the list'],
    ['an unknown source type', { sourceType: 'psychic' }, 'Choose a source type from the list'],
    ['an unknown reliability', { sourceReliability: 'very' }, 'Choose a source reliability from the list'],
    ['an unknown confidence', { informationConfidence: 'sure' }, 'Choose an information confidence from the list'],
    ['tension level 5', { tensionLevel: 5 }, 'Choose a tension level from 1 (normal) to 4 (critical)'],
    ['tension level 0', { tensionLevel: '0' }, 'Choose a tension level from 1 (normal) to 4 (critical)'],
    ['tension level 2.5', { tensionLevel: 2.5 }, 'Choose a tension level from 1 (normal) to 4 (critical)'],
    ['an unknown trend', { tensionTrend: 'sideways' }, 'Choose a tension trend from the list'],
    ['reported to police as a number', { reportedToPolice: 7 }, 'Say whether it was reported to the police'],
    ['an unknown handling marking', { handling: 'SECRET' }, 'Choose OFFICIAL or OFFICIAL-SENSITIVE'],
  ];
  for (const [what, override, message] of refusals) {
    it(`refuses ${what}: "${message}", nothing written`, async () => {
      expect(await problemsOf(aDraft(override))).to.deep.equal([message]);
      expect(await intelAudit(repo)).to.deep.equal([]);
    });
  }

  it('accepts a coarse location with a count in it: a number before a street is not always a house', async () => {
    const report = await saved(aDraft({ location: 'Between the 2 shops on Church Lane' }));
    expect(report.location).to.equal('Between the 2 shops on Church Lane');
  });

  it('reports every problem at once, the hate-strand rule included', async () => {
    const problems = await problemsOf(aDraft({ category: 'hate-incident', description: '', areaId: 'nowhere' }));
    expect(problems).to.have.members(['A hate incident needs at least one hate strand', 'Describe what happened', 'Choose an area from the list']);
  });

  it('reports a future date alongside the other problems', async () => {
    expect(await problemsOf(aDraft({ occurredDate: '2027-01-01', description: '' }))).to.have.members(['The date it happened must be from 11 Jun 2025 to today (11 Jun 2026); 1 Jan 2027 is in the future.', 'Describe what happened']);
  });

  it('allows a time a few minutes ahead of the clock (a clock difference), not more', () => {
    const local = (at: Date) => ({ occurredDate: '2026-06-11', occurredTime: new Date(at.getTime() + 3_600_000).toISOString().slice(11, 16) });
    expect(parseIntelDraft(aDraft(local(new Date(NOW.getTime() + 4 * 60_000))), NOW).ok).to.equal(true);
    expect(parseIntelDraft(aDraft(local(new Date(NOW.getTime() + 6 * 60_000))), NOW).ok).to.equal(false);
  });

  it('takes a blank time as "not known": earlier today is accepted, stored as the start of the day and marked unknown, never as noon', async () => {
    const report = await saved(aDraft({ occurredDate: '2026-06-11', occurredTime: '' }));
    expect(report.occurredTimeKnown).to.equal(false);
    expect(report.occurredAt, 'midnight BST is 23:00 UTC the day before').to.equal('2026-06-10T23:00:00.000Z');
  });


  it('refuses a submit that is not an object at all', async () => {
    expect(await problemsOf('drop table')).to.deep.equal(['The form could not be read: please fill it in again']);
    expect(await problemsOf(null)).to.deep.equal(['The form could not be read: please fill it in again']);
  });

  it('finds identifiers in the description, location and actions taken and saves nothing until they are confirmed', async () => {
    const draft = aDraft({ description: 'Call him on 07700 900123', location: 'near S65 2QL', actionsTaken: 'Emailed jo@example.org' });
    const first = await log(draft);
    expect(first.kind).to.equal('identifiers-found');
    if (first.kind !== 'identifiers-found') return;
    expect(first.findings.map((f) => [f.field, f.kind, f.text])).to.deep.equal([
      ['description', 'phone', '07700 900123'],
      ['location', 'postcode', 'S65 2QL'],
      ['actionsTaken', 'email', 'jo@example.org'],
    ]);
    expect(repo.count('intelReports')).to.equal(0);
    expect(await intelAudit(repo)).to.deep.equal([]);

    const confirmed = await saved(draft, { identifiersConfirmed: true });
    expect(confirmed.handling, 'confirmed identifiers make it OFFICIAL-SENSITIVE').to.equal('OFFICIAL-SENSITIVE');
    expect(confirmed.description).to.equal('Call him on 07700 900123');
    expect((await intelAudit(repo))[0]?.detail).to.include({ handling: 'OFFICIAL-SENSITIVE' });
  });

  it('keeps the reporter\'s marking when there is nothing to confirm, and keeps OFFICIAL-SENSITIVE when chosen', async () => {
    expect((await saved(aDraft(), { identifiersConfirmed: true })).handling).to.equal('OFFICIAL');
    expect((await saved(aDraft({ handling: 'OFFICIAL-SENSITIVE' }))).handling).to.equal('OFFICIAL-SENSITIVE');
  });

  it('escalates a level 3 report at once', async () => {
    const result = await log(aDraft({ tensionLevel: 3 }));
    expect(result.kind === 'saved' && result.escalations).to.deep.equal([{ kind: 'high-tension', level: 3 }]);
    const calm = await log(aDraft({ tensionLevel: 1 }));
    expect(calm.kind === 'saved' && calm.escalations).to.deep.equal([]);
  });

  it('refuses a retention period that is not a whole number of months', async () => {
    let error: unknown;
    try {
      await log(aDraft(), { retentionMonths: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(RangeError);
    expect(repo.count('intelReports')).to.equal(0);
  });

  it('retains until the same day the given months later, or the month\'s last day', () => {
    expect(retainUntil('2026-06-11', 12)).to.equal('2027-06-11');
    expect(retainUntil('2026-01-31', 1)).to.equal('2026-02-28');
    expect(retainUntil('2027-08-31', 6)).to.equal('2028-02-29');
  });
});
