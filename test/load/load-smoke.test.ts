// `npm run load`, small and short: the real bot process, 6 officers on Teams and Slack for 3 s,
// every action answered correctly, a graceful shutdown, and the store check passing afterwards.
// Timings are reported, never asserted (this machine's speed varies); errors are.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { runLoad } from '../../bench/load/load-harness.ts';
import { COMMANDS } from '../../bench/load/recorder.ts';
import { writeLoadReport, type LoadReport } from '../../bench/load/load-report.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';

describe('load harness: a short run', function () {
  this.timeout(90_000);
  let report: LoadReport;
  const log: string[] = [];

  before(async () => {
    report = await runLoad({ users: 6, seconds: 3, thinkMs: 0, soak: false, sampleEveryMs: 60_000, log: (m) => log.push(m) });
  });
  after(removeTempDirs);

  it('answers every action of both platforms without an error', () => {
    expect(report.errors, log.join('\n')).to.deep.include({ total: 0 });
    expect(report.options).to.include({ teamsUsers: 3, slackUsers: 3 });
    const ran = new Set(report.commands.filter((c) => c.platform !== 'both' && c.count > 0).map((c) => `${c.platform} ${c.command}`));
    // Reads and the first steps of each write happen in any 3-second run; every action was at least tried.
    expect(ran.size, [...ran].join(', ')).to.be.greaterThan(6);
    expect(report.commands.filter((c) => c.platform === 'both').map((c) => c.command)).to.include.members(['list', 'update.form']);
    expect([...COMMANDS]).to.include.members(report.commands.map((c) => c.command));
  });

  it('shuts the bot down gracefully and finds every acknowledged write in the store', () => {
    expect(report.shutdown.code).to.equal(0);
    expect(report.verification.problems).to.deep.equal([]);
    expect(report.verification.ok).to.equal(true);
    expect(report.writes.updates + report.writes.reports + report.writes.rsvps, 'some writes were acknowledged').to.be.greaterThan(0);
    expect(report.serverLog.lines.error ?? 0, report.serverLog.problems.join('\n')).to.equal(0);
  });

  it('writes load-latest.md and load-latest.json with the targets and the memory of the bot process', () => {
    const folder = makeTempDir('scf-load-out-');
    const files = writeLoadReport(report, folder);
    expect(files.markdown).to.equal(path.join(folder, 'load-latest.md'));
    expect(existsSync(files.json)).to.equal(true);
    const markdown = readFileSync(files.markdown, 'utf8');
    expect(markdown).to.include('| Target | Value | Limit | Met |').and.include('Verification passed');
    expect(report.memory.samples.length).to.be.at.least(2);
    expect(report.memory.samples[0]?.heapUsedMB).to.be.greaterThan(0);
  });
});
