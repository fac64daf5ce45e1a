// The year-end report's figures against a fixture computed by hand (comments give the sums), on a
// real store: awards count in the London-calendar year they were decided, payments in the year
// paid (even for an earlier year's award), returns in the year received. Then the same report over
// real HTTP: `grants report 2026-27` in Teams gives links to a CSV and a Word document with a chart.
import { expect } from 'chai';
import { inflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { parseFinancialYear } from '../../src/domain/grants/financial-year.ts';
import type { GrantApplication, GrantDecision, GrantPayment, GrantReturn } from '../../src/domain/grants/grant-records.ts';
import { yearEndReport } from '../../src/domain/grants/year-end-report.ts';
import type { Repository } from '../../src/store/repository.ts';
import { openStore } from '../../src/store/open-store.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot } from '../helpers/running-bot.ts';
import { messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { removeTempDataDirs, tempDataDir } from '../store/store-fixtures.ts';
import { SETUP, testRound } from './grant-fixtures.ts';

const W1 = 'E05012996'; // Boston Castle
const W2 = 'E05012993'; // Anston & Woodsetts

function application(id: string, roundId: string, submittedAt: string, amount: number, themes: GrantApplication['themes'], wards: string[], status: GrantApplication['status']): GrantApplication {
  return { id, roundId, submittedAt, via: 'web', group: { name: `Group ${id}`, type: 'charity' }, contact: { name: 'C', email: 'c@example.org' }, project: { title: 'P', description: 'D', difference: 'X' }, wards, themes, amount, status, statusLink: { id: randomBytes(32).toString('base64url'), expiresAt: '2030-01-01T00:00:00.000Z' }, version: 2 };
}
const decision = (id: string, roundId: string, at: string, outcome: 'award' | 'decline', council = 0, rtp = 0): GrantDecision => ({ id, applicationId: id, roundId, outcome, amounts: { council, rtp, external: 0 }, reason: 'r', byPersonId: 'P-D', by: 'Officer', at });
const payment = (id: string, applicationId: string, roundId: string, source: 'council' | 'rtp', amount: number, paidOn: string): GrantPayment => ({ id, applicationId, roundId, source, amount, paidOn, instalment: 1, financeReference: id, byPersonId: 'P-D', by: 'Officer', at: `${paidOn}T12:00:00.000Z` });
const aReturn = (id: string, applicationId: string, roundId: string, dueOn: string, received?: { at: string; peopleReached: number; moneySpent: number }): GrantReturn => ({ id, applicationId, roundId, dueOn, ...(received ? { received: { ...received, whatWasDone: `Done by ${applicationId}` } } : {}) });

/** The fixture the expected figures below were worked out from by hand. */
async function writeFixture(store: Repository): Promise<void> {
  await store.transact(SETUP, (tx) => {
    tx.put('grantRounds', testRound({ id: 'R0', opensOn: '2025-06-01', closesOn: '2025-07-31', budget: { council: 2000, rtp: 0, external: 0 } }), { action: 'seed' });
    tx.put('grantRounds', testRound({ id: 'R1', opensOn: '2026-06-01', closesOn: '2026-07-31', budget: { council: 5000, rtp: 5000, external: 0 } }), { action: 'seed' });
    tx.put('grantApplications', application('A0', 'R0', '2025-06-10T10:00:00.000Z', 700, ['civic-pride'], [W2], 'awarded'), { action: 'seed' });
    tx.put('grantApplications', application('A1', 'R1', '2026-06-10T10:00:00.000Z', 800, ['civic-pride', 'bringing-together'], [W1], 'awarded'), { action: 'seed' });
    tx.put('grantApplications', application('A2', 'R1', '2026-06-20T10:00:00.000Z', 1000, ['bringing-together'], [W1, W2], 'awarded'), { action: 'seed' });
    tx.put('grantApplications', application('A3', 'R1', '2026-07-01T10:00:00.000Z', 500, ['opportunity'], [W2], 'declined'), { action: 'seed' });
    tx.put('grantApplications', application('A4', 'R1', '2026-07-15T10:00:00.000Z', 300, ['opportunity'], [W2], 'submitted'), { action: 'seed' });
    tx.put('grantDecisions', decision('A0', 'R0', '2025-08-01T10:00:00.000Z', 'award', 700), { action: 'seed' });
    tx.put('grantDecisions', decision('A1', 'R1', '2026-08-01T10:00:00.000Z', 'award', 500, 300), { action: 'seed' });
    // 23:30 on 31 March 2027, British Summer Time: still in the year.
    tx.put('grantDecisions', decision('A2', 'R1', '2027-03-31T22:30:00.000Z', 'award', 600, 400), { action: 'seed' });
    tx.put('grantDecisions', decision('A3', 'R1', '2026-08-01T10:00:00.000Z', 'decline'), { action: 'seed' });
    tx.put('grantPayments', payment('PAY-1', 'A1', 'R1', 'council', 500, '2026-08-10'), { action: 'seed' });
    tx.put('grantPayments', payment('PAY-2', 'A1', 'R1', 'rtp', 150, '2027-04-02'), { action: 'seed' }); // next year
    tx.put('grantPayments', payment('PAY-3', 'A0', 'R0', 'council', 700, '2026-04-05'), { action: 'seed' }); // last year's award, paid this year
    tx.put('grantPayments', payment('PAY-4', 'A2', 'R1', 'rtp', 400, '2027-03-30'), { action: 'seed' });
    tx.put('grantReturns', aReturn('A1-R1', 'A1', 'R1', '2027-02-01', { at: '2027-01-20T10:00:00.000Z', peopleReached: 40, moneySpent: 450 }), { action: 'seed' });
    tx.put('grantReturns', aReturn('A1-R2', 'A1', 'R1', '2027-08-01'), { action: 'seed' });
    tx.put('grantReturns', aReturn('A2-R1', 'A2', 'R1', '2027-09-30'), { action: 'seed' });
    tx.put('grantReturns', aReturn('A0-R1', 'A0', 'R0', '2026-02-01', { at: '2026-05-01T10:00:00.000Z', peopleReached: 10, moneySpent: 700 }), { action: 'seed' });
  });
}

describe('grants: the year-end report', () => {
  afterEach(() => {
    removeTempDataDirs();
    removeTempDirs();
  });

  it('matches the hand-computed figures for 2026-27', async () => {
    const store = await openStore({ dataDir: tempDataDir(), now: () => new Date('2027-09-01T10:00:00Z') });
    try {
      await writeFixture(store);
      const report = yearEndReport(store, parseFinancialYear('2026-27'), new Date('2027-09-01T10:00:00Z'));
      expect(report.year).to.deep.equal({ label: '2026-27', from: '2026-04-01', to: '2027-03-31' });
      expect(report.sources).to.deep.equal([
        // Budget: R1 only. Awarded: A1 500 + A2 600. Paid in the year: A1 500 + A0 700. Unpaid: A2 600.
        { source: 'council', budget: 5000, awards: 2, awarded: 1100, paid: 1200, unpaid: 600 },
        // Awarded: A1 300 + A2 400. Paid in the year: A2 400 (A1's 150 was paid in April 2027). Unpaid: A1 150.
        { source: 'rtp', budget: 5000, awards: 2, awarded: 700, paid: 400, unpaid: 150 },
        { source: 'external', budget: 0, awards: 0, awarded: 0, paid: 0, unpaid: 0 },
      ]);
      expect(report.total).to.deep.equal({ budget: 10000, awards: 2, awarded: 1800, paid: 1600, unpaid: 750 });
      expect(report.applications).to.deep.equal({ received: 4, awarded: 2, declined: 1, undecided: 1 });
      // A1 (800) is about two themes and counts under both; A2 (1000) is about one.
      expect(report.byTheme).to.deep.equal({ 'civic-pride': { awards: 1, amount: 800 }, 'bringing-together': { awards: 2, amount: 1800 } });
      expect(report.byWard).to.deep.equal({ [W1]: { awards: 2, amount: 1800 }, [W2]: { awards: 1, amount: 1000 } });
      // Received in the year: A0-R1 (May 2026) and A1-R1 (January 2027).
      expect({ ...report.outcomes, highlights: report.outcomes.highlights.length }).to.deep.equal({ returnsReceived: 2, peopleReached: 50, moneySpent: 1150, highlights: 2 });
      // A1-R2 was due 1 August 2027 (overdue on 1 September); A2-R1 is due 30 September.
      expect(report.outstanding).to.deep.equal({ returnsOverdue: 1, returnsDueLater: 1, unpaidAwards: 2, unpaidAmount: 750 });
    } finally {
      await store.close();
    }
  });

  it('`grants report 2026-27` over HTTP gives a CSV and a Word document with a chart; a member is refused; a wrong year is explained', async () => {
    const clock = new Date('2027-09-01T10:00:00Z');
    const bot = await startRunningBot({}, () => clock);
    try {
      await writeFixture(bot.store);
      const coordinator = teamsUser('Chris Coordinator');
      const member = teamsUser('Mo Member');
      await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
      await registerTeamsPerson(bot.store, member, ['member']);
      const refused = await postActivity(bot.url, messageActivity('grants report 2026-27', { from: member }));
      expect(refused.activities[0]?.text).to.include('The grants round is for forum coordinators');
      const wrong = await postActivity(bot.url, messageActivity('grants report 2026-28', { from: coordinator }));
      expect(wrong.activities[0]?.text).to.include('is not a financial year');
      const answer = await postActivity(bot.url, messageActivity('grants report 2026-27', { from: coordinator }));
      const text = String(answer.activities[0]?.text);
      expect(text).to.include('Council grant: budget £5,000, awarded £1,100, paid £1,200.');
      const [wordUrl, csvUrl] = [...text.matchAll(/(http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43})/g)].map((m) => m[1] ?? '');
      const csv = await fetch(csvUrl ?? '');
      expect(csv.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
      const rows = (await csv.text()).trim().split('\n');
      expect(rows).to.include.members(['council grant,awarded,2,1100', 'council grant,paid,,1200', 'all sources,awarded not yet paid,,750', 'by ward,Boston Castle,2,1800', 'outcomes,people reached,50,', 'outstanding,monitoring returns overdue,1,']);
      const word = await fetch(wordUrl ?? '');
      expect(word.headers.get('content-type')).to.equal('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const docx = Buffer.from(await word.arrayBuffer());
      const xml = zipEntry(docx, 'word/document.xml').toString('utf8');
      expect(xml).to.include('monitoring report 2026-27').and.include('Budget £5,000; 2 awards totalling £1,100; paid £1,200; awarded but not yet paid £600.').and.include('Boston Castle');
      const png = zipEntryNamed(docx, /^word\/media\/.+\.png$/);
      expect(png.subarray(1, 4).toString('ascii')).to.equal('PNG');
    } finally {
      await bot.stop();
    }
  });
});

/** The bytes of one file in a zip (a .docx), read from its local header (stored or deflated). */
function zipEntry(zip: Buffer, name: string): Buffer {
  return zipEntryNamed(zip, new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
}

function zipEntryNamed(zip: Buffer, name: RegExp): Buffer {
  for (let at = zip.indexOf('PK\x03\x04', 0, 'latin1'); at >= 0; at = zip.indexOf('PK\x03\x04', at + 4, 'latin1')) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const entry = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    if (!name.test(entry)) continue;
    const data = zip.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    return method === 8 ? inflateRawSync(data) : data;
  }
  throw new Error(`no ${String(name)} in the zip`);
}
