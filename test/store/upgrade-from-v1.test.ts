// Upgrading from the first data format: a realistic schema version 1 folder (test/fixtures/data-v1/,
// see its README for how it was made) is opened by the whole app, as `npm start` would after an
// upgrade. It is migrated with nothing lost (every record, every history entry, the change still in
// the journal, the audit log), the pre-upgrade data is kept as a backup that restores, and the bot
// answers real HTTP turns from the migrated data. test/store/migration.test.ts covers the
// migration step itself on a minimal folder.
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { COLLECTION_NAMES } from '../../src/domain/model.ts';
import { milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/open-store.ts';
import { restoreBackup } from '../../src/store/restore-backup.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardOf, cardText, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';

const FIXTURE = path.join('test', 'fixtures', 'data-v1', 'folder');
/** A week after the fixture's last change; before the intelligence report's retention date. */
const NOW = new Date('2025-07-08T09:00:00.000Z');
const ADMIN = teamsUser('Alex Morgan', '6f1c2d3e-1111-4000-8000-00000000abcd');

type RawRecord = Record<string, unknown> & { id: string };
type HistoryEntry = Record<string, unknown>;

/** The fixture as version 1 left it: snapshot records with the journal's later transactions applied. */
function readVersion1(folder: string): { collections: Record<string, RawRecord[]>; auditLines: string[]; journalAudit: unknown[] } {
  const collections: Record<string, RawRecord[]> = {};
  const journalAudit: unknown[] = [];
  for (const file of readdirSync(path.join(folder, 'collections'))) {
    const parsed = JSON.parse(readFileSync(path.join(folder, 'collections', file), 'utf8')) as { schemaVersion: number; records: RawRecord[] };
    expect(parsed.schemaVersion, file).to.equal(1);
    collections[file.replace(/\.json$/, '')] = parsed.records;
  }
  for (const line of readFileSync(path.join(folder, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const transaction = JSON.parse(line) as { ops: { op: string; c: string; r?: RawRecord; id?: string }[]; audit: unknown[] };
    journalAudit.push(...transaction.audit);
    for (const op of transaction.ops) {
      const records = (collections[op.c] ??= []);
      const id = op.r?.id ?? op.id;
      const at = records.findIndex((r) => r.id === id);
      if (op.op === 'put' && op.r && at === -1) records.push(op.r);
      else if (op.op === 'put' && op.r) records[at] = op.r;
      if (op.op === 'del' && at !== -1) records.splice(at, 1);
    }
  }
  return { collections, auditLines: readFileSync(path.join(folder, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean), journalAudit };
}

const byId = (records: readonly object[]) => [...records].sort((a, b) => String((a as RawRecord).id).localeCompare(String((b as RawRecord).id)));
const without = (record: object, ...keys: string[]) => Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
const historyOf = (milestone: RawRecord): HistoryEntry[] => (Array.isArray(milestone.history) ? (milestone.history as HistoryEntry[]) : []);

describe('upgrade: a data folder written in schema version 1, opened by the current app', function () {
  this.timeout(30_000);
  let bot: RunningBot;
  let dataDir: string;
  let v1: ReturnType<typeof readVersion1>;

  before(async () => {
    expect(JSON.parse(readFileSync(path.join(FIXTURE, 'meta.json'), 'utf8')).schemaVersion, 'the fixture is version 1').to.equal(1);
    dataDir = path.join(makeTempDir('scf-upgrade-'), 'data');
    cpSync(FIXTURE, dataDir, { recursive: true });
    v1 = readVersion1(dataDir);
    bot = await startRunningBot({ DATA_DIR: dataDir }, () => NOW);
  });
  after(async () => {
    await bot?.stop();
    removeTempDirs();
  });

  it('is migrated to the current schema on start, and the files say so', () => {
    expect(bot.store.info().schemaVersion).to.equal(CURRENT_SCHEMA_VERSION);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'meta.json'), 'utf8')).schemaVersion).to.equal(CURRENT_SCHEMA_VERSION);
    for (const c of COLLECTION_NAMES) {
      expect(JSON.parse(readFileSync(path.join(dataDir, 'collections', `${c}.json`), 'utf8')).schemaVersion, c).to.equal(CURRENT_SCHEMA_VERSION);
    }
    expect(bot.logs.find((l) => l.msg === 'store opened')?.migrations).to.deep.equal([
      'v1 -> v2: milestone history moves to milestoneUpdates; milestones gain a version',
      'v2 -> v3: adds the outbox of private messages not delivered yet (empty)',
      'v3 -> v4: adds the links collection (download links, stored hashed)',
      'v4 -> v5: adds receivedEvents (platform event ids recently handled, to answer a retry once)',
      'v5 -> v6: adds the grants fund collections (empty)',
    ]);
  });

  it('keeps every record of every other collection exactly as it was', () => {
    expect(v1.collections.jobs, 'the first version planned no jobs').to.deep.equal([]);
    for (const c of ['themes', 'organisations', 'actions', 'people', 'intelReports', 'meetings', 'subscriptions'] as const) {
      expect(v1.collections[c]?.length, `${c} in the fixture`).to.be.greaterThan(0);
      expect(byId(bot.store.all(c)), c).to.deep.equal(byId(v1.collections[c] ?? []));
    }
  });

  it('keeps every milestone, moves each history entry into milestoneUpdates in order, and numbers the versions', () => {
    const milestones = v1.collections.milestones ?? [];
    let entries = 0;
    for (const old of milestones) {
      const now = bot.store.get('milestones', old.id);
      const history = historyOf(old);
      entries += history.length;
      expect(now && without(now, 'version'), old.id).to.deep.equal(without(old, 'history'));
      expect(now?.version, `${old.id} version`).to.equal(Math.max(1, history.length));
      const updates = milestoneHistory(bot.store, old.id);
      expect(updates.map((u) => u.version), `${old.id} history versions`).to.deep.equal(history.map((_, i) => i + 1));
      expect(updates.map((u) => without(u, 'id', 'milestoneId', 'version')), `${old.id} history`).to.deep.equal(history);
    }
    expect(entries, 'history entries in the fixture').to.be.greaterThan(30);
    expect(bot.store.count('milestoneUpdates')).to.equal(entries);
  });

  it('applies the change that was still only in the journal, and its audit event', () => {
    const fromJournal = bot.store.get('milestones', 'BSC-0.2-M3');
    expect(fromJournal?.status).to.equal('on-track');
    expect(milestoneHistory(bot.store, 'BSC-0.2-M3').at(-1)?.commentary).to.equal('Roadshow dates agreed with the fire service.');
    const audit = readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(audit.slice(0, v1.auditLines.length), 'the old audit log, unchanged, at the start').to.deep.equal(v1.auditLines);
    // The crash came before the journal's audit events reached audit.jsonl: they are written now.
    const added: unknown[] = audit.slice(v1.auditLines.length).map((l) => JSON.parse(l));
    expect(v1.journalAudit.length).to.be.greaterThan(0);
    expect(added).to.deep.include.members(v1.journalAudit);
  });

  it('keeps the pre-upgrade data as a backup, which restores and migrates to the same records', async () => {
    const name = readdirSync(path.join(dataDir, 'backups')).find((f) => f.startsWith('pre-migration-v1-'));
    expect(name, 'a pre-migration backup').to.be.a('string');
    const file = path.join(dataDir, 'backups', name ?? '');
    const backup = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number; collections: Record<string, RawRecord[]> };
    expect(backup.schemaVersion).to.equal(1);
    for (const [c, records] of Object.entries(v1.collections)) expect(byId(backup.collections[c] ?? []), `backup: ${c}`).to.deep.equal(byId(records));

    const elsewhere = path.join(makeTempDir('scf-upgrade-restore-'), 'data');
    await restoreBackup(elsewhere, file, NOW);
    const restored = await openStore({ dataDir: elsewhere, now: () => NOW });
    try {
      for (const c of ['milestones', 'milestoneUpdates', 'people', 'intelReports', 'meetings', 'subscriptions'] as const) {
        expect(byId(restored.all(c)), `restored: ${c}`).to.deep.equal(byId(bot.store.all(c)));
      }
    } finally {
      await restored.close();
    }
  });

  it('answers from the migrated data over HTTP: a milestone shows its migrated history, the admin (a coordinator) sees both subscriptions', async () => {
    const detail = await postActivity(bot.url, messageActivity('milestone BSC-0.1-M3', { from: ADMIN }));
    expect(detail.status).to.equal(200);
    const text = cardText(cardOf(detail.activities[0]));
    expect(text).to.include('Two partners asked to move the date');
    expect(text).to.include('Venue booked; invitations out to all partners.');

    const subscriptions = await postActivity(bot.url, messageActivity('subscriptions', { from: ADMIN }));
    const listed = cardText(cardOf(subscriptions.activities[0]));
    expect(listed).to.include('2 conversations');
    // A version-1 subscription has no name: it is listed as what it is, with what it gets.
    expect(listed, 'the Teams channel subscription').to.include('Teams: a channel or group chat whose name Teams did not give\nGets meeting reminders and the weekly digest');
    expect(listed, 'the Slack channel subscription').to.include('Slack channel C0FORUMCH\nGets meeting reminders');
  });

  it("plans the coming meeting's reminders for the migrated subscriptions", () => {
    const reminders = bot.store.all('jobs').filter((j) => j.kind === 'meeting-reminder' && j.payload.meetingId === 'MTG-4');
    expect(new Set(reminders.map((j) => j.payload.subscriptionId))).to.deep.equal(new Set(['SUB-1', 'SUB-2']));
  });
});
