// The bot as a real process, started as `npm run start:dev` starts it (the sources through tsx; the
// compiled start of `npm start` and the image is run by test/dockerfile.test.ts), for tests of start-up,
// shutdown, locking and the .env file. Every child is tracked: `stopAllBotProcesses()` in an
// afterEach hook (and a last-resort exit handler) makes sure none outlives the test run.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeTempDir } from './temp-dir.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAIN_SCRIPT = path.join(PROJECT_ROOT, 'src', 'main.ts');
/** Absolute, so a child started in another working directory (the .env test) still finds tsx. */
const TSX_LOADER = import.meta.resolve('tsx');
// A ceiling for a start-up or a log line, not a measure: a child loading the TypeScript sources on a
// busy shared machine has taken over 20 s, so the ceiling is generous (tests assert order, not time).
const DEFAULT_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** One pino line as written to stdout. */
export interface LogLine {
  level: number;
  time: number;
  msg: string;
  [key: string]: unknown;
}

export interface BotExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BotProcessOptions {
  /** Working directory of the child; the project root by default. */
  cwd?: string;
  /** How long to wait for the `listening` line (or for the exit); 20 s by default. */
  timeoutMs?: number;
  /** Start from PATH and HOME only, without the PORT/HOST/DATA_DIR/LOG_LEVEL defaults. */
  noDefaults?: boolean;
  /** Modules the child imports before main.ts (after tsx), e.g. test/helpers/shifted-clock.ts. */
  imports?: string[];
  /** Return at this log message instead of `listening` (to act while the bot is still starting); `url` is then ''. */
  returnAt?: string;
}

/** Environment for the child: a value of `undefined` removes a default. */
export type BotEnv = Record<string, string | undefined>;

export interface BotProcess {
  url: string;
  child: ChildProcess;
  /** The DATA_DIR the child was given (undefined if it came from elsewhere, e.g. a .env file). */
  dataDir: string | undefined;
  /** stdout so far, one entry per line (the array keeps growing while the child runs). */
  lines: string[];
  /** stdout lines parsed as JSON log lines (lines that are not JSON are skipped). */
  logs(): LogLine[];
  stderr(): string;
  /** Resolves with the first log line (already written or still to come) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends the signal and waits for the exit; SIGKILLs the child if it has not exited in time. */
  stop(signal?: NodeJS.Signals): Promise<BotExit>;
  exited: Promise<BotExit>;
}

export interface BotRunResult extends BotExit {
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();

process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A port free on loopback right now. The config refuses PORT=0, so the tests pick one here. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

async function childEnv(env: BotEnv, options: BotProcessOptions): Promise<{ env: Record<string, string>; dataDir: string | undefined }> {
  const base: BotEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  if (!options.noDefaults) {
    const scratch = makeTempDir('scf-bot-');
    Object.assign(base, {
      PORT: 'PORT' in env ? undefined : String(await freePort()),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(scratch, 'data'),
      LOG_LEVEL: 'info',
      // Keep a developer's own .env in the project root out of the tests.
      ...(options.cwd === undefined ? { ENV_FILE: path.join(scratch, 'no-such.env') } : {}),
    });
  }
  const merged = { ...base, ...env };
  const clean = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
  return { env: clean, dataDir: clean.DATA_DIR };
}

function spawnBot(env: Record<string, string>, cwd: string, imports: string[] = []): { child: ChildProcess; exited: Promise<BotExit> } {
  const preloads = imports.flatMap((module) => ['--import', pathToFileURL(path.resolve(PROJECT_ROOT, module)).href]);
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', TSX_LOADER, ...preloads, MAIN_SCRIPT], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<BotExit>((resolve) => {
    // 'close' rather than 'exit': by then every byte of stdout and stderr has been read.
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
    child.once('error', () => {
      running.delete(child);
      resolve({ code: null, signal: null });
    });
  });
  return { child, exited };
}

function parseLogLine(line: string): LogLine | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (value && typeof value === 'object' && 'msg' in value && 'level' in value) return value as LogLine;
  } catch {
    // Not a JSON line: kept in `lines` but not offered as a log event.
  }
  return undefined;
}

async function killAndWait(child: ChildProcess, exited: Promise<BotExit>): Promise<BotExit> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  return exited;
}

/**
 * Starts the bot and resolves once it logs `listening`, with the url from that line. Rejects with
 * the collected stderr and stdout if the process exits first or does not listen in time.
 */
export async function startBotProcess(env: BotEnv = {}, options: BotProcessOptions = {}): Promise<BotProcess> {
  const { env: fullEnv, dataDir } = await childEnv(env, options);
  const { child, exited } = spawnBot(fullEnv, options.cwd ?? PROJECT_ROOT, options.imports);
  const lines: string[] = [];
  const logs: LogLine[] = [];
  const listeners = new Set<(line: LogLine) => void>();
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const log = parseLogLine(line);
      if (!log) return;
      logs.push(log);
      for (const listener of [...listeners]) listener(log);
    });
  }

  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const seen = logs.find(match);
      if (seen) return resolve(seen);
      const done = (error?: Error, line?: LogLine) => {
        clearTimeout(timer);
        listeners.delete(listener);
        if (error) reject(error);
        else resolve(line as LogLine);
      };
      const listener = (line: LogLine) => {
        if (match(line)) done(undefined, line);
      };
      const timer = setTimeout(() => done(new Error(`no matching log line within ${timeoutMs} ms\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`)), timeoutMs);
      listeners.add(listener);
      void exited.then((exit) => {
        // Lines read before the close were already offered to the listener.
        if (listeners.has(listener)) done(new Error(`the bot exited (code ${exit.code}, signal ${exit.signal}) before the expected log line\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`));
      });
    });

  let listening: LogLine;
  try {
    listening = await waitForLog((l) => (options.returnAt ? l.msg === options.returnAt : l.msg === 'listening' && typeof l.url === 'string'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  } catch (error) {
    await killAndWait(child, exited);
    throw error;
  }

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<BotExit> => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)));
    const outcome = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      await killAndWait(child, exited);
      throw new Error(`the bot did not exit within ${STOP_TIMEOUT_MS} ms of ${signal}; killed\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`);
    }
    return outcome;
  };

  return { url: typeof listening.url === 'string' ? listening.url : '', child, dataDir, lines, logs: () => [...logs], stderr: () => stderr, waitForLog, stop, exited };
}

/**
 * For start-up failures: runs the bot until it exits and resolves with its exit code and output.
 * Rejects (after killing it) if it starts listening instead, or neither exits nor listens in time.
 */
export async function runBotProcessToExit(env: BotEnv = {}, options: BotProcessOptions = {}): Promise<BotRunResult> {
  const { env: fullEnv } = await childEnv(env, options);
  const { child, exited } = spawnBot(fullEnv, options.cwd ?? PROJECT_ROOT);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  const problem = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`did not exit within ${timeoutMs} ms`), timeoutMs);
    poll = setInterval(() => {
      if (/"msg":"listening"/.test(stdout)) resolve('started listening, but was expected to exit');
    }, 50);
  });
  const outcome = await Promise.race([exited, problem]);
  clearTimeout(timer);
  clearInterval(poll);
  if (typeof outcome === 'string') {
    await killAndWait(child, exited);
    throw new Error(`the bot ${outcome}; killed\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
  return { ...outcome, stdout, stderr };
}

/** For afterEach: SIGKILLs every bot process still running and waits for each to be gone. */
export async function stopAllBotProcesses(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('close', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
}
