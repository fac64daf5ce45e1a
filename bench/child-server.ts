// The processes of the production benchmark (issue 15): the bot and its baselines, each compiled
// (tsconfig.bench.json: the same compiler options as `npm run build`) and run by plain node in its
// own process, so the client (the benchmark's own process) never shares their CPU time or heap.
// Each child is preloaded with bench/load/memory-probe, which answers "memory?" over IPC with its
// memory and the CPU time it has used.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../test/helpers/bot-process.ts';

export const COMPILED_DIR = path.join(PROJECT_ROOT, 'dist-bench');
export const COMPILED = {
  bot: path.join(COMPILED_DIR, 'src', 'main.js'),
  echoCardBot: path.join(COMPILED_DIR, 'bench', 'servers', 'echo-card-bot.js'),
  bareBolt: path.join(COMPILED_DIR, 'bench', 'servers', 'bare-bolt.js'),
  probe: path.join(COMPILED_DIR, 'bench', 'load', 'memory-probe.js'),
};

/** `tsc -p tsconfig.bench.json` (incremental: seconds when nothing changed). */
export function compileForBenchmark(): Promise<void> {
  const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { cwd: PROJECT_ROOT, timeout: 300_000, maxBuffer: 4_194_304 }, (error, stdout) => {
      if (error) reject(new Error(`tsc -p tsconfig.bench.json failed: ${error.message}\n${stdout}`));
      else resolve();
    });
  });
}

export interface ProcessFigures {
  rss: number;
  heapUsed: number;
  /** User + system CPU time since the process started, in microseconds. */
  cpuMicros: number;
}

export interface ServerChild {
  url: string;
  pid: number;
  /** ms from spawn until `ready` resolved (the first successful reply when started with `firstReply`). */
  startMs: number;
  /** Memory after a full collection, and the CPU time used so far. */
  figures(): Promise<ProcessFigures>;
  /** CPU time used so far (user + system), in microseconds, without a collection. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

function isFigures(value: unknown): value is { memory: ProcessFigures } {
  if (!value || typeof value !== 'object' || !('memory' in value)) return false;
  const m: unknown = value.memory;
  return Boolean(m && typeof m === 'object' && 'rss' in m && 'cpuMicros' in m && typeof m.cpuMicros === 'number');
}

/**
 * Spawns `script` with node on `port` and calls `firstReply(url)` until it succeeds (connection
 * refused while the child starts; every 5 ms, at most `timeoutMs`): the time until then is the cold
 * start to the first reply, measured the same way for the bot and for a baseline.
 */
export async function startServer(script: string, port: number, env: Record<string, string>, firstReply: (url: string) => Promise<void>, timeoutMs = 180_000): Promise<ServerChild> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--disable-warning=DEP0111', '--expose-gc', '--import', COMPILED.probe, script], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${path.basename(script)} exited before its first reply\n${stderr}`);
    try {
      await firstReply(url);
      break;
    } catch (error) {
      if (performance.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${path.basename(script)} gave no reply within ${timeoutMs} ms\n${stderr}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  const startMs = performance.now() - started;
  const ask = <T>(question: string, answer: (message: unknown) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => (child.off('message', onMessage), reject(new Error(`no answer to ${question} from the child within 30 s`))), 30_000);
      const onMessage = (message: unknown) => {
        const value = answer(message);
        if (value === undefined) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(value);
      };
      child.on('message', onMessage);
      child.send(question);
    });
  const figures = () => ask('memory?', (m) => (isFigures(m) ? m.memory : undefined));
  const cpuMicros = () => ask('cpu?', (m) => (m && typeof m === 'object' && 'cpuMicros' in m && typeof m.cpuMicros === 'number' ? m.cpuMicros : undefined));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exit;
    clearTimeout(timer);
  };
  return { url, pid: child.pid ?? 0, startMs, figures, cpuMicros, stop };
}
