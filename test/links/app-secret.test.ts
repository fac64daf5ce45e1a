// The server secret that signs links and Slack forms: APP_SECRET when set; otherwise generated once
// into the data folder (mode 0600) and read again at every start; a damaged file stops the start
// with a message naming it, and nothing is replaced.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ForumError } from '../../src/domain/errors.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';

const SECRET_FILE = 'app-secret.key';
const reviewer = teamsUser('Rita Reviewer');

async function exportToken(bot: RunningBot): Promise<string> {
  if (!bot.store.get('people', `P-${reviewer.aadObjectId}`)) await registerTeamsPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police');
  const answer = await postActivity(bot.url, messageActivity('intel export', { from: reviewer }));
  const token = /\/downloads\/([A-Za-z0-9_-]{43})\)/.exec(String(answer.activities[0]?.text))?.[1];
  if (!token) throw new Error(`no link in ${String(answer.activities[0]?.text)}`);
  return token;
}

describe('The server secret (APP_SECRET, or generated into the data folder)', function () {
  this.timeout(60_000);
  const running: RunningBot[] = [];
  const start = async (env: Record<string, string>) => {
    const bot = await startRunningBot(env);
    running.push(bot);
    return bot;
  };
  const stop = async (bot: RunningBot) => {
    running.splice(running.indexOf(bot), 1);
    await bot.stop();
  };
  after(async () => {
    for (const bot of running.splice(0)) await bot.stop();
    removeTempDirs();
  });

  it('is generated once into the data folder, readable by the bot\'s user only, and read again after a restart', async () => {
    const dataDir = path.join(makeTempDir('scf-secret-'), 'data');
    const bot = await start({ DATA_DIR: dataDir });
    const file = path.join(dataDir, SECRET_FILE);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    const written = readFileSync(file, 'utf8');
    expect(written).to.match(/^[A-Za-z0-9_-]{86}\n$/);
    const token = await exportToken(bot);
    await stop(bot);
    const again = await start({ DATA_DIR: dataDir });
    expect(readFileSync(file, 'utf8'), 'not replaced').to.equal(written);
    expect((await fetch(`${again.url}/downloads/${token}`)).status, 'the link made before the restart').to.equal(200);
    expect(again.logText()).to.not.include(written.trim());
    await stop(again);
  });

  it('comes from APP_SECRET when set (no file), and links follow it: another secret opens none of them', async () => {
    const dataDir = path.join(makeTempDir('scf-secret-'), 'data');
    const bot = await start({ DATA_DIR: dataDir, APP_SECRET: 'first-secret-of-at-least-32-characters' });
    expect(existsSync(path.join(dataDir, SECRET_FILE))).to.equal(false);
    const kept = await exportToken(bot);
    const lost = await exportToken(bot);
    await stop(bot);
    const same = await start({ DATA_DIR: dataDir, APP_SECRET: 'first-secret-of-at-least-32-characters' });
    expect((await fetch(`${same.url}/downloads/${kept}`)).status).to.equal(200);
    await stop(same);
    const other = await start({ DATA_DIR: dataDir, APP_SECRET: 'another-secret-of-at-least-32-chars' });
    expect((await fetch(`${other.url}/downloads/${lost}`)).status).to.equal(404);
    await stop(other);
  });

  for (const [what, contents] of [['empty', ''], ['cut short', 'abc\n'], ['not what the bot writes', `${'!'.repeat(86)}\n`]] as const) {
    it(`refuses to start when the file is ${what}, naming the file and leaving it as it is`, async () => {
      const dataDir = path.join(makeTempDir('scf-secret-'), 'data');
      const bot = await start({ DATA_DIR: dataDir });
      await stop(bot);
      const file = path.join(dataDir, SECRET_FILE);
      writeFileSync(file, contents, { mode: 0o600 });
      let refused: unknown;
      try {
        running.push(await startRunningBot({ DATA_DIR: dataDir }));
      } catch (error) {
        refused = error;
      }
      expect(refused).to.be.instanceOf(ForumError);
      expect((refused as ForumError).code).to.equal('SECRET_DAMAGED');
      expect((refused as ForumError).message).to.include(file);
      expect(readFileSync(file, 'utf8')).to.equal(contents);
      // The refused start let go of the data folder: once the file is put right, the bot starts.
      writeFileSync(file, `${'a'.repeat(86)}\n`, { mode: 0o600 });
      await stop(await start({ DATA_DIR: dataDir }));
    });
  }
});
