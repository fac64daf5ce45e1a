// Encryption at rest (issue 19, §6), over the real flows: a report logged and reviewed over HTTP
// with DATA_ENCRYPTION_KEY set leaves no trace of its text in any file of the data folder (the
// live files, the journal, the start-up backups); the bot will not start without the key; the real
// `npm run data:rekey` moves everything to a new key, after which the old key opens nothing; and
// data written before a key was set is encrypted by the same command.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { ForumError } from '../../src/domain/errors.ts';
import { keyIdOf, parseKey, recordCodec } from '../../src/store/field-cipher.ts';
import { anIntelReport } from './store-fixtures.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { runNpmScript } from '../helpers/run-npm-script.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardActionActivity, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';
import { filesContaining } from '../helpers/files-containing.ts';

const TEXT = {
  description: 'Stickers with a slogan against the Lantern Street mosque appeared on lamp posts',
  location: 'Between the Ferncliffe chip shop and the canal bridge',
  actionsTaken: 'Quickthorn wardens removed the stickers the same morning',
  policeReference: 'SYP-OTTER-7781',
  note: 'Asked the Ferncliffe residents group whether more have appeared',
};

const newKey = () => randomBytes(32).toString('base64');
const idOf = (key: string) => keyIdOf(parseKey(key) ?? Buffer.alloc(0));


/** The data files (not the backups, which every start adds to): unchanged means nothing was written. */
function dataFingerprint(folder: string): string {
  const hash = createHash('sha256');
  for (const name of ['meta.json', 'journal.jsonl', 'audit.jsonl', ...readdirSync(path.join(folder, 'collections')).sort().map((f) => path.join('collections', f))]) {
    hash.update(name).update(readFileSync(path.join(folder, name)));
  }
  return hash.digest('hex');
}

async function refusedToStart(env: Record<string, string>): Promise<ForumError> {
  try {
    const bot = await startRunningBot(env);
    await bot.stop();
  } catch (error) {
    return error as ForumError;
  }
  throw new Error('the bot started');
}

