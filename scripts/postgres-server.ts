// A real PostgreSQL server for tests, benchmarks and `npm run cluster`: Debian's `postgresql`
// package, a new cluster in a temporary folder, listening on loopback only, with production
// durability (fsync and synchronous_commit on). The server refuses to run as root, so as root it is
// run as the `postgres` user (the package creates it). If it cannot start, the error says why and
// what to install: callers fail, they never skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly adminUrl: string;
  readonly port: number;
  readonly dataDir: string;
  /** Creates a new empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The folder with initdb and postgres: PG_BIN, or the newest /usr/lib/postgresql/<n>/bin. */
export function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (existsSync(path.join(bin, 'postgres')) && existsSync(path.join(bin, 'initdb'))) return bin;
  }
  return undefined;
}

const NOT_INSTALLED =
  'PostgreSQL is not installed: these tests run a real server from Debian\'s `postgresql` package ' +
  '(apt-get install postgresql; .ci/run does this). Set PG_BIN to the folder with initdb and postgres to use another.';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function asServerUser(command: string, args: string[]): { command: string; args: string[] } {
  if (process.getuid?.() !== 0) return { command, args };
  return { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] };
}

let counter = 0;

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(NOT_INSTALLED);
  const root = mkdtempSync(path.join(os.tmpdir(), 'scf-pg-'));
  const dataDir = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(root, Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim()), Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim()));
  const init = asServerUser(path.join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const result = spawnSync(init.command, init.args, { encoding: 'utf8' });
  if (result.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`PostgreSQL could not be set up (initdb failed${asRoot ? ', run as the postgres user' : ''}): ${result.error?.message ?? ''}${result.stderr}`.trim());
  }
  const port = await freePort();
  const serverArgs = [
    '-D', dataDir,
    '-c', `port=${port}`,
    '-c', 'listen_addresses=127.0.0.1',
    '-c', `unix_socket_directories=${root}`,
    '-c', 'fsync=on',
    '-c', 'synchronous_commit=on',
    '-c', 'full_page_writes=on',
    '-c', 'max_connections=200',
    '-c', 'shared_buffers=64MB',
    // For point-in-time restore drills (docs/deployment.md); no archive is written by tests.
    '-c', 'wal_level=replica',
  ];
  const run = asServerUser(path.join(bin, 'postgres'), serverArgs);
  // The server's output goes to a file, and the child is unref'd: a test process whose tests have
  // finished must exit (its 'exit' hook stops the server), not wait on the server's pipes.
  const logFile = path.join(root, 'server.log');
  const logFd = openSync(logFile, 'a');
  const child: ChildProcess = spawn(run.command, run.args, { stdio: ['ignore', logFd, logFd], detached: false });
  closeSync(logFd);
  child.unref();
  const output = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-8000) : '');
  let exited = false;
  child.once('exit', () => (exited = true));
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  // Wait until it accepts connections: bounded (60 s is a ceiling on a loaded machine, not a measure).
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`PostgreSQL did not start: ${output().trim() || 'it exited at once'}`);
    }
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        child.kill('SIGQUIT');
        throw new Error(`PostgreSQL did not accept connections within 60 s on port ${port}: ${output().trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // Signals go to the postmaster itself (its pid is the first line of postmaster.pid): as root the
  // child is `runuser`, which does not pass them on.
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(postmaster, name);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => {
    // The test process is ending without stop(): stop the server now, and remove its folder after.
    if (!exited) signal('SIGQUIT');
    spawn('sh', ['-c', `for i in $(seq 1 100); do kill -0 ${postmaster} 2>/dev/null || break; sleep 0.1; done; rm -rf '${root}'`], { detached: true, stdio: 'ignore' }).unref();
  };
  process.once('exit', onExit);
  let stopped = false;
  return {
    adminUrl,
    port,
    dataDir,
    async createDatabase(name) {
      counter += 1;
      const db = name ?? `forum_test_${process.pid}_${counter}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(db)}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${db}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      if (!exited) {
        // Fast shutdown: ends sessions, writes a checkpoint, exits.
        signal('SIGINT');
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref());
        await Promise.race([gone, timeout]);
        if (!exited) signal('SIGKILL');
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

let shared: Promise<PostgresServer> | undefined;

/** One server for the whole test process (started on first use, stopped when the process ends). */
export function sharedPostgres(): Promise<PostgresServer> {
  shared ??= startPostgres();
  return shared;
}
