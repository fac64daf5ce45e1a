// Fault: SIGTERM while partner officers are using the bot (a redeploy, a host restart). The bot
// must stop accepting new requests, answer every request it had accepted (Slack work that runs
// after its acknowledgement included), write everything to the snapshots, release the data-folder
// lock and exit 0; afterwards every change an officer was told was saved must be in the store.
// The real bot process (src/main.ts) under the load harness, SIGTERM 2 s into a 5 s run.
import { expect } from 'chai';
import { runLoad } from '../../bench/load/load-harness.ts';
import type { LoadReport } from '../../bench/load/load-report.ts';

describe('fault: SIGTERM during load', function () {
  this.timeout(90_000);
  let report: LoadReport;
  const log: string[] = [];

  before(async () => {
    report = await runLoad({ users: 12, seconds: 5, thinkMs: 0, soak: false, sampleEveryMs: 60_000, sigtermAfterMs: 2000, log: (m) => log.push(m) });
  });

  it('answers every request it had accepted; later ones find it no longer accepting', () => {
    expect(report.errors.byReason, log.join('\n')).to.deep.equal({});
    expect(report.errors.total).to.equal(0);
    expect(report.errors.refusedAfterShutdown, 'the officers went on after the SIGTERM').to.be.greaterThan(0);
  });

  // How long the shutdown takes is measured by the load run (`npm run load`), not asserted here.
  it('exits 0 (a clean stop, not its forced-exit deadline), with the journal written out and the lock released', () => {
    expect(report.shutdown.code).to.equal(0);
    expect(report.shutdown.journalBytes, 'journal emptied into the snapshots').to.equal(0);
    expect(report.shutdown.lockReleased).to.equal(true);
    expect(report.serverLog.lines.error ?? 0, report.serverLog.problems.join('\n')).to.equal(0);
  });

  it('loses nothing that was acknowledged', () => {
    expect(report.verification.problems).to.deep.equal([]);
    expect(report.writes.updates + report.writes.reports + report.writes.rsvps).to.be.greaterThan(0);
  });
});
