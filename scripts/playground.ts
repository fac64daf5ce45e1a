// Microsoft 365 Agents Playground for this bot: Teams' chat UI, Adaptive Card renderer and a mocked
// Bot Framework connector, all on this machine, with no tenant, app registration or tunnel.
//   npm run playground:attach the playground only, for a bot already started with `npm start`
//   npm run playground        the bot and the playground together; Ctrl-C stops both
// The e2e test (test/e2e/) starts the playground through `startPlayground` below.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLAYGROUND_CLI = path.join(path.dirname(createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** The playground's signed-in user. Its ids are real GUIDs (the built-in config's are one digit too long for ADMINS). */
export const PLAYGROUND_USER = { id: 'user-id-0', name: 'Forum Coordinator', aadObjectId: '00000000-0000-0000-0000-000000000020' };
export const PLAYGROUND_TENANT_ID = '00000000-0000-0000-0000-000000000001';
/** The ADMINS entry that makes the playground user a bootstrap admin of the bot. */
export const PLAYGROUND_ADMIN = `teams:${PLAYGROUND_USER.aadObjectId}`;
export const PLAYGROUND_PERSONAL_CHAT_ID = 'playground-personal-chat';

/** Config file (schema 0.1.1) for the playground: partner roles rather than invented people. */
export function playgroundConfigYaml(): string {
  const partners = ['Council Officer', 'Police Officer', 'Health Partner', 'VCS Worker', 'Fire Officer'];
  const user = (id: string, name: string, aadObjectId: string, n: number) => {
    const [given = name, ...rest] = name.split(' ');
    const fields = { id, name, userPrincipleName: `user${n}@example.com`, aadObjectId, givenName: given, surname: rest.join(' ') || given, email: `user${n}@example.com` };
    return Object.entries(fields).map(([key, value]) => `${key}: ${value}`);
  };
  const block = (lines: string[], first: string, rest: string) => lines.map((l, i) => (i === 0 ? first : rest) + l).join('\n');
  const others = partners.map((name, i) => block(user(`user-id-${i + 1}`, name, `00000000-0000-0000-0000-0000000000${21 + i}`, i + 1), '  - ', '    '));
  return [
    '# Written by scripts/playground.ts for the Stronger Communities Forum bot.',
    'version: "0.1.1"',
    `tenantId: ${PLAYGROUND_TENANT_ID}`,
    'bot:\n  id: 00000000-0000-0000-0000-000000000011\n  name: Forum bot',
    `currentUser:\n${block(user(PLAYGROUND_USER.id, PLAYGROUND_USER.name, PLAYGROUND_USER.aadObjectId, 0), '  ', '  ')}`,
    `users:\n${others.join('\n')}`,
    `personalChat:\n  id: ${PLAYGROUND_PERSONAL_CHAT_ID}`,
    'groupChat:\n  id: playground-group-chat\n  name: Forum partners',
    'team:\n  id: playground-team\n  name: Stronger Communities Forum\n  aadGroupId: 00000000-0000-0000-0000-000000000031',
    '  channels:\n    - id: playground-channel-reminders\n      name: Forum reminders',
    '',
  ].join('\n');
}

// The playground listens on every interface; this preload keeps it (and its port probe) on loopback.
const LOOPBACK_PRELOAD = `import net from 'node:net';
const host = process.env.PLAYGROUND_HOST || '127.0.0.1';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) args.splice(1, 0, host);
  return listen.apply(this, args);
};`;

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  port: number;
  /** Loopback address the playground listens on; 127.0.0.1 by default. */
  host?: string;
  /** Folder for the generated config file, the loopback preload and the playground's log. */
  workDir: string;
  /** A config file of one's own; otherwise ./.m365agentsplayground.yml in cwd, otherwise the generated one. */
  configPath?: string;
  cwd?: string;
  openBrowser?: boolean;
}

