import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ForumError } from '../../src/domain/errors.ts';
import { openStore } from '../../src/store/open-store.ts';
import { putMinimalPlan, removeTempDataDirs, tempDataDir } from './store-fixtures.ts';

const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function refusal(dataDir: string): Promise<ForumError> {
  try {
    const repo = await openStore({ dataDir });
    await repo.close();
  } catch (error) {
    expect(error).to.be.instanceOf(ForumError);
    return error as ForumError;
  }
  throw new Error('the store opened although it should have refused');
}

/** A closed store with a plan, two backups and everything checkpointed into the snapshot files. */
async function preparedFolder(): Promise<string> {
  const dataDir = tempDataDir();
  const repo = await openStore({ dataDir });
  await putMinimalPlan(repo, 3);
  await repo.close();
  const again = await openStore({ dataDir });
  await again.close();
  return dataDir;
}

describe('store: damaged or foreign data is refused and never overwritten', () => {
  after(removeTempDataDirs);

  it('refuses a truncated collection file, naming the file, the problem and the newest good backup', async () => {
    const dataDir = await preparedFolder();
    const file = path.join(dataDir, 'collections', 'milestones.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
    const before = hashOf(file);
    const error = await refusal(dataDir);
    expect(error.code).to.equal('STORE_DAMAGED');
    expect(error.message).to.include(file).and.include('not valid JSON');
    const newest = readdirSync(path.join(dataDir, 'backups')).sort().at(-1);
    expect(error.message).to.include(`newest good backup is ${path.join(dataDir, 'backups', newest ?? '?')}`);
    expect(hashOf(file), 'the damaged file must be left exactly as it was').to.equal(before);
    expect(await refusal(dataDir).then((e) => e.code), 'the lock was released after the refusal').to.equal('STORE_DAMAGED');
  });

  it('refuses a hand edit that breaks the schema, saying which record and field', async () => {
    const dataDir = await preparedFolder();
    const file = path.join(dataDir, 'collections', 'milestones.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.records[1].status = 'nearly-done';
    writeFileSync(file, JSON.stringify(data));
    const before = hashOf(file);
    const error = await refusal(dataDir);
    expect(error.code).to.equal('STORE_DAMAGED');
    expect(error.message).to.include(file).and.include('record "BSC-0.1-M2"').and.include('field status');
    expect(hashOf(file)).to.equal(before);
  });

  it('refuses an impossible date written by hand (2024-02-30), naming the record and field', async () => {
    const dataDir = await preparedFolder();
    const file = path.join(dataDir, 'collections', 'milestones.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.records[1].revisedDue = '2024-02-30';
    writeFileSync(file, JSON.stringify(data));
    const error = await refusal(dataDir);
    expect(error.code).to.equal('STORE_DAMAGED');
    expect(error.message).to.include('record "BSC-0.1-M2"').and.include('field revisedDue').and.include('real date');
  });

  it('refuses an empty file and a file holding null', async () => {
    for (const content of ['', 'null']) {
      const dataDir = await preparedFolder();
      writeFileSync(path.join(dataDir, 'collections', 'actions.json'), content);
      const error = await refusal(dataDir);
      expect(error.code, `content ${JSON.stringify(content)}`).to.equal('STORE_DAMAGED');
    }
  });

  it('refuses a journal damaged in the middle (not just cut short by a crash)', async () => {
    const dataDir = tempDataDir();
    const repo = await openStore({ dataDir, checkpointEvery: 1000 });
    await putMinimalPlan(repo, 1);
    await repo.transact({ actor: { name: 't' }, via: 'cli' }, (tx) => tx.note({ action: 'test.read' }));
    // Simulate a process that dies without closing: copy the journal before close empties it.
    const journal = path.join(dataDir, 'journal.jsonl');
    const lines = readFileSync(journal, 'utf8').split('\n');
    await repo.close();
    writeFileSync(journal, [lines[0], '{"seq": "garbage"', lines[1], ''].join('\n'));
    const error = await refusal(dataDir);
    expect(error.code).to.equal('STORE_DAMAGED');
    expect(error.message).to.include('journal.jsonl').and.include('line 2');
  });

  it('drops only a torn final journal line, which was never acknowledged', async () => {
    const dataDir = await preparedFolder();
    appendFileSync(path.join(dataDir, 'journal.jsonl'), '{"seq": 99, "at": "2026-');
    const repo = await openStore({ dataDir });
    try {
      expect(repo.count('milestones')).to.equal(3);
    } finally {
      await repo.close();
    }
  });

  it('refuses data written by a newer schema version', async () => {
    const dataDir = await preparedFolder();
    const meta = path.join(dataDir, 'meta.json');
    writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), schemaVersion: 99 }));
    const error = await refusal(dataDir);
    expect(error.code).to.equal('STORE_TOO_NEW');
    expect(error.message).to.include('schema version 99');
  });
});
