// Several bot instances on one PostgreSQL database behind a real nginx, on loopback: what
// `npm run cluster` starts for people to try, and what the multi-instance tests (test/instances/)
// and the cluster benchmark (bench/cluster-bench.ts) drive, so all three use the same set-up.
//
// - PostgreSQL: scripts/postgres-server.ts (Debian's package, a temporary cluster, fsync and
//   synchronous_commit on), or a database the caller gives.
// - The instances: the compiled bot (`dist/src/main.js`, as `npm start` and the image run it) or, for
//   tests that preload a module (a shifted clock), the TypeScript sources through tsx. Each has its
//   own port and log file; all share DATABASE_URL and APP_SECRET. The first is started alone (it
//   migrates the database and seeds it when empty), then the others.
// - nginx: scripts/cluster/nginx.ts, round-robin over the instances.
//
// A rolling restart takes one instance out of nginx's list (a graceful reload), then SIGTERMs it
// (it answers what it had accepted and stops), starts it again, waits for /readyz and puts it back:
// no request is sent to an instance that is stopping. docs/deployment.md explains the choice.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { postgresBinDir, startPostgres, type PostgresServer } from '../postgres-server.ts';
import { nginxBinary, startNginx, type Nginx } from './nginx.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const COMPILED_MAIN = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');
const SOURCE_MAIN = path.join(PROJECT_ROOT, 'src', 'main.ts');

/** What is missing to run a cluster on this machine, with the Debian packages that provide it. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  const pgBin = postgresBinDir();
  if (!pgBin || !existsSync(path.join(pgBin, 'postgres'))) missing.push("PostgreSQL server (Debian: apt-get install postgresql; or set PG_BIN to the folder with initdb and postgres)");
  if (!nginxBinary()) missing.push('nginx (Debian: apt-get install nginx; or set NGINX_BIN to the nginx program)');
  return missing;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `npm run build` (tsc -p tsconfig.build.json; incremental, seconds when nothing changed). */
export function buildCompiled(): Promise<void> {
  const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, timeout: 300_000, maxBuffer: 4_194_304 }, (error, stdout) => {
      if (error) reject(new Error(`the build (tsc -p tsconfig.build.json) failed: ${error.message}\n${stdout}`));
      else resolve();
    });
  });
}

export interface ClusterOptions {
  instances?: number;
  /** Settings every instance gets (Teams, Slack, ADMINS...), on top of the cluster's own. */
  env?: Record<string, string>;
  /** `compiled` (default): dist/src/main.js, built first. `tsx`: the sources, with `imports` preloaded. */
  runtime?: 'compiled' | 'tsx';
  /** Modules (project-relative .ts files) each instance imports first; tsx only (e.g. test/helpers/shifted-clock.ts). */
  imports?: string[];
  /** Use this server instead of starting one (a new database is made on it). */
  postgres?: PostgresServer;
  /** Fills the new database before any instance starts (e.g. a test's data set). */
  prepare?(databaseUrl: string): Promise<void>;
  /** nginx's port; a free one by default. */
  port?: number;
  /** Skip the build of dist/ (the caller built it). */
  skipBuild?: boolean;
  log?(message: string): void;
}

export interface InstanceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ClusterInstance {
  index: number;
  port: number;
  url: string;
  /** The running process (a new one after each start). */
  pid(): number | undefined;
  running(): boolean;
  /** Every line this instance's processes have written, across restarts. */
  log(): string;
}

