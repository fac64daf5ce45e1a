// Fault: the disk fills up while the bot is writing. The data folder is on a small tmpfs that a
// filler file fills to the last byte, so the journal append really fails, part-way through a line
// when the line crosses into a page the filesystem no longer has. The officer must be told the
// change was not saved, the files must stay whole (a crash at that moment loses nothing that was
// acknowledged), reading must go on, and saving must work again once the space is back.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import { AuditLog } from '../../src/store/audit-log.ts';
import { readJournal } from '../../src/store/journal.ts';
import type { AuditEvent } from '../../src/store/repository.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Person } from '../../src/domain/model.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';
import { mountTmpfs, type Tmpfs } from './tmpfs.ts';

const NOT_SAVED = 'I could not save that, so nothing was changed';

/** A milestone of the officer's own, at version 1 with no history, so its history is all this test's. */
async function ownMilestone(bot: RunningBot, owner: Person): Promise<string> {
  const actionId = bot.store.all('actions')[0]?.id ?? '';
  const id = `${actionId}-F1`;
  await bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) =>
    tx.put('milestones', { id, actionId, description: 'Run the partners survey', owner: { organisationId: 'rmbc', role: 'Officer', personId: owner.id }, originalDue: '2030-03-31', status: 'on-track', updatedAt: tx.now, version: 1 }, { action: 'milestone.add' }),
  );
  return id;
}
/** Plenty for the seeded plan, its backups and the test's writes; small enough to fill quickly. */
const TMPFS_KB = 4096;

describe('fault: the disk fills up during a write', function () {
  this.timeout(60_000);
  let tmpfs: Tmpfs | undefined;
  let bot: RunningBot | undefined;
  let connector: StandInConnector | undefined;
  let filler = '';
  const owner = teamsUser('Sam Owner');
  const newcomer = teamsUser('Nia Newcomer');
  let person: Person;
  let milestoneId = '';
  const acknowledged: string[] = [];
  const refused: string[] = [];

  const dataDir = () => path.join(tmpfs?.dir ?? '', 'data');
  const running = (): RunningBot => {
    if (!bot) throw new Error('the bot is not running');
    return bot;
  };
  const update = async (commentary: string) => {
    const version = running().store.get('milestones', milestoneId)?.version;
    // A saved update replaces the card for everyone through the Bot Connector (a stand-in here).
    const answer = await postActivity(running().url, cardActionActivity('milestone.update', { id: milestoneId, version, status: 'on-track', commentary }, { from: owner, serviceUrl: connector?.url ?? '' }));
    expect(answer.status).to.equal(200);
    const result = invokeResult(answer);
    return typeof result.value === 'string' ? result.value : cardText(result.value);
  };
  const intel = (description: string) =>
    postActivity(running().url, cardActionActivity('intel.submit', {
      occurredDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), occurredTime: '18:00', areaId: 'borough-wide', category: 'positive-community-event',
      description, sourceType: 'own-observation', sourceReliability: 'reliable', informationConfidence: 'known-directly', tensionLevel: '1', tensionTrend: 'stable', handling: 'OFFICIAL', reportedToPolice: 'false',
    }, { from: owner }));

  before(async function () {
    const mounted = mountTmpfs(TMPFS_KB);
    if (!mounted.ok) {
      // Only when the environment cannot mount at all (CI runs as root, where this works).
      this.skip();
      return;
    }
    tmpfs = mounted.tmpfs;
    connector = await startStandInConnector();
    bot = await startRunningBot({ DATA_DIR: dataDir(), LOG_LEVEL: 'info' });
    person = await registerTeamsPerson(bot.store, owner, ['member']);
    await registerTeamsPerson(bot.store, newcomer, ['member']);
    milestoneId = await ownMilestone(bot, person);
    // The owner's 1:1 chat is known before the disk fills (the newcomer's is not).
    await postActivity(bot.url, messageActivity('whoami', { from: owner }));
  });
  after(async () => {
    await bot?.stop().catch(() => undefined);
    await connector?.close();
    tmpfs?.unmount();
    removeTempDirs();
  });

  it('tells the officer an update was not saved once the disk is full, and changes nothing', async () => {
    filler = tmpfs?.fill() ?? '';
    // The journal's last page may still have room for a line or two; the next line that needs a
    // new page fails, part of it written. Bounded: 40 lines are far more than one page.
    for (let i = 0; i < 40 && refused.length === 0; i += 1) {
      const token = `full-${i}`;
      const before = running().store.get('milestones', milestoneId);
      const answer = await update(token);
      if (answer.includes('Saved by')) {
        acknowledged.push(token);
        continue;
      }
      expect(answer).to.include(NOT_SAVED);
      refused.push(token);
      expect(running().store.get('milestones', milestoneId), 'nothing changed in memory').to.deep.equal(before);
    }
    expect(refused, 'an update was refused').to.have.length(1);
    expect(await update('full-again')).to.include(NOT_SAVED);
    refused.push('full-again');
  });

  it('keeps journal.jsonl whole, so a crash now would lose nothing that was acknowledged', async () => {
    const journal = await readJournal(path.join(dataDir(), 'journal.jsonl'));
    expect(journal.tornTail, 'no torn line at the end').to.equal(false);
    expect(journal.records.at(-1)?.seq).to.equal(running().store.info().lastSeq);
    // What a restart after kill -9 would read: a copy of the folder as it is now.
    const copy = path.join(makeTempDir('scf-crash-copy-'), 'data');
    cpSync(dataDir(), copy, { recursive: true });
    rmSync(path.join(copy, 'store.lock'));
    const reopened = await openStore({ dataDir: copy });
    try {
      const notes = milestoneHistory(reopened, milestoneId).map((u) => u.commentary);
      expect(notes).to.include.members(acknowledged);
      for (const token of refused) expect(notes).to.not.include(token);
    } finally {
      await reopened.close();
    }
  });

  it('still answers reads, also for someone whose first 1:1 message cannot be remembered', async () => {
    const answer = await postActivity(running().url, messageActivity('milestones all', { from: newcomer, expectReplies: true }));
    expect(answer.status).to.equal(200);
    expect(cardText(cardOf(answer.activities[0]))).to.include('Milestones');
  });

  it('refuses an intelligence report while the disk is full, saying it was not saved', async () => {
    const reports = running().store.count('intelReports');
    const answer = await intel('A street party was held for the jubilee');
    expect(String(invokeResult(answer).value)).to.include(NOT_SAVED);
    expect(running().store.count('intelReports')).to.equal(reports);
  });

  it('saves again once the space is back', async () => {
    rmSync(filler);
    const answer = await update('space-back');
    expect(answer).to.include('Saved by');
    acknowledged.push('space-back');
    expect(cardText(invokeResult(await intel('A street party was held for the jubilee')).value)).to.match(/Report logged: INT-/);
  });

  it('restarts with every acknowledged change, and an audit log of whole lines with one event per change', async () => {
    await running().stop();
    bot = undefined;
    const audit = readFileSync(path.join(dataDir(), 'audit.jsonl'), 'utf8').split('\n').filter(Boolean);
    const unreadable = audit.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(unreadable, 'audit lines that are not whole JSON').to.deep.equal([]);
    const reopened = await openStore({ dataDir: dataDir() });
    try {
      const history = milestoneHistory(reopened, milestoneId);
      expect(history.map((u) => u.commentary)).to.deep.equal(acknowledged);
      expect(reopened.get('milestones', milestoneId)?.version).to.equal(1 + history.length);
      const events = (await reopened.readAudit({ collection: 'milestones', recordId: milestoneId })).filter((e) => e.action === 'milestone.update');
      expect(events).to.have.length(history.length);
    } finally {
      await reopened.close();
    }
  });
});