describe('Encryption at rest of intelligence text (DATA_ENCRYPTION_KEY)', function () {
  this.timeout(120_000);
  const reporter = teamsUser('Olu Officer');
  const reviewer = teamsUser('Rita Reviewer');
  let bot: RunningBot | undefined;
  after(async () => {
    await bot?.stop();
    removeTempDirs();
  });

  /** Logs a report with every free-text field and a reviewer's note, over HTTP; its id. */
  async function logAndReview(running: RunningBot, description: string): Promise<string> {
    if (!running.store.get('people', `P-${reporter.aadObjectId.slice(0, 8)}`)) {
      await registerTeamsPerson(running.store, reporter, ['member'], 'voluntary-action-rotherham');
      await registerTeamsPerson(running.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police');
    }
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() - 86_400_000));
    const logged = await postActivity(running.url, cardActionActivity('intel.submit', {
      occurredDate: yesterday, occurredTime: '06:45', areaId: 'E05012996', location: TEXT.location, category: 'hate-incident', hateStrands: 'religion-or-belief', communitiesAffected: 'religion-or-belief',
      description, sourceType: 'own-observation', sourceReliability: 'reliable', informationConfidence: 'known-directly', tensionLevel: '2', tensionTrend: 'stable',
      reportedToPolice: 'true', policeReference: TEXT.policeReference, actionsTaken: TEXT.actionsTaken, handling: 'OFFICIAL',
    }, { from: reporter }));
    const id = /Report logged: (INT-[\w-]+)/.exec(cardText(invokeResult(logged).value))?.[1] ?? '';
    expect(id, cardText(invokeResult(logged).value)).to.not.equal('');
    const reviewed = await postActivity(running.url, cardActionActivity('intel.review', { id, version: 1, status: 'reviewed', note: TEXT.note }, { from: reviewer }));
    expect(cardText(invokeResult(reviewed).value)).to.include('Saved');
    return id;
  }

  const readReport = async (running: RunningBot, id: string) => cardText(cardOf((await postActivity(running.url, messageActivity(`intel ${id}`, { from: reviewer }))).activities[0]));

  it('keeps no report text in any file; will not start without the key; after `npm run data:rekey` only the new key opens it', async () => {
    const dataDir = path.join(makeTempDir('scf-encrypted-'), 'data');
    const oldKey = newKey();
    const key = newKey();
    bot = await startRunningBot({ DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: oldKey });
    const id = await logAndReview(bot, TEXT.description);
    expect(await readReport(bot, id), 'the reviewer reads it as typed').to.include(TEXT.description).and.include(TEXT.note);
    await bot.stop();
    // A restart: its start-up backup holds the report too.
    bot = await startRunningBot({ DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: oldKey });
    await bot.stop();
    bot = undefined;

    for (const text of Object.values(TEXT)) expect(filesContaining(dataDir, text), text).to.deep.equal([]);
    const underOld = filesContaining(dataDir, `enc:v1:${idOf(oldKey)}:`);
    expect(underOld).to.include('collections/intelReports.json');
    expect(underOld.some((f) => f.startsWith('backups/')), 'a backup holds it encrypted').to.equal(true);

    const before = dataFingerprint(dataDir);
    const withoutKey = await refusedToStart({ DATA_DIR: dataDir });
    expect(withoutKey.code).to.equal('STORE_KEY');
    expect(withoutKey.message).to.include(idOf(oldKey)).and.include('given no key').and.include('Nothing was changed');
    expect(dataFingerprint(dataDir), 'nothing written').to.equal(before);

    const rekey = await runNpmScript('data:rekey', [], { DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: key, DATA_ENCRYPTION_KEY_PREVIOUS: oldKey });
    expect(rekey.code, rekey.stderr).to.equal(0);
    expect(rekey.stdout).to.include(`now under key ${idOf(key)}`).and.include('Remove DATA_ENCRYPTION_KEY_PREVIOUS');
    expect(filesContaining(dataDir, `enc:v1:${idOf(oldKey)}:`), 'nothing left under the old key').to.deep.equal([]);
    for (const text of Object.values(TEXT)) expect(filesContaining(dataDir, text), text).to.deep.equal([]);

    expect((await refusedToStart({ DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: oldKey })).code, 'the old key opens nothing').to.equal('STORE_KEY');
    bot = await startRunningBot({ DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: key });
    expect(await readReport(bot, id)).to.include(TEXT.description).and.include(TEXT.location).and.include(TEXT.note);
    expect((await bot.store.readAudit()).some((e) => e.action === 'store.rekey' && e.detail?.key === idOf(key))).to.equal(true);
    await bot.stop();
    bot = undefined;
  });

  it('encrypts, with `npm run data:rekey`, a folder written before a key was set, backups included', async () => {
    const dataDir = path.join(makeTempDir('scf-encrypted-'), 'data');
    bot = await startRunningBot({ DATA_DIR: dataDir });
    const id = await logAndReview(bot, TEXT.description);
    await bot.stop();
    bot = await startRunningBot({ DATA_DIR: dataDir });
    await bot.stop();
    bot = undefined;
    expect(filesContaining(dataDir, TEXT.description).some((f) => f.startsWith('backups/')), 'plain before').to.equal(true);

    const key = newKey();
    const rekey = await runNpmScript('data:rekey', [], { DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: key });
    expect(rekey.code, rekey.stderr).to.equal(0);
    for (const text of Object.values(TEXT)) expect(filesContaining(dataDir, text), text).to.deep.equal([]);
    bot = await startRunningBot({ DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: key });
    expect(await readReport(bot, id)).to.include(TEXT.description);
    await bot.stop();
    bot = undefined;
  });

  it('binds each value to its record and field: a value moved to another report, or altered, does not open', () => {
    const codec = recordCodec({ current: randomBytes(32) });
    const a = codec.encode('intelReports', anIntelReport({ id: 'INT-A', description: TEXT.description }));
    const b = codec.encode('intelReports', anIntelReport({ id: 'INT-B', description: 'Another report' }));
    expect(codec.decode('intelReports', a).description).to.equal(TEXT.description);
    expect(() => codec.decode('intelReports', { ...b, description: a.description }), 'moved').to.throw(/does not open/);
    expect(() => codec.decode('intelReports', { ...a, location: a.description }), 'moved to another field').to.throw(/does not open/);
    const altered = String(a.description).slice(0, -4) + (String(a.description).endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => codec.decode('intelReports', { ...a, description: altered }), 'altered').to.throw(/does not open/);
  });

  it('never takes typed text for an encrypted value: text starting "enc:" is kept as typed, with or without a key', () => {
    for (const codec of [recordCodec(), recordCodec({ current: randomBytes(32) })]) {
      const typed = anIntelReport({ description: 'enc:v1:deadbeefdeadbeef:not-really', location: 'txt:as typed' });
      const back = codec.decode('intelReports', codec.encode('intelReports', typed));
      expect([back.description, back.location]).to.deep.equal([typed.description, typed.location]);
    }
  });
});