export interface PlaygroundProcess {
  /** http://127.0.0.1:<port>, the web UI; the APIs live under it (/_conversation, /_ws_conversation, ...). */
  url: string;
  port: number;
  logFile: string;
  child: ChildProcess;
  /** The last lines of the playground's own log file (it writes its console there when not on a TTY). */
  logTail(lines?: number): string;
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

/** Resolves if `port` can be listened on at `host` right now; the playground would silently move elsewhere. */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(new Error(`port ${port} on ${host} is in use (${error.message}); choose another with PLAYGROUND_PORT`)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function resolveConfigPath(options: PlaygroundOptions, cwd: string): string {
  if (options.configPath) return options.configPath;
  const own = path.join(cwd, '.m365agentsplayground.yml');
  if (existsSync(own)) return own;
  const generated = path.join(options.workDir, 'playground.yml');
  writeFileSync(generated, playgroundConfigYaml());
  return generated;
}

/** Starts the playground CLI and resolves once it listens; rejects (after stopping it) if it does not within 30 s. */
export async function startPlayground(options: PlaygroundOptions): Promise<PlaygroundProcess> {
  const host = options.host ?? '127.0.0.1';
  const cwd = options.cwd ?? options.workDir;
  mkdirSync(options.workDir, { recursive: true });
  await assertPortFree(options.port, host);
  const logFile = path.join(options.workDir, 'playground.log');
  const configPath = resolveConfigPath(options, cwd);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${options.port}`;
  const preload = path.join(options.workDir, 'loopback-only.mjs');
  writeFileSync(preload, LOOPBACK_PRELOAD);
  const args = ['--import', pathToFileURL(preload).href, PLAYGROUND_CLI];
  args.push('--app-endpoint', options.botEndpoint, '--channel-id', 'msteams', '--port', String(options.port));
  args.push('--service-url', `${url}/_connector`, '--disable-telemetry');
  // Not our code: keep a coverage run (c8 sets NODE_V8_COVERAGE) from profiling its 5 MB bundle.
  const inherited = { ...process.env };
  delete inherited.NODE_V8_COVERAGE;
  const child = spawn(process.execPath, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      PLAYGROUND_HOST: host,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      TEAMSAPPTESTER_BROWSER: options.openBrowser ? (process.env.TEAMSAPPTESTER_BROWSER ?? '') : 'none',
    },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
    child.once('error', (error) => {
      output += `${error.message}\n`;
      resolve(null);
    });
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-20_000)));
  const logTail = (lines = 30) => {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    return `${log}${output}`.split('\n').slice(-lines).join('\n');
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the playground did not listen within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    if (!child.stdout) return reject(new Error('the playground has no stdout'));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const port = /^Listening on (\d+)$/.exec(line.trim())?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve(Number(port));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the playground exited (code ${code}) before listening`));
    });
  });
  try {
    const port = await listening;
    if (port !== options.port) throw new Error(`the playground listens on ${port}, not on ${options.port}`);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${logTail()}`, { cause: error });
  }
  return { url, port: options.port, logFile, child, logTail, stop, exited };
}

// ---------------------------------------------------------------- the npm scripts

function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${name} must be a port number (1-65535), got "${raw}"`);
  return port;
}

async function reachable(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false; // refused or timed out: nothing is listening there yet
  }
}

/** Starts the bot as `npm start` does and resolves with its url once it logs `listening`. */
function startBot(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/main.ts'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail('the bot did not log "listening" within 60 s (is LOG_LEVEL above info?)'), 60_000);
    if (!child.stdout) return fail('the bot has no stdout');
    createInterface({ input: child.stdout }).on('line', (line) => {
      process.stdout.write(`[bot] ${line}\n`);
      const match = /"msg":"listening"/.test(line) ? /"url":"([^"]+)"/.exec(line) : null;
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({ child, url: match[1] });
    });
    child.once('close', (code) => fail(`the bot exited (code ${code}) before it was ready`));
  });
}

/** Where `npm run playground` keeps the data of the bot it starts, unless DATA_DIR says otherwise. */
export const PLAYGROUND_DATA_DIR = path.join(PROJECT_ROOT, 'storage', 'playground-data');

/**
 * The bot's data folder and the playground's own files (config, loopback preload, log), which live
 * in a `playground/` folder inside it: one place per bot, whatever the ports, and nothing in the
 * system's temp folder. Attached to a running bot, the data folder is that bot's (DATA_DIR, or the
 * bot's default storage/data).
 */
export function playgroundFolders(env: NodeJS.ProcessEnv, withBot: boolean): { dataDir: string; workDir: string } {
  const dataDir = path.resolve(PROJECT_ROOT, env.DATA_DIR || (withBot ? PLAYGROUND_DATA_DIR : path.join('storage', 'data')));
  return { dataDir, workDir: path.join(dataDir, 'playground') };
}

/** A problem found before anything was started or written: said plainly, exit code 1, no stack trace. */
export class PlaygroundRefusal extends Error {}

