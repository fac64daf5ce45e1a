import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { COLLECTION_NAMES } from '../../src/domain/model.ts';
import { milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import { openStore } from '../../src/store/open-store.ts';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { aMilestone, anAction, anOrganisation, aTheme, removeTempDataDirs, tempDataDir } from './store-fixtures.ts';

/** A data folder as version 1 wrote it: history inside each milestone, no version numbers. */
function writeVersion1Folder(dataDir: string): void {
  mkdirSync(path.join(dataDir, 'collections'), { recursive: true });
  const m1: Record<string, unknown> = { ...aMilestone({ id: 'BSC-0.1-M1', status: 'on-track' }) };
  const m2: Record<string, unknown> = { ...aMilestone({ id: 'BSC-0.1-M2' }) };
  delete m1.version;
  delete m2.version;
  const v1: Record<string, unknown[]> = {
    themes: [aTheme()],
    organisations: [anOrganisation()],
    actions: [anAction()],
    milestones: [
      { ...m1, history: [{ status: 'not-started', by: 'Coordinator', at: '2025-01-01T09:00:00.000Z' }, { status: 'on-track', commentary: 'Started', by: 'Coordinator', via: 'teams', at: '2025-02-01T09:00:00.000Z' }] },
      { ...m2, history: [] },
    ],
  };
  for (const c of COLLECTION_NAMES.filter((c) => c !== 'milestoneUpdates' && c !== 'links' && c !== 'receivedEvents')) {
    writeFileSync(path.join(dataDir, 'collections', `${c}.json`), JSON.stringify({ schemaVersion: 1, appliedSeq: 4, records: v1[c] ?? [] }));
  }
  writeFileSync(path.join(dataDir, 'meta.json'), JSON.stringify({ format: 'scf-store', schemaVersion: 1, createdAt: '2025-01-01T09:00:00.000Z', lastSeq: 4 }));
}

/** Collections each version added: a folder of an earlier version has no file for them. */
const ADDED_IN: Record<number, readonly string[]> = { 3: ['outbox'], 4: ['links'], 5: ['receivedEvents'], 6: ['grantRounds', 'grantApplications', 'grantScores', 'grantDecisions', 'grantPayments', 'grantReturns'] };

/** A data folder as `version` (2 or later) wrote it: only the collections it knew. */
function writeFolderOfVersion(dataDir: string, version: number): void {
  mkdirSync(path.join(dataDir, 'collections'), { recursive: true });
  const records: Record<string, unknown[]> = { themes: [aTheme()], organisations: [anOrganisation()], actions: [anAction()], milestones: [aMilestone({ id: 'BSC-0.1-M1' })] };
  const later = Object.entries(ADDED_IN).filter(([v]) => Number(v) > version).flatMap(([, names]) => names);
  for (const c of COLLECTION_NAMES.filter((c) => !later.includes(c))) {
    writeFileSync(path.join(dataDir, 'collections', `${c}.json`), JSON.stringify({ schemaVersion: version, appliedSeq: 3, records: records[c] ?? [] }));
  }
  writeFileSync(path.join(dataDir, 'meta.json'), JSON.stringify({ format: 'scf-store', schemaVersion: version, createdAt: '2025-06-01T09:00:00.000Z', lastSeq: 3 }));
}

describe('store: schema migrations', () => {
  after(removeTempDataDirs);

  it('migrates a version 1 folder on open, after backing it up, and records the new version', async () => {
    const dataDir = tempDataDir();
    writeVersion1Folder(dataDir);
    const originalMilestones = readFileSync(path.join(dataDir, 'collections', 'milestones.json'), 'utf8');

    const repo = await openStore({ dataDir });
    try {
      expect(repo.get('milestones', 'BSC-0.1-M1')?.version).to.equal(2);
      expect(repo.get('milestones', 'BSC-0.1-M2')?.version).to.equal(1);
      const history = milestoneHistory(repo, 'BSC-0.1-M1');
      expect(history.map((u) => [u.version, u.status, u.via])).to.deep.equal([[1, 'not-started', 'import'], [2, 'on-track', 'teams']]);
      expect(repo.get('milestones', 'BSC-0.1-M1')).to.not.have.property('history');
      expect(repo.info().schemaVersion).to.equal(CURRENT_SCHEMA_VERSION);
    } finally {
      await repo.close();
    }

    const backups = readdirSync(path.join(dataDir, 'backups'));
    const preMigration = backups.find((name) => name.startsWith('pre-migration-v1-'));
    expect(preMigration, `backups: ${backups.join(', ')}`).to.be.a('string');
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'backups', preMigration ?? ''), 'utf8'));
    expect(saved.schemaVersion).to.equal(1);
    expect(saved.collections.milestones).to.deep.equal(JSON.parse(originalMilestones).records);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'meta.json'), 'utf8')).schemaVersion).to.equal(CURRENT_SCHEMA_VERSION);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'collections', 'milestones.json'), 'utf8')).schemaVersion).to.equal(CURRENT_SCHEMA_VERSION);

    // A second open finds nothing to migrate.
    const again = await openStore({ dataDir });
    await again.close();
    expect(readdirSync(path.join(dataDir, 'backups')).filter((n) => n.startsWith('pre-migration-'))).to.have.length(1);
  });

  it('opens a version 2 folder (before the outbox and links existed) with both collections empty, after a backup', async () => {
    const dataDir = tempDataDir();
    writeFolderOfVersion(dataDir, 2);
    const repo = await openStore({ dataDir });
    try {
      expect(repo.all('outbox')).to.deep.equal([]);
      expect(repo.count('links')).to.equal(0);
      expect(repo.get('milestones', 'BSC-0.1-M1')?.id).to.equal('BSC-0.1-M1');
      expect(repo.info().schemaVersion).to.equal(CURRENT_SCHEMA_VERSION);
    } finally {
      await repo.close();
    }
    expect(readdirSync(path.join(dataDir, 'backups')).filter((n) => n.startsWith('pre-migration-v2-'))).to.have.length(1);
    for (const c of ['outbox', 'links']) {
      expect(JSON.parse(readFileSync(path.join(dataDir, 'collections', `${c}.json`), 'utf8')), c).to.deep.include({ schemaVersion: CURRENT_SCHEMA_VERSION, records: [] });
    }
  });

  it('opens a version 4 folder (before receivedEvents existed) with that collection empty, after a backup, and names the step', async () => {
    const dataDir = tempDataDir();
    writeFolderOfVersion(dataDir, 4);
    const repo = await openStore({ dataDir });
    try {
      expect(repo.all('receivedEvents')).to.deep.equal([]);
      expect(repo.get('milestones', 'BSC-0.1-M1')?.id).to.equal('BSC-0.1-M1');
      expect(repo.info().schemaVersion).to.equal(CURRENT_SCHEMA_VERSION);
    } finally {
      await repo.close();
    }
    expect(readdirSync(path.join(dataDir, 'backups')).filter((n) => n.startsWith('pre-migration-v4-'))).to.have.length(1);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'collections', 'receivedEvents.json'), 'utf8'))).to.deep.include({ schemaVersion: CURRENT_SCHEMA_VERSION, records: [] });
    expect(JSON.parse(readFileSync(path.join(dataDir, 'meta.json'), 'utf8')).schemaVersion).to.equal(CURRENT_SCHEMA_VERSION);
  });

  it('opens a version 5 folder (before the grants fund) with the six grants collections empty, after a backup', async () => {
    const dataDir = tempDataDir();
    writeFolderOfVersion(dataDir, 5);
    const grants = COLLECTION_NAMES.filter((c) => c.startsWith('grant'));
    expect(grants).to.have.length(6);
    const repo = await openStore({ dataDir });
    try {
      for (const c of grants) expect(repo.count(c), c).to.equal(0);
      expect(repo.get('milestones', 'BSC-0.1-M1')?.id).to.equal('BSC-0.1-M1');
      expect(repo.info().schemaVersion).to.equal(6);
    } finally {
      await repo.close();
    }
    expect(readdirSync(path.join(dataDir, 'backups')).filter((n) => n.startsWith('pre-migration-v5-'))).to.have.length(1);
    for (const c of grants) {
      expect(JSON.parse(readFileSync(path.join(dataDir, 'collections', `${c}.json`), 'utf8')), c).to.deep.include({ schemaVersion: 6, records: [] });
    }
  });
});