describe('fault: the disk fills up during an audit append', function () {
  this.timeout(30_000);
  let tmpfs: Tmpfs | undefined;
  before(function () {
    const mounted = mountTmpfs(256);
    if (!mounted.ok) return this.skip();
    tmpfs = mounted.tmpfs;
  });
  after(() => tmpfs?.unmount());

  const event = (seq: number): AuditEvent => ({ seq, at: new Date().toISOString(), actor: { name: 'Test' }, via: 'cli', action: 'test.write', detail: { note: `event ${seq} `.repeat(90) } });
  const seqsIn = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as AuditEvent).seq);

  it('cuts a torn line back, keeps the events for later, and writes each exactly once when space returns', async () => {
    const file = path.join(tmpfs?.dir ?? '', 'audit.jsonl');
    const log = await AuditLog.open(file);
    try {
      await log.append([event(1)]);
      const filler = tmpfs?.fill() ?? '';
      let failedAt = 0;
      // The file's last page takes a line or so; the first line needing a new page fails part-way.
      for (let seq = 2; seq < 100 && failedAt === 0; seq += 1) {
        await log.append([event(seq)]).catch(() => (failedAt = seq));
      }
      expect(failedAt, 'an append failed').to.be.greaterThan(1);
      expect(seqsIn(file), 'whole lines only, up to the last that fitted').to.deep.equal(Array.from({ length: failedAt - 1 }, (_, i) => i + 1));
      await log.append([event(failedAt + 1)]).catch(() => undefined);
      rmSync(filler);
      await log.sync();
      expect(seqsIn(file)).to.deep.equal(Array.from({ length: failedAt + 1 }, (_, i) => i + 1));
    } finally {
      await log.close();
    }
  });
});