async function portInUse(port: number): Promise<boolean> {
  try {
    await assertPortFree(port, '127.0.0.1');
    return false;
  } catch {
    return true; // the probe could not listen: something else has the port
  }
}

/** Checks both ports before anything starts, so a clash is a sentence, not a half-started bot and a stray folder. */
async function checkPorts(botPort: number | undefined, playgroundPort: number): Promise<void> {
  if (botPort !== undefined && (await portInUse(botPort))) {
    const bot = `http://127.0.0.1:${botPort}`;
    if (await reachable(`${bot}/healthz`)) {
      throw new PlaygroundRefusal(
        `A bot is already running at ${bot}. To try it in the playground, run \`npm run playground:attach\` (it uses that bot). ` +
          `To start another bot with the playground, give it a free port: \`PORT=${botPort + 2} npm run playground\`. Nothing was started.`,
      );
    }
    throw new PlaygroundRefusal(`Port ${botPort} is in use by another program, so the bot cannot start there. Choose a free one with PORT (e.g. \`PORT=${botPort + 2} npm run playground\`). Nothing was started.`);
  }
  if (await portInUse(playgroundPort)) {
    throw new PlaygroundRefusal(`Port ${playgroundPort} is in use (another playground?), so the playground cannot start there. Choose a free one with PLAYGROUND_PORT. Nothing was started.`);
  }
}

/** Folders this run creates, removed again if it fails before it is up: a failed start leaves nothing behind. */
function createdFolders(paths: string[]): { make(): void; removeIfFailed(): void } {
  const fresh = paths.filter((p) => !existsSync(p));
  return {
    make: () => paths.forEach((p) => mkdirSync(p, { recursive: true })),
    removeIfFailed: () => fresh.forEach((p) => rmSync(p, { recursive: true, force: true })),
  };
}

async function main(argv: string[]): Promise<void> {
  const withBot = argv.includes('--with-bot');
  const openBrowser = !argv.includes('--no-browser') && process.env.CI !== 'true';
  const botPort = envPort('PORT', 3978);
  const playgroundPort = envPort('PLAYGROUND_PORT', 56150);
  const { dataDir, workDir } = playgroundFolders(process.env, withBot);
  await checkPorts(withBot ? botPort : undefined, playgroundPort);
  // The data folder only if this run makes it; the playground's own folder inside it likewise.
  const folders = createdFolders(withBot ? [dataDir, workDir] : [workDir]);
  folders.make();
  let bot: ChildProcess | undefined;
  let botEndpoint = process.env.BOT_ENDPOINT ?? `http://127.0.0.1:${botPort}/api/messages`;
  let playground: PlaygroundProcess;
  try {
    if (withBot) {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
      if (process.env.PLAYGROUND_ADMIN !== '0') env.ADMINS = [process.env.ADMINS, PLAYGROUND_ADMIN].filter(Boolean).join(',');
      const started = await startBot(env);
      bot = started.child;
      botEndpoint = `${started.url}/api/messages`;
      console.log(`bot: ${started.url} (data: ${dataDir}${env.ADMINS?.includes(PLAYGROUND_ADMIN) ? '; the playground user is an admin' : ''})`);
    } else if (!(await reachable(new URL('/healthz', botEndpoint).href))) {
      console.warn(`No bot answers at ${botEndpoint} yet: start it with \`npm start\` in another terminal (or use \`npm run playground\`, which starts both).`);
    }
    playground = await startPlayground({ botEndpoint, port: playgroundPort, workDir, cwd: PROJECT_ROOT, openBrowser });
  } catch (error) {
    if (bot && bot.exitCode === null && bot.signalCode === null) {
      const closed = new Promise((resolve) => bot?.once('close', resolve));
      bot.kill('SIGTERM');
      await closed;
    }
    folders.removeIfFailed();
    throw error;
  }
  console.log(`Agents Playground: ${playground.url}  ->  ${botEndpoint}\n  files: ${workDir}\n  Ctrl-C stops ${bot ? 'both' : 'it'}.`);

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    bot?.kill('SIGTERM');
    await playground.stop();
    if (bot && bot.exitCode === null && bot.signalCode === null) await new Promise((resolve) => bot?.once('close', resolve));
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  void playground.exited.then((code) => {
    if (!stopping) console.error(`the playground stopped (code ${code}):\n${playground.logTail()}`);
    return shutdown(code ?? 1);
  });
  bot?.once('close', (code) => {
    if (!stopping) console.error(`the bot stopped (code ${code})`);
    void shutdown(code ?? 1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
