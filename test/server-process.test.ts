// The bot as a real process (`npm start`'s command line): health endpoints, seeding once, start-up
// refusals with their exit codes, signals, the data-folder lock and the .env file. Loopback only.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { freePort, PROJECT_ROOT, runBotProcessToExit, startBotProcess, stopAllBotProcesses, type BotProcess } from './helpers/bot-process.ts';
import { makeTempDir, removeTempDirs } from './helpers/temp-dir.ts';

const LOCK_FILE = 'store.lock';
const SEEDED_MSG = 'empty store seeded with the action plan';

interface ReadyBody {
  status: string;
  checks: { name: string; ok: boolean; detail?: string }[];
}

async function getJson(url: string): Promise<{ status: number; type: string | null; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

/** The milestone count the readiness check reports ("schema v2, 47 milestones"). */
async function readyMilestones(bot: BotProcess): Promise<number> {
  const ready = await getJson(`${bot.url}/readyz`);
  expect(ready.status).to.equal(200);
  const body = ready.body as ReadyBody;
  const detail = body.checks.find((c) => c.name === 'store')?.detail ?? '';
  const match = /(\d+) milestones/.exec(detail);
  expect(match, `a milestone count in the store check: ${JSON.stringify(body)}`).to.not.equal(null);
  return Number(match?.[1]);
}

function seededLines(bot: BotProcess): number {
  return bot.logs().filter((l) => l.msg === SEEDED_MSG).length;
}

describe('server process: start-up, health, signals and the data-folder lock', function () {
  this.timeout(150_000);
  afterEach(stopAllBotProcesses);
  after(removeTempDirs);

  it('answers /healthz and /readyz with 200 and JSON, having seeded the empty data folder', async () => {
    const bot = await startBotProcess();
    const health = await getJson(`${bot.url}/healthz`);
    expect(health.status).to.equal(200);
    expect(health.type).to.match(/^application\/json/);
    expect(health.body).to.include({ status: 'ok' });

    const ready = await getJson(`${bot.url}/readyz`);
    expect(ready.type).to.match(/^application\/json/);
    expect((ready.body as ReadyBody).status).to.equal('ready');
    expect(await readyMilestones(bot)).to.be.greaterThan(0);
    expect(seededLines(bot)).to.equal(1);
    expect(new URL(bot.url).hostname).to.equal('127.0.0.1');
  });

  it('exits 0 on SIGTERM, releases the lock, and does not seed again on the next start', async () => {
    const first = await startBotProcess();
    const dataDir = first.dataDir ?? '';
    const seeded = await readyMilestones(first);
    expect(existsSync(path.join(dataDir, LOCK_FILE)), 'held while running').to.equal(true);

    const exit = await first.stop('SIGTERM');
    expect(exit).to.deep.equal({ code: 0, signal: null });
    expect(existsSync(path.join(dataDir, LOCK_FILE)), 'released on SIGTERM').to.equal(false);
    expect(first.logs().map((l) => l.msg)).to.include('stopped');

    const second = await startBotProcess({ DATA_DIR: dataDir });
    expect(await readyMilestones(second)).to.equal(seeded);
    expect(seededLines(second), 'no second seeding').to.equal(0);
    expect(await second.stop('SIGINT')).to.deep.equal({ code: 0, signal: null });
  });

  it('stops cleanly on a SIGTERM that arrives while it is still starting (exit 0, lock released)', async () => {
    const starting = await startBotProcess({}, { returnAt: 'empty store seeded with the action plan' });
    expect(starting.logs().some((l) => l.msg === 'listening'), 'still starting when signalled').to.equal(false);
    const exit = await starting.stop('SIGTERM');
    expect(exit).to.deep.equal({ code: 0, signal: null });
    expect(existsSync(path.join(starting.dataDir ?? '', LOCK_FILE))).to.equal(false);
    expect(starting.logs().map((l) => l.msg)).to.include('stopped');
  });

  it('exits 2 on a bad PORT, naming PORT and what it expects, without a stack trace', async () => {
    const result = await runBotProcessToExit({ PORT: 'abc' });
    expect(result.code).to.equal(2);
    const output = result.stderr + result.stdout;
    expect(output).to.include('PORT').and.include('whole number from 1 to 65535');
    expect(output).to.not.match(/\n\s+at /);
  });

  it('refuses a second process on a data folder in use (exit 1, "in use"), and recovers the lock a SIGKILLed process left', async () => {
    const first = await startBotProcess();
    const dataDir = first.dataDir ?? '';

    const second = await runBotProcessToExit({ DATA_DIR: dataDir });
    expect(second.code).to.equal(1);
    expect(second.stderr).to.include('in use').and.include(dataDir).and.include(`pid ${first.child.pid}`);
    expect(await readyMilestones(first), 'the first keeps serving').to.be.greaterThan(0);

    expect(await first.stop('SIGKILL')).to.deep.equal({ code: null, signal: 'SIGKILL' });
    expect(existsSync(path.join(dataDir, LOCK_FILE)), 'a killed process leaves its lock behind').to.equal(true);

    const third = await startBotProcess({ DATA_DIR: dataDir });
    expect(await readyMilestones(third)).to.be.greaterThan(0);
    expect(seededLines(third), 'the data survived the kill').to.equal(0);
  });

  it('honours a .env file in the working directory (DATA_DIR resolved there), with the environment winning over it', async () => {
    const cwd = makeTempDir('scf-envfile-');
    const port = await freePort();
    const seedFile = path.join(PROJECT_ROOT, 'storage', 'seed', 'action-plan.json');
    // HOST in the file is invalid: the start succeeds only because the environment's HOST wins.
    writeFileSync(path.join(cwd, '.env'), `# written by the test\nPORT=${port}\nDATA_DIR=forum-data\nSEED_FILE=${seedFile}\nHOST=not a host\n`);

    const bot = await startBotProcess({ HOST: '127.0.0.1' }, { cwd, noDefaults: true });
    expect(bot.url).to.equal(`http://127.0.0.1:${port}`);
    expect(await readyMilestones(bot)).to.be.greaterThan(0);
    expect(existsSync(path.join(cwd, 'forum-data', LOCK_FILE))).to.equal(true);
  });
});