export interface Cluster {
  /** nginx: the address Teams, Slack and people use. */
  url: string;
  databaseUrl: string;
  appSecret: string;
  folder: string;
  instances: readonly ClusterInstance[];
  nginx: Nginx;
  /** Sends `signal` to instance `i` and waits for its exit (SIGKILL after 20 s if a SIGTERM is not enough). */
  stopInstance(i: number, signal?: NodeJS.Signals): Promise<InstanceExit>;
  /** Starts instance `i` again on its port and waits for /readyz. */
  startInstance(i: number): Promise<void>;
  /** Takes instance `i` out of nginx's rotation or puts it back (graceful reload). */
  setInRotation(i: number, inRotation: boolean): Promise<void>;
  /** Out of rotation, SIGTERM (drain), start, ready, back in rotation. Resolves with the SIGTERM's exit. */
  restartInstance(i: number): Promise<InstanceExit>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` with a timer holding the process open: the PostgreSQL child is unref'd (a test process
 * must be able to end), so waiting for it alone would let the process exit before the work is done.
 */
async function holdingOpen<T>(work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 1000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

interface Slot {
  index: number;
  port: number;
  down: boolean;
  child?: ChildProcess;
  exited?: Promise<InstanceExit>;
  logFile: string;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const missing = missingPrerequisites();
  if (missing.length > 0) throw new Error(`the cluster needs: ${missing.join('; ')}`);
  const count = options.instances ?? 3;
  const runtime = options.runtime ?? 'compiled';
  const log = options.log ?? (() => undefined);
  if (runtime === 'compiled' && !options.skipBuild) {
    log('cluster: building dist/ (npm run build)');
    await buildCompiled();
  }
  if (runtime === 'compiled' && options.imports?.length) throw new Error('imports need runtime tsx (the compiled bot cannot load .ts files)');
  const folder = mkdtempSync(path.join(os.tmpdir(), 'scf-cluster-'));
  // As root, nginx runs as `nobody` (scripts/cluster/nginx.ts), which must pass through this folder to its own.
  if (process.getuid?.() === 0) chmodSync(folder, 0o711);
  const cleanup: (() => Promise<void>)[] = [];
  const slots: Slot[] = [];
  let nginx: Nginx | undefined;
  try {
    const ownPostgres = options.postgres === undefined;
    const postgres = options.postgres ?? (await startPostgres());
    if (ownPostgres) cleanup.push(() => postgres.stop());
    const databaseUrl = await postgres.createDatabase(`forum_cluster_${process.pid}_${randomBytes(3).toString('hex')}`);
    log(`cluster: PostgreSQL on 127.0.0.1:${postgres.port} (fsync and synchronous_commit on), database ${databaseUrl}`);
    if (options.prepare) await options.prepare(databaseUrl);
    const appSecret = randomBytes(32).toString('base64');
    for (let index = 0; index < count; index += 1) slots.push({ index, port: await freePort(), down: false, logFile: path.join(folder, `instance-${index + 1}.log`) });

    const tsx = import.meta.resolve('tsx');
    const spawnInstance = (slot: Slot) => {
      const dataDir = path.join(folder, `instance-${slot.index + 1}-data`);
      mkdirSync(dataDir, { recursive: true });
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        ENV_FILE: path.join(folder, 'no-such.env'),
        TRUSTED_PROXIES: '127.0.0.1',
        ...options.env,
        PORT: String(slot.port),
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        APP_SECRET: appSecret,
      };
      const preloads = (options.imports ?? []).flatMap((m) => ['--import', pathToFileURL(path.resolve(PROJECT_ROOT, m)).href]);
      const args = runtime === 'compiled' ? ['--disable-warning=DEP0111', COMPILED_MAIN] : ['--disable-warning=DEP0111', '--import', tsx, ...preloads, SOURCE_MAIN];
      const out = openSync(slot.logFile, 'a');
      const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', out, out] });
      closeSync(out);
      slot.child = child;
      slot.exited = new Promise((resolve) => {
        child.once('exit', (code, signal) => resolve({ code, signal }));
        child.once('error', () => resolve({ code: null, signal: null }));
      });
    };
    const running = (slot: Slot) => Boolean(slot.child && slot.child.exitCode === null && slot.child.signalCode === null);
    const readFile = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
    /** Until /readyz answers 200 (bounded: two minutes is a ceiling on a busy machine, not a measure). */
    const waitReady = async (slot: Slot) => {
      for (let i = 0; i < 1200; i += 1) {
        if (!running(slot)) throw new Error(`instance ${slot.index + 1} exited while starting:\n${readFile(slot.logFile).slice(-4000)}`);
        try {
          const response = await fetch(`http://127.0.0.1:${slot.port}/readyz`, { signal: AbortSignal.timeout(2000) });
          await response.arrayBuffer();
          if (response.status === 200) return;
        } catch {
          // Not listening yet.
        }
        await sleep(100);
      }
      throw new Error(`instance ${slot.index + 1} was not ready within two minutes:\n${readFile(slot.logFile).slice(-4000)}`);
    };
    const stopSlot = async (slot: Slot, signal: NodeJS.Signals): Promise<InstanceExit> => {
      if (!slot.child || !slot.exited) return { code: null, signal: null };
      if (running(slot)) slot.child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 20_000)));
      const outcome = await Promise.race([slot.exited, late]);
      clearTimeout(timer);
      if (outcome !== 'late') return outcome;
      slot.child.kill('SIGKILL');
      await slot.exited;
      throw new Error(`instance ${slot.index + 1} did not exit within 20 s of ${signal}; killed`);
    };
    cleanup.push(async () => {
      await Promise.all(slots.map((slot) => stopSlot(slot, 'SIGKILL').catch(() => undefined)));
    });
    // Last resort if this process ends without stop(): no instance or nginx outlives it
    // (scripts/postgres-server.ts has its own hook for the server).
    const onExit = () => {
      for (const slot of slots) if (running(slot)) slot.child?.kill('SIGKILL');
      const master = nginx?.pid();
      if (master) {
        try {
          process.kill(master, 'SIGTERM');
        } catch {
          // Already gone.
        }
      }
    };
    process.once('exit', onExit);
    cleanup.push(() => Promise.resolve(void process.removeListener('exit', onExit)));

    // The first alone: it runs the migrations and seeds an empty database; then the others.
    const [first, ...rest] = slots;
    if (!first) throw new Error('a cluster needs at least one instance');
    spawnInstance(first);
    await waitReady(first);
    for (const slot of rest) spawnInstance(slot);
    await Promise.all(rest.map(waitReady));
    log(`cluster: ${count} instances ready (${runtime === 'compiled' ? 'compiled dist/' : 'TypeScript sources through tsx'})`);

    const nginxFolder = path.join(folder, 'nginx');
    mkdirSync(nginxFolder);
    nginx = await startNginx(nginxFolder, options.port ?? (await freePort()), slots);
    const balancer = nginx;
    cleanup.push(() => balancer.stop());
    log(`cluster: nginx at ${nginx.url}`);

    const slotAt = (i: number): Slot => {
      const slot = slots[i];
      if (!slot) throw new Error(`no instance ${i}`);
      return slot;
    };
    const setInRotation = async (i: number, inRotation: boolean) => {
      slotAt(i).down = !inRotation;
      await balancer.reload(slots);
    };
    const startInstance = async (i: number) => {
      const slot = slotAt(i);
      if (running(slot)) throw new Error(`instance ${i + 1} is running`);
      spawnInstance(slot);
      await waitReady(slot);
    };
    let stopped = false;
    return {
      url: nginx.url,
      databaseUrl,
      appSecret,
      folder,
      nginx,
      instances: slots.map((slot) => ({
        index: slot.index,
        port: slot.port,
        url: `http://127.0.0.1:${slot.port}`,
        pid: () => slot.child?.pid,
        running: () => running(slot),
        log: () => readFile(slot.logFile),
      })),
      stopInstance: (i, signal = 'SIGTERM') => stopSlot(slotAt(i), signal),
      startInstance,
      setInRotation,
      async restartInstance(i) {
        await setInRotation(i, false);
        const exit = await stopSlot(slotAt(i), 'SIGTERM');
        await startInstance(i);
        await setInRotation(i, true);
        return exit;
      },
      stop: () =>
        holdingOpen(async () => {
          if (stopped) return;
          stopped = true;
          // nginx first (nothing new reaches the instances), then the instances, then PostgreSQL.
          await balancer.stop();
          await Promise.all(slots.map((slot) => stopSlot(slot, 'SIGTERM').catch(() => stopSlot(slot, 'SIGKILL'))));
          if (ownPostgres) await postgres.stop();
          process.removeListener('exit', onExit);
          rmSync(folder, { recursive: true, force: true });
        }),
    };
  } catch (error) {
    await holdingOpen(async () => {
      for (const step of cleanup.reverse()) await step().catch(() => undefined);
    });
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
