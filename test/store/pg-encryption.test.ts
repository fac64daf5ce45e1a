// Encryption at rest with PostgreSQL (issue 19, §6): with DATABASE_URL and DATA_ENCRYPTION_KEY set,
// an intelligence report logged over HTTP and a grant application sent over the public pages leave
// none of their free text or contact details in a `pg_dump` of the database (records, change log and
// audit tables alike); a coordinator and a reviewer still read them; the real `npm run data:rekey`
// moves every row to a new key, after which the old key opens nothing.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import { postgresBinDir, sharedPostgres } from '../../scripts/postgres-server.ts';
import type { ForumError } from '../../src/domain/errors.ts';
import { keyIdOf, parseKey } from '../../src/store/field-cipher.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { applyOverHttp, GrantsWebClient } from '../helpers/grants-web-client.ts';
import { runNpmScript } from '../helpers/run-npm-script.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardActionActivity, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';

const REPORT = {
  description: 'Leaflets naming the Otterburn Road gurdwara were pushed through doors overnight',
  location: 'Behind the Wickersley Lane launderette',
  actionsTaken: 'Neighbourhood team collected the leaflets',
  policeReference: 'SYP-HERON-4410',
};
const CONTACT = { contactName: 'Philippa Thistlewood', contactEmail: 'p.thistlewood@example.org', contactPhone: '01709 555019' };

const newKey = () => randomBytes(32).toString('base64');
const idOf = (key: string) => keyIdOf(parseKey(key) ?? Buffer.alloc(0));

function pgDump(databaseUrl: string): string {
  const bin = postgresBinDir();
  const result = spawnSync(path.join(bin ?? '', 'pg_dump'), ['--data-only', '--no-owner', databaseUrl], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr}`);
  return result.stdout;
}

describe('Encryption at rest with PostgreSQL (DATABASE_URL and DATA_ENCRYPTION_KEY)', function () {
  this.timeout(180_000);
  const reporter = teamsUser('Omar Officer');
  const reviewer = teamsUser('Ruth Reviewer');
  let bot: RunningBot | undefined;
  after(async () => {
    await bot?.stop();
    removeTempDirs();
  });

  it('a pg_dump read without the key reveals no report text or contact detail; data:rekey moves every row to a new key', async () => {
    const databaseUrl = await (await sharedPostgres()).createDatabase();
    const oldKey = newKey();
    const key = newKey();
    const base = { DATABASE_URL: databaseUrl, APP_SECRET: randomBytes(32).toString('base64'), DATA_DIR: path.join(makeTempDir('scf-pg-enc-'), 'data') };
    bot = await startRunningBot({ ...base, DATA_ENCRYPTION_KEY: oldKey });
    expect(bot.store.info().backend).to.equal('postgres');
    await registerTeamsPerson(bot.store, reporter, ['member'], 'voluntary-action-rotherham');
    await registerTeamsPerson(bot.store, reviewer, ['intel-reviewer', 'coordinator'], 'south-yorkshire-police');
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() - 86_400_000));
    const logged = await postActivity(bot.url, cardActionActivity('intel.submit', {
      occurredDate: yesterday, occurredTime: '06:45', areaId: 'E05012996', location: REPORT.location, category: 'hate-incident', hateStrands: 'religion-or-belief', communitiesAffected: 'religion-or-belief',
      description: REPORT.description, sourceType: 'own-observation', sourceReliability: 'reliable', informationConfidence: 'known-directly', tensionLevel: '2', tensionTrend: 'stable',
      reportedToPolice: 'true', policeReference: REPORT.policeReference, actionsTaken: REPORT.actionsTaken, handling: 'OFFICIAL',
    }, { from: reporter }));
    const id = /Report logged: (INT-[\w-]+)/.exec(cardText(invokeResult(logged).value))?.[1] ?? '';
    expect(id, cardText(invokeResult(logged).value)).to.not.equal('');
    const { reference } = await applyOverHttp(new GrantsWebClient(bot.url), CONTACT);
    expect(reference).to.match(/^BSC-/);
    await bot.stop();
    bot = undefined;

    const dump = pgDump(databaseUrl);
    expect(dump).to.include(id).and.include(reference).and.include('Street party for everyone');
    for (const text of [...Object.values(REPORT), ...Object.values(CONTACT)]) expect(dump.includes(text), `${text} in the dump`).to.equal(false);
    expect(dump).to.include(`enc:v1:${idOf(oldKey)}:`);

    const withoutKey = await startRunningBot(base).then(
      async (b) => {
        await b.stop();
        return undefined;
      },
      (error: unknown) => error as ForumError,
    );
    expect(withoutKey?.code, 'no start without the key').to.equal('STORE_KEY');

    const rekey = await runNpmScript('data:rekey', [], { ...base, DATA_ENCRYPTION_KEY: key, DATA_ENCRYPTION_KEY_PREVIOUS: oldKey });
    expect(rekey.code, rekey.stderr).to.equal(0);
    expect(rekey.stdout).to.include(`now under key ${idOf(key)}`).and.include('the database');
    const after = pgDump(databaseUrl);
    expect(after.includes(`enc:v1:${idOf(oldKey)}:`), 'nothing left under the old key').to.equal(false);
    for (const text of [...Object.values(REPORT), ...Object.values(CONTACT)]) expect(after.includes(text), `${text} in the dump`).to.equal(false);
    const oldOnly = await startRunningBot({ ...base, DATA_ENCRYPTION_KEY: oldKey }).then(
      async (b) => {
        await b.stop();
        return undefined;
      },
      (error: unknown) => error as ForumError,
    );
    expect(oldOnly?.code, 'the old key opens nothing').to.equal('STORE_KEY');

    bot = await startRunningBot({ ...base, DATA_ENCRYPTION_KEY: key });
    const report = cardText(cardOf((await postActivity(bot.url, messageActivity(`intel ${id}`, { from: reviewer }))).activities[0]));
    expect(report).to.include(REPORT.description).and.include(REPORT.location);
    const grant = cardText(cardOf((await postActivity(bot.url, messageActivity(`grant ${reference}`, { from: reviewer }))).activities[0]));
    expect(grant).to.include('Philippa Thistlewood · p.thistlewood@example.org · 01709 555019');
  });
});
