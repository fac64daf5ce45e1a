// Issue 15 §4: /readyz tells the truth while the start-up planning of reminders and nudges runs.
// The app is started in-process on a seeded data folder with its planning held at a gate (a test
// hook, not a timer); /readyz is asked over HTTP while it is held, then after it is released.
import { expect } from 'chai';
import { startApp, type RunningApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { Writable } from 'node:stream';
import { freePort } from '../helpers/bot-process.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';

interface ReadyBody {
  status: string;
  checks: { name: string; ok: boolean; detail?: string }[];
}

async function readyz(url: string): Promise<{ status: number; body: ReadyBody }> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

describe('/readyz while the start-up planning runs', function () {
  this.timeout(60_000);
  after(removeTempDirs);

  it('answers 503 "planning reminders" while reminders are being planned, then 200 once they are', async () => {
    const port = await freePort();
    const config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: makeTempDir('scf-bot-'), LOG_LEVEL: 'warn' }, process.cwd());
    const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    let reached!: () => void;
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const starting = startApp(config, createLogger(config.logLevel, silent), undefined, undefined, {
      startupPlanningGate: () => {
        reached();
        return gate;
      },
    });
    let app: RunningApp | undefined;
    try {
      await atGate;
      const url = `http://127.0.0.1:${port}`;
      const during = await readyz(url);
      expect(during.status).to.equal(503);
      expect(during.body.status).to.equal('not ready');
      expect(during.body.checks).to.deep.include({ name: 'reminder planning', ok: false, detail: 'planning reminders' });
      expect(during.body.checks.find((c) => c.name === 'store')?.ok, 'the store is open already').to.equal(true);
      // It already answers health checks: only readiness waits.
      expect((await fetch(`${url}/healthz`)).status).to.equal(200);

      release();
      app = await starting;
      const after = await readyz(app.url);
      expect(after.status).to.equal(200);
      expect(after.body.checks).to.deep.include({ name: 'reminder planning', ok: true, detail: 'planned' });
      expect(app.store.count('jobs'), 'the planning ran once released').to.be.greaterThan(0);
    } finally {
      release();
      app ??= await starting.catch(() => undefined);
      await app?.stop();
    }
  });
});
