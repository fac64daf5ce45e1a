// `npm run playground` when a port is taken: the script says so in a sentence (the bot is already
// running: attach to it, or choose another port), starts nothing, writes nothing (no data folder,
// nothing in the system's temp folder), and exits 1 without a stack trace. Run as the npm script
// runs it, against a real bot on a real port.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { playgroundFolders, PLAYGROUND_DATA_DIR } from '../scripts/playground.ts';
import { freePort, PROJECT_ROOT } from './helpers/bot-process.ts';
import { startRunningBot, type RunningBot } from './helpers/running-bot.ts';
import { makeTempDir, removeTempDirs } from './helpers/temp-dir.ts';

function runPlayground(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/playground.ts', '--with-bot', '--no-browser'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => child.once('close', (code) => (clearTimeout(timer), resolve({ code, output }))));
}

describe('npm run playground when a port is taken', function () {
  this.timeout(30_000);
  let bot: RunningBot;
  before(async () => {
    bot = await startRunningBot();
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  it('with the bot already running: says to attach or choose a port, starts nothing and leaves nothing behind', async () => {
    const tmp = makeTempDir('scf-playground-tmp-');
    const dataDir = path.join(makeTempDir('scf-playground-data-'), 'data');
    const { code, output } = await runPlayground({ PORT: new URL(bot.url).port, PLAYGROUND_PORT: String(await freePort()), DATA_DIR: dataDir, TMPDIR: tmp });
    expect(code).to.equal(1);
    expect(output).to.include(`A bot is already running at ${bot.url}`).and.include('npm run playground:attach').and.include('Nothing was started');
    expect(output).to.not.match(/EADDRINUSE|\n\s+at /);
    expect(existsSync(dataDir), 'no data folder made').to.equal(false);
    // tsx (which runs the script) keeps its compile cache there; the script itself writes nothing.
    expect(readdirSync(tmp).filter((name) => !name.startsWith('tsx-')), 'nothing in the temp folder').to.deep.equal([]);
  });

  it('with the playground\'s port taken: says so and starts no bot', async () => {
    const busy: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      const dataDir = path.join(makeTempDir('scf-playground-data-'), 'data');
      const { code, output } = await runPlayground({ PORT: String(await freePort()), PLAYGROUND_PORT: String(port), DATA_DIR: dataDir });
      expect(code).to.equal(1);
      expect(output).to.include(`Port ${port} is in use`).and.include('PLAYGROUND_PORT');
      expect(output, 'no bot was started').to.not.include('[bot]');
      expect(existsSync(dataDir)).to.equal(false);
    } finally {
      busy.close();
    }
  });

  it('keeps the playground\'s files in a folder inside the bot\'s data folder, not in the system\'s temp folder', () => {
    expect(playgroundFolders({}, true)).to.deep.equal({ dataDir: PLAYGROUND_DATA_DIR, workDir: path.join(PLAYGROUND_DATA_DIR, 'playground') });
    expect(playgroundFolders({ DATA_DIR: '/srv/forum/data' }, false).workDir).to.equal('/srv/forum/data/playground');
  });
});
