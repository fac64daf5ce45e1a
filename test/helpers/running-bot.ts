// The whole app started in-process, as `npm start` wires it (real restify server on a loopback
// port, real data folder in a temp dir, seeded plan), with its log lines captured for assertions.
import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { ErrorTally } from '../../src/logging/error-tally.ts';
import { freePort } from './bot-process.ts';
import { makeTempDir } from './temp-dir.ts';

export interface RunningBot extends RunningApp {
  dataDir: string;
  /** Every log line so far, parsed. */
  logs: Record<string, unknown>[];
  /** Log text as written, to assert that something never appears in it. */
  logText(): string;
}

export async function startRunningBot(env: Record<string, string> = {}, now?: () => Date): Promise<RunningBot> {
  const dataDir = makeTempDir('scf-bot-');
  const port = await freePort();
  const config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...env }, process.cwd());
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(chunk.toString('utf8'));
      callback();
    },
  });
  const errors = new ErrorTally(now);
  const app = await startApp(config, createLogger(config.logLevel, sink, errors), now, errors);
  // The start-up retention run writes its audit notes in the background: let it finish, so a test
  // that counts the store's transactions starts from a quiet store.
  await app.retention.runIfDue();
  const logs: Record<string, unknown>[] = [];
  return {
    ...app,
    dataDir,
    get logs() {
      logs.splice(0, logs.length, ...raw.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
      return logs;
    },
    logText: () => raw.join(''),
  };
}
