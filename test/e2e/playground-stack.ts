// The end-to-end stack: the real bot process and the real Agents Playground pointed at it, both on
// free loopback ports, plus headless Debian Chromium for the playground's web UI.
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { PLAYGROUND_ADMIN, startPlayground, type PlaygroundProcess } from '../../scripts/playground.ts';
import { freePort, PROJECT_ROOT, startBotProcess, type BotProcess } from '../helpers/bot-process.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

export const ARTIFACTS_DIR = path.join(PROJECT_ROOT, 'test-artifacts', 'playground');

export interface Stack {
  bot: BotProcess;
  playground: PlaygroundProcess;
  stop(): Promise<void>;
}

/** Starts the bot (temp DATA_DIR, the playground user as bootstrap admin) and the playground pointed at it. */
export async function startStack(): Promise<Stack> {
  const bot = await startBotProcess({ PORT: String(await freePort()), ADMINS: PLAYGROUND_ADMIN }, { timeoutMs: 30_000 });
  let playground: PlaygroundProcess;
  try {
    playground = await startPlayground({ botEndpoint: `${bot.url}/api/messages`, port: await freePort(), workDir: makeTempDir('scf-playground-') });
  } catch (error) {
    await bot.stop('SIGKILL');
    throw error;
  }
  // Last resort if the test run itself dies: the bot helper does the same for the bot.
  const killOnExit = () => playground.child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await Promise.allSettled([playground.stop(), bot.stop()]);
  };
  return { bot, playground, stop };
}

/** Debian's Chromium (or CHROMIUM_PATH); fails, never skips, when it is missing. */
export function chromiumExecutable(): string {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    accessSync(candidate, constants.X_OK);
  } catch (error) {
    throw new Error(
      `Chromium is needed for the Agents Playground end-to-end test and was not found at ${candidate}.\n` +
        'Install it with `sudo apt-get update && sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
      { cause: error },
    );
  }
  return candidate;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface Chromium {
  browser: Browser;
  context: BrowserContext;
  /** Requests the browser tried to make off this machine (CDN fonts, telemetry): all refused. */
  blocked: string[];
}

/** Headless Chromium whose pages can reach loopback only: every other request is aborted before it leaves. */
export async function launchChromium(): Promise<Chromium> {
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  context.setDefaultTimeout(15_000);
  const blocked: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || LOOPBACK_HOSTS.has(hostname)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return { browser, context, blocked };
}

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, `${name}.png`);
}
