// Fault: a crash loop, kill -9 of the real bot process again and again while partner officers on
// Teams and Slack keep working, each time restarted on the same data folder. Actions running at a
// kill fail (they were never acknowledged); everything an officer was told was saved must be in the
// store at the end, with complete histories, and the bot must come back every time (a torn journal
// line or a stale lock must not stop it). The store-level version of this (a writer killed a dozen
// times) is test/store/crash-safety.test.ts; this one goes through HTTP, both channels and the app.
import { expect } from 'chai';
import { runLoad } from '../../bench/load/load-harness.ts';
import type { LoadReport } from '../../bench/load/load-report.ts';

describe('fault: a crash loop (kill -9) during mixed load', function () {
  this.timeout(120_000);
  let report: LoadReport;
  const log: string[] = [];

  before(async () => {
    report = await runLoad({ users: 6, seconds: 8, thinkMs: 0, soak: false, sampleEveryMs: 60_000, crashes: 2, log: (m) => log.push(m) });
  });

  it('comes back after every kill -9, on the same data', () => {
    expect(report.crashes.kills, log.join('\n')).to.equal(2);
    expect(report.crashes.restartMs).to.have.length(report.crashes.kills);
    expect(report.errors.lostInCrash, 'actions were cut off by the kills').to.be.greaterThan(0);
  });

  it('answers correctly whenever it is up (no errors outside the crashes)', () => {
    expect(report.errors.byReason).to.deep.equal({});
    expect(report.serverLog.lines.error ?? 0, report.serverLog.problems.join('\n')).to.equal(0);
  });

  it('loses no acknowledged write: every update, report and reply is in the store, histories complete', () => {
    expect(report.verification.problems).to.deep.equal([]);
    expect(report.writes.updates, 'updates were acknowledged').to.be.greaterThan(0);
    expect(report.writes.reports + report.writes.rsvps).to.be.greaterThan(0);
    expect(report.shutdown.code).to.equal(0);
  });
});
