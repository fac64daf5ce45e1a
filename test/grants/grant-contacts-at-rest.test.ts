// An applicant's contact details are personal data of someone outside the forum: with
// DATA_ENCRYPTION_KEY set, an application sent over HTTP leaves its contact's name, email and phone
// in no file of the data folder (journal, snapshots, backups, audit), yet a coordinator reads them
// in chat after a restart, and the application's other answers stay readable.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { applyOverHttp, GrantsWebClient } from '../helpers/grants-web-client.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardOf, cardText, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';
import { filesContaining } from '../helpers/files-containing.ts';


describe('grants: applicants\' contact details encrypted at rest (DATA_ENCRYPTION_KEY)', () => {
  let bot: RunningBot | undefined;
  after(async () => {
    await bot?.stop();
    removeTempDirs();
  });

  it('keeps no contact detail in any file, and shows them to a coordinator after a restart', async () => {
    const dataDir = path.join(makeTempDir('scf-grants-enc-'), 'data');
    const env = { DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const clock = () => new Date('2026-12-01T10:00:00Z');
    bot = await startRunningBot(env, clock);
    const contact = { contactName: 'Zephyrine Quayle', contactEmail: 'zephyrine.quayle@example.org', contactPhone: '01709 765432' };
    const { reference } = await applyOverHttp(new GrantsWebClient(bot.url), contact);
    await bot.store.backup('test');
    await bot.stop();
    bot = await startRunningBot(env, clock);
    for (const text of Object.values(contact)) expect(filesContaining(dataDir, text), text).to.deep.equal([]);
    expect(filesContaining(dataDir, 'Street party for everyone').length, 'the project is not encrypted').to.be.greaterThan(0);
    const coordinator = teamsUser('Chris Coordinator');
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
    const shown = cardText(cardOf((await postActivity(bot.url, messageActivity(`grant ${reference}`, { from: coordinator }))).activities[0]));
    expect(shown).to.include('Zephyrine Quayle · zephyrine.quayle@example.org · 01709 765432');
  });
});
