// `npm run store:copy`, run as an operator runs it (a child process): a real data folder (the bench
// data set generator's quick size, plus the bot's own writes and audit) copied into a real
// PostgreSQL database and back into a new folder; counts and a SHA-256 per record and per audit
// event are printed as a table and checked; the bot opens each copy with the same records; a
// non-empty target is refused unless --replace; a mismatch is reported as one.
import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildDataset, QUICK_SIZE, writeDataset } from '../../bench/dataset.ts';
import { sharedPostgres } from '../../scripts/postgres-server.ts';
import { COLLECTION_NAMES } from '../../src/domain/model.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import { checksTable, compare, readPlace } from '../../src/store/store-copy.ts';
import { recordCodec } from '../../src/store/field-cipher.ts';
import { runNpmScript } from '../helpers/run-npm-script.ts';
import { anIntelReport, removeTempDataDirs, tempDataDir, testCtx } from './store-fixtures.ts';

/** Every record of every collection, by collection, sorted by id (to compare two stores). */
function contents(store: Repository): Record<string, unknown[]> {
  return Object.fromEntries(COLLECTION_NAMES.map((c) => [c, [...store.all(c)].sort((a, b) => a.id.localeCompare(b.id))]));
}

describe('npm run store:copy: a data folder into PostgreSQL and back', function () {
  this.timeout(180_000);
  after(removeTempDataDirs);

  it('copies both ways with the audit log, verifies every record, and refuses a non-empty target unless --replace', async () => {
    const folder = tempDataDir();
    await writeDataset(folder, buildDataset(QUICK_SIZE));
    // Writes made by the bot's own store: a change, a deletion, and a read noted in the audit.
    const json = await openStore({ dataDir: folder });
    await json.transact(testCtx, (tx) => tx.put('intelReports', anIntelReport({ id: 'INT-COPY-1' }), { action: 'intel.create' }));
    await json.transact(testCtx, (tx) => tx.note({ action: 'intel.read', collection: 'intelReports', recordId: 'INT-COPY-1' }));
    const someUpdate = json.all('milestoneUpdates')[0];
    if (someUpdate) await json.transact(testCtx, (tx) => tx.delete('milestoneUpdates', someUpdate.id, { action: 'test.delete' }));
    const expected = contents(json);
    const auditEvents = (await json.readAudit()).length;
    await json.close();

    const url = await (await sharedPostgres()).createDatabase();
    const env = { FORUM_ID: 'rotherham' };
    const into = await runNpmScript('store:copy', ['--from', folder, '--to', url], env);
    expect(into.code, into.stderr + into.stdout).to.equal(0);
    expect(into.stdout).to.match(/collection\s+source\s+target\s+same hash\s+differ/);
    expect(into.stdout).to.match(new RegExp(`intelReports\\s+${expected.intelReports?.length}\\s+${expected.intelReports?.length}\\s+${expected.intelReports?.length}\\s+0\\s+ok`));
    expect(into.stdout).to.match(new RegExp(`audit log\\s+${auditEvents}\\s+${auditEvents}\\s+${auditEvents}\\s+0\\s+ok`));
    expect(into.stdout).to.include('Copied and verified').and.not.include('MISMATCH');
    expect(into.stdout, 'the password is never printed').to.not.match(/postgres:\/\/[^@\s]*:[^@\s]*@/);

    // The bot on PostgreSQL (forum rotherham) holds the same records and audit log.
    const pgStore = await openStore({ dataDir: tempDataDir(), databaseUrl: url, forumId: 'rotherham' });
    try {
      expect(contents(pgStore)).to.deep.equal(expected);
      expect((await pgStore.readAudit()).length).to.equal(auditEvents);
      await pgStore.transact(testCtx, (tx) => tx.put('intelReports', anIntelReport({ id: 'INT-COPY-PG' }), { action: 'intel.create' }));
      expected.intelReports = contents(pgStore).intelReports ?? [];
    } finally {
      await pgStore.close();
    }

    // Copying again into the now non-empty forum is refused; nothing changes.
    const again = await runNpmScript('store:copy', ['--from', folder, '--to', url], env);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.include('already holds').and.include('--replace').and.include('Nothing was copied');

    // And back, into a new folder: the bot opens it with the same records and the audit log, the PostgreSQL write included.
    const back = path.join(tempDataDir(), 'copied-back');
    const out = await runNpmScript('store:copy', ['--from', url, '--to', back], env);
    expect(out.code, out.stderr + out.stdout).to.equal(0);
    expect(out.stdout).to.match(new RegExp(`audit log\\s+${auditEvents + 1}\\s+${auditEvents + 1}`));
    const reopened = await openStore({ dataDir: back });
    try {
      expect(contents(reopened)).to.deep.equal(expected);
      expect((await reopened.readAudit()).length).to.equal(auditEvents + 1);
    } finally {
      await reopened.close();
    }

    // A folder that is not empty is refused too, then replaced with --replace (its files moved aside, not deleted).
    const refused = await runNpmScript('store:copy', ['--from', url, '--to', back], env);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('is not empty').and.include('--replace');
    const replaced = await runNpmScript('store:copy', ['--from', url, '--to', back, '--replace'], env);
    expect(replaced.code, replaced.stderr).to.equal(0);
    expect(readdirSync(back).filter((name) => name.startsWith('replaced-'))).to.have.length(1);
    expect(existsSync(path.join(back, 'meta.json'))).to.equal(true);

    // --replace into the database: the forum's rows become the folder's again.
    const restored = await runNpmScript('store:copy', ['--from', folder, '--to', url, '--replace'], env);
    expect(restored.code, restored.stderr).to.equal(0);
    const fromFolder = await readPlace({ kind: 'folder', dir: folder }, recordCodec(), new Date());
    const inDatabase = await readPlace({ kind: 'postgres', url, forumId: 'rotherham' }, recordCodec(), new Date());
    expect(compare(fromFolder, inDatabase).every((c) => c.differ === 0)).to.equal(true);
    expect(inDatabase.dataset.intelReports.some((r) => r.id === 'INT-COPY-PG'), 'the database write was replaced').to.equal(false);
  });

  it('reports a record that differs, or is missing, as a mismatch', async () => {
    const folder = tempDataDir();
    await writeDataset(folder, buildDataset(QUICK_SIZE));
    const source = await readPlace({ kind: 'folder', dir: folder }, recordCodec(), new Date());
    const [first, second] = source.dataset.milestones;
    const target = { ...source, dataset: { ...source.dataset, milestones: [{ ...first, description: 'changed' }, ...source.dataset.milestones.slice(2)] }, audit: source.audit.slice(1) } as typeof source;
    const checks = compare(source, target);
    expect(checks.find((c) => c.name === 'milestones')).to.deep.include({ source: source.dataset.milestones.length, target: source.dataset.milestones.length - 1, differ: 2 });
    expect(checks.find((c) => c.name === 'audit log')?.differ).to.be.greaterThan(0);
    expect(checksTable(checks)).to.match(/milestones .* MISMATCH/);
    expect(second).to.not.equal(undefined);
  });

  it('says how to use it, and refuses two folders', async () => {
    const usage = await runNpmScript('store:copy', [], {});
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.include('usage: npm run store:copy');
    const twoFolders = await runNpmScript('store:copy', ['--from', tempDataDir(), '--to', tempDataDir()], {});
    expect(twoFolders.code).to.equal(1);
    expect(twoFolders.stderr).to.include('one side must be each');
  });
});
