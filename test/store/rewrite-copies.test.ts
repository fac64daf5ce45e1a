// Repository.rewriteCopies on a real store in a temp folder: the copies besides the live records
// (backups, a journal and a snapshot set aside, the audit log) are rewritten by content; a file the
// store cannot read is left as it is and reported; the rewrite is audited with its counts.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { listBackups, readBackup } from '../../src/store/backups.ts';
import { recordCodec } from '../../src/store/field-cipher.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { CopyRewrite, Repository } from '../../src/store/repository.ts';
import { anIntelReport, removeTempDataDirs, tempDataDir, testCtx } from './store-fixtures.ts';

const SECRET = 'Text that must leave every copy';
const scrub: CopyRewrite = {
  records: { intelReports: (r) => (r.description === SECRET ? { ...r, description: '[removed]' } : undefined) },
  auditEvent: (e) => (e.actor.account === 'teams:secret-account' ? { ...e, actor: { name: 'pseudonym-1' } } : undefined),
};

describe('store: rewriting the copies of the data', () => {
  let dataDir: string;
  let repo: Repository;
  beforeEach(async () => {
    dataDir = tempDataDir();
    repo = await openStore({ dataDir, now: () => new Date('2026-06-01T10:00:00.000Z') });
    await repo.transact({ actor: { name: 'Sam Secret', account: 'teams:secret-account' }, via: 'teams' }, (tx) => tx.put('intelReports', anIntelReport({ description: SECRET }), { action: 'test.setup' }));
  });
  afterEach(async () => repo.close());
  after(removeTempDataDirs);

  it('rewrites backups, a set-aside journal and snapshot, and the audit log; reports an unreadable file untouched; audits the counts', async () => {
    await repo.backup('test');
    // Copies as the store leaves them after an outside change: the journal (which holds the put) and a snapshot, set aside.
    copyFileSync(path.join(dataDir, 'journal.jsonl'), path.join(dataDir, 'journal.jsonl.changed-2026-06-01T10-00-00-000Z'));
    writeFileSync(path.join(dataDir, 'collections', 'intelReports.json.changed-2026-06-01T10-00-00-000Z'), JSON.stringify({ schemaVersion: 4, appliedSeq: 1, records: [anIntelReport({ description: SECRET })] }));
    writeFileSync(path.join(dataDir, 'notes-by-an-operator.txt'), 'not JSON at all');

    const outcome = await repo.rewriteCopies(testCtx, { action: 'test.rewrite' }, scrub);

    expect(outcome.unreadable).to.deep.equal(['notes-by-an-operator.txt']);
    expect(outcome.files).to.include.members(['journal.jsonl.changed-2026-06-01T10-00-00-000Z', 'collections/intelReports.json.changed-2026-06-01T10-00-00-000Z', 'audit.jsonl']);
    expect(outcome.files.filter((f) => f.startsWith('backups/'))).to.have.length.greaterThan(0);
    for (const file of outcome.files) {
      const text = readFileSync(path.join(dataDir, file), 'utf8');
      expect(text, file).to.not.include(SECRET).and.not.include('secret-account').and.not.include('Sam Secret');
    }
    expect(readFileSync(path.join(dataDir, 'notes-by-an-operator.txt'), 'utf8')).to.equal('not JSON at all');
    expect(readFileSync(path.join(dataDir, 'collections', 'intelReports.json'), 'utf8'), 'the live snapshot holds the live record').to.include(SECRET);

    // The audit log goes on after its rewrite: the note of the rewrite itself, then later changes.
    await repo.transact(testCtx, (tx) => tx.note({ action: 'test.after' }));
    const actions = (await repo.readAudit()).map((e) => e.action);
    expect(actions.slice(0, 2)).to.deep.equal(['test.after', 'test.rewrite']);
    const note = (await repo.readAudit()).find((e) => e.action === 'test.rewrite');
    expect(note?.detail).to.deep.include({ unreadableFiles: ['notes-by-an-operator.txt'] });
    expect(Number(note?.detail?.records)).to.be.greaterThan(2);
    expect(Number(note?.detail?.auditEvents)).to.be.greaterThan(0);
  });

  it('changes nothing and writes no file when no copy needs it', async () => {
    await repo.backup('test');
    const outcome = await repo.rewriteCopies(testCtx, { action: 'test.rewrite' }, { records: { intelReports: () => undefined } });
    expect(outcome).to.deep.equal({ files: [], records: 0, auditEvents: 0, unreadable: [] });
  });

  it('opens encrypted copies to rewrite them, and encrypts them again under the key', async () => {
    const codec = recordCodec({ current: randomBytes(32) });
    const encryptedDir = tempDataDir();
    const store = await openStore({ dataDir: encryptedDir, now: () => new Date('2026-06-01T10:00:00.000Z'), codec });
    try {
      await store.transact(testCtx, (tx) => tx.put('intelReports', anIntelReport({ id: 'INT-ENC', description: SECRET }), { action: 'test.setup' }));
      await store.backup('test');
      const outcome = await store.rewriteCopies(testCtx, { action: 'test.rewrite' }, scrub);
      expect(outcome.unreadable).to.deep.equal([]);
      const backups = await listBackups(encryptedDir);
      const backup = backups.find((f) => f.endsWith('-test.json'));
      const raw = readFileSync(String(backup), 'utf8');
      expect(raw).to.include('enc:v1:').and.not.include('[removed]').and.not.include(SECRET);
      const stored = (await readBackup(String(backup), codec)).collections.intelReports?.find((r) => (r as { id?: string }).id === 'INT-ENC');
      expect(codec.decode('intelReports', stored as Record<string, unknown>).description).to.equal('[removed]');
    } finally {
      await store.close();
    }
  });
});
