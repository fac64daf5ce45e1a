import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { ForumError } from '../../src/domain/errors.ts';
import { openStore } from '../../src/store/open-store.ts';
import { putMinimalPlan, removeTempDataDirs, tempDataDir } from './store-fixtures.ts';

const OPEN_CHILD = `
  import { openStore } from ${JSON.stringify(path.resolve(import.meta.dirname, '../../src/store/open-store.ts'))};
  try { const repo = await openStore({ dataDir: process.argv[1] }); console.log('opened'); if (process.argv[2] === 'hold') setInterval(() => {}, 1000); else await repo.close(); }
  catch (e) { console.log(e.code + ': ' + e.message); process.exitCode = 3; }
`;

function runChild(dataDir: string, mode: 'open' | 'hold') {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', OPEN_CHILD, dataDir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
  const opened = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('opened') && resolve());
    void exited.then((r) => reject(new Error(`child exited before opening: ${r.out}`)));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  void exited.then(() => clearTimeout(timer));
  return { child, exited, opened };
}

describe('store: one writer per data folder, and backups', function () {
  this.timeout(60_000);
  after(removeTempDataDirs);

  it('refuses a second process while the first holds the folder, and lets it in once the first is gone', async () => {
    const dataDir = tempDataDir();
    const holder = runChild(dataDir, 'hold');
    await holder.opened;

    const second = await runChild(dataDir, 'open').exited;
    expect(second.code).to.equal(3);
    expect(second.out).to.include('STORE_LOCKED').and.include(dataDir).and.include(`pid ${holder.child.pid}`);

    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(existsSync(path.join(dataDir, 'store.lock')), 'a killed process leaves its lock behind').to.equal(true);
    const third = await runChild(dataDir, 'open').exited;
    expect(third.out).to.include('opened');
    expect(third.code).to.equal(0);
    expect(existsSync(path.join(dataDir, 'store.lock')), 'released on a normal close').to.equal(false);
  });

  it('refuses a second open in the same process too', async () => {
    const dataDir = tempDataDir();
    const repo = await openStore({ dataDir });
    try {
      const error = await openStore({ dataDir }).then(() => undefined, (e: unknown) => e);
      expect((error as ForumError).code).to.equal('STORE_LOCKED');
    } finally {
      await repo.close();
    }
  });

  it('writes a dated backup at every start and keeps only the configured number', async () => {
    const dataDir = tempDataDir();
    let clock = Date.parse('2026-03-01T09:00:00Z');
    for (let start = 0; start < 5; start += 1) {
      const repo = await openStore({ dataDir, backupsKeep: 3, now: () => new Date((clock += 60_000)) });
      if (start === 0) await putMinimalPlan(repo, 2);
      await repo.close();
    }
    const backups = readdirSync(path.join(dataDir, 'backups')).sort();
    expect(backups).to.have.length(3);
    expect(backups[0], 'named by the store clock').to.match(/^backup-2026-03-01T09-\d\d-/);
    const newest = JSON.parse(readFileSync(path.join(dataDir, 'backups', backups.at(-1) ?? ''), 'utf8'));
    expect(newest.format).to.equal('scf-backup');
    expect(newest.collections.milestones).to.have.length(2);
  });
});

describe('store: restoring a backup', () => {
  after(removeTempDataDirs);

  it('replaces the data with the backup, keeps the replaced files aside, and audits the restore', async () => {
    const { restoreBackup } = await import('../../src/store/restore-backup.ts');
    const dataDir = tempDataDir();
    const repo = await openStore({ dataDir });
    await putMinimalPlan(repo, 2);
    const backup = await repo.backup('before-mistake');
    await putMinimalPlan(repo, 5);
    await repo.close();

    const { movedAsideTo } = await restoreBackup(dataDir, backup, new Date());
    expect(readdirSync(movedAsideTo)).to.include.members(['meta.json', 'collections']);
    const restored = await openStore({ dataDir });
    try {
      expect(restored.count('milestones')).to.equal(2);
      await restored.transact({ actor: { name: 'op' }, via: 'cli' }, (tx) => tx.note({ action: 'store.restore' }));
      const [latest] = await restored.readAudit({ limit: 1 });
      expect(latest?.action, 'new audit entries continue after the restore').to.equal('store.restore');
    } finally {
      await restored.close();
    }
  });

  it('refuses a file that is not a backup and changes nothing', async () => {
    const { restoreBackup } = await import('../../src/store/restore-backup.ts');
    const dataDir = tempDataDir();
    const repo = await openStore({ dataDir });
    await putMinimalPlan(repo, 2);
    await repo.close();
    const error = await restoreBackup(dataDir, path.join(dataDir, 'meta.json'), new Date()).then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).to.include('is not a usable backup');
    const again = await openStore({ dataDir });
    expect(again.count('milestones')).to.equal(2);
    await again.close();
  });
});
