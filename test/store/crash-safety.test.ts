import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import { openStore } from '../../src/store/open-store.ts';
import { putMinimalPlan, removeTempDataDirs, tempDataDir } from './store-fixtures.ts';

const CHILD = path.resolve(import.meta.dirname, 'write-loop-child.ts');
const KILLS = 12;

/** Runs the writer until it has acknowledged `acks` writes (or 10 s pass), then SIGKILLs it. */
function writeThenKill(dataDir: string, first: number, acks: number, extraDelayMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(first), '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let stderr = '';
    let buffered = '';
    const deadline = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ack (\d+)$/.exec(line);
        if (match) acked.push(Number(match[1]));
        if (acked.length === acks) setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
      }
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own: ${stderr}`));
      else resolve(acked);
    });
  });
}

describe('store crash safety', function () {
  this.timeout(120_000);
  after(removeTempDataDirs);

  it('keeps every acknowledged write through repeated kill -9 of a writing process, and always loads', async () => {
    const dataDir = tempDataDir();
    const setup = await openStore({ dataDir });
    await putMinimalPlan(setup, 1);
    await setup.close();

    const acknowledged: number[] = [];
    let next = 1;
    for (let round = 0; round < KILLS; round += 1) {
      // Kill at varied moments: after a few or many acks, sometimes immediately, sometimes a little later.
      const acked = await writeThenKill(dataDir, next, 3 + ((round * 7) % 25), round % 3);
      acknowledged.push(...acked);
      next = Math.max(next, ...acked) + 2;
    }
    expect(acknowledged.length).to.be.greaterThan(KILLS * 3);

    const repo = await openStore({ dataDir });
    try {
      const missing = acknowledged.filter((n) => (n % 2 === 0 ? !repo.get('intelReports', `INT-${n}`) : !milestoneHistory(repo, 'BSC-0.1-M1').some((u) => u.commentary === `update ${n}`)));
      expect(missing, 'acknowledged writes missing after the kills').to.deep.equal([]);
      const milestone = repo.get('milestones', 'BSC-0.1-M1');
      const history = milestoneHistory(repo, 'BSC-0.1-M1');
      expect(milestone?.version, 'version = 1 + number of history entries').to.equal(1 + history.length);
      expect(history.map((u) => u.version)).to.deep.equal(history.map((_, i) => i + 2));
      const audited = await repo.readAudit({ collection: 'intelReports' });
      const auditedIds = new Set(audited.map((e) => e.recordId));
      expect(acknowledged.filter((n) => n % 2 === 0 && !auditedIds.has(`INT-${n}`)), 'acknowledged writes missing from the audit log').to.deep.equal([]);
    } finally {
      await repo.close();
    }
  });
});
