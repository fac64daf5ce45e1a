// The bot for a load run: the real process entry (src/main.ts, as `npm start` runs it) in its own
// process, so its memory and CPU are its own and not the simulated users'. Its log is read line by
// line and only counted (warnings and errors kept, a few), so a long run does not hoard it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MAIN_SCRIPT, PROJECT_ROOT } from '../../test/helpers/bot-process.ts';

const PROBE = path.join(import.meta.dirname, 'memory-probe.ts');
const TSX_LOADER = import.meta.resolve('tsx');
const KEPT_LINES = 30;

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** CPU time (user + system) the bot has used since it started, in microseconds. */
  cpuMicros: number;
  /** How late the bot's event loop ran callbacks since the previous sample (median, p99, max). */
  loopDelayMs: { p50: number; p99: number; max: number };
}

export interface BotChild {
  url: string;
  pid: number;
  /** True once the process has exited. */
  readonly exited: boolean;
  /** Log lines by level name (info, warn, error...). */
  levels: Map<string, number>;
  /** The first warnings and errors, as written. */
  problems: string[];
  /** Request ids seen on log lines (only when asked for: a long run would hoard them). */
  requestIds: Set<string>;
  /**
   * The bot's own time for each request, by path, from its 'request handled' lines: what the bot
   * spent, apart from the time the simulated officers' process took to send and to read.
   */
  handledMs: Map<string, number[]>;
  memory(timeoutMs?: number): Promise<MemorySample>;
  /** SIGTERM and wait: the exit and how long the graceful shutdown took. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** SIGKILL (kill -9); resolves once the process is gone. */
  kill(): Promise<void>;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

function isMemorySample(value: unknown): value is { memory: MemorySample } {
  if (!value || typeof value !== 'object' || !('memory' in value)) return false;
  const memory: unknown = value.memory;
  return Boolean(memory && typeof memory === 'object' && 'rss' in memory && typeof memory.rss === 'number' && 'heapUsed' in memory && typeof memory.heapUsed === 'number');
}

/** `nodeArgs`: extra options for node, e.g. `--cpu-prof` to see where the bot spends its time. */
export async function startBotChild(env: Record<string, string>, nodeArgs: string[] = [], options: { collectRequestIds?: boolean; startTimeoutMs?: number } = {}): Promise<BotChild> {
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const requestIds = new Set<string>();
  const handledMs = new Map<string, number[]>();
  const child: ChildProcess = spawn(process.execPath, ['--disable-warning=DEP0111', '--expose-gc', ...nodeArgs, '--import', TSX_LOADER, '--import', PROBE, MAIN_SCRIPT], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
    }),
  );
  const levels = new Map<string, number>();
  const problems: string[] = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start within ${startTimeoutMs} ms\n${stderr}`)), startTimeoutMs);
    void exited.then((exit) => reject(new Error(`the bot exited (code ${exit.code}, signal ${exit.signal}) before listening\n${stderr}`)));
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      const level = LEVEL_NAMES[Number(/"level":(\d+)/.exec(line)?.[1])] ?? 'other';
      levels.set(level, (levels.get(level) ?? 0) + 1);
      if ((level === 'warn' || level === 'error' || level === 'fatal') && problems.length < KEPT_LINES) problems.push(line.slice(0, 2000));
      if (line.includes('"msg":"request handled"')) {
        const ms = Number(/"ms":(\d+)/.exec(line)?.[1]);
        const path = /"path":"([^"]+)"/.exec(line)?.[1] ?? '?';
        if (Number.isFinite(ms)) {
          const list = handledMs.get(path) ?? [];
          list.push(ms);
          handledMs.set(path, list);
        }
      }
      const requestId = options.collectRequestIds ? /"requestId":"([^"]+)"/.exec(line)?.[1] : undefined;
      if (requestId) requestIds.add(requestId);
      const listening = /"msg":"listening"/.test(line) ? /"url":"([^"]+)"/.exec(line)?.[1] : undefined;
      if (listening) {
        clearTimeout(timer);
        resolve(listening);
      }
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });

  const memory = (timeoutMs = 10_000) =>
    new Promise<MemorySample>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        reject(new Error(`no memory figures from the bot within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: unknown) => {
        if (!isMemorySample(message)) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message.memory);
      };
      if (!child.connected) {
        clearTimeout(timer);
        reject(new Error('the bot process has exited'));
        return;
      }
      child.on('message', onMessage);
      child.send('memory?');
    });

  const stop = async (timeoutMs = 30_000) => {
    const started = performance.now();
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const outcome = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      child.kill('SIGKILL');
      throw new Error(`the bot did not exit within ${timeoutMs} ms of SIGTERM; killed`);
    }
    return { ...outcome, ms: performance.now() - started };
  };

  return {
    url,
    pid: child.pid ?? 0,
    get exited() {
      return hasExited;
    },
    levels,
    problems,
    requestIds,
    handledMs,
    memory,
    stop,
    kill: async () => {
      if (!hasExited) child.kill('SIGKILL');
      await exited;
    },
  };
}
