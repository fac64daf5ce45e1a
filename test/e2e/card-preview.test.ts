// The card preview (`npm run cards`) end to end: the real CLI on a free loopback port, its page in
// headless Debian Chromium, every card template x sample rendered by the official adaptivecards
// renderer and as Block Kit without errors. Screenshots go to test-artifacts/card-preview/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { CARD_SAMPLES, UNTRUSTED_MARK } from '../../src/cards/card-samples.ts';
import { CARDS_FOLDER } from '../../src/cards/render-card.ts';
import { PROJECT_ROOT } from '../helpers/bot-process.ts';
import { launchChromium, type Chromium } from './playground-stack.ts';

const ARTIFACTS_DIR = path.join(PROJECT_ROOT, 'test-artifacts', 'card-preview');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const PAGE_TIMEOUT_MS = 30_000;

interface PreviewProcess {
  url: string;
  stop(): Promise<void>;
}

/** Runs the CLI behind `npm run cards` with --port 0 and resolves with the URL it prints. */
function startPreview(): Promise<PreviewProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/card-preview/main.ts', '--port', '0'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await closed;
    clearTimeout(timer);
  };
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let started = false;
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${why}\nstderr:\n${stderr}`)));
    };
    const timer = setTimeout(() => fail(`the card preview did not print its URL within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    void closed.then(() => {
      if (!started) fail(`the card preview exited (code ${String(child.exitCode)}) before printing its URL`);
    });
    if (!child.stdout) return fail('no stdout from the card preview');
    createInterface({ input: child.stdout }).on('line', (line) => {
      const url = /^Card preview: (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line)?.[1];
      if (!url || started) return;
      started = true;
      clearTimeout(timer);
      resolve({ url, stop });
    });
  });
}

/** Templates in cards/ and how many samples the sources give each: what the page must show. */
function expectedCards(): { templates: string[]; samples: number } {
  const templates = readdirSync(CARDS_FOLDER)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.basename(f, '.json'))
    .sort();
  const samples: Record<string, readonly unknown[] | undefined> = CARD_SAMPLES;
  return { templates, samples: templates.reduce((n, name) => n + (samples[name]?.length ?? 0), 0) };
}

interface ShownCard {
  card: string;
  sample: string;
  status: string;
  teams: string;
  slack: string;
  problems: string[];
  renderedTeams: boolean;
  blockCount: number | null;
  json: string | null;
  builderLink: string | null;
  /** Places where people's text (the untrusted mark) became a link, mention or formatting. */
  interpreted: string[];
}

/** The little of the DOM read here (the project's type-check has no DOM library). */
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

async function shownCards(page: Page): Promise<ShownCard[]> {
  return page.locator('article[data-card]').evaluateAll((articles: PageElement[]) =>
    articles.map((el) => {
      const count = el.querySelector('[data-block-count]')?.getAttribute('data-block-count');
      const interpreted = [
        ...Array.from(el.querySelectorAll('a[href^="https://example.org"]'), () => 'a link to example.org'),
        // A channel (#name) is the bot's own link to a subscribed Slack channel (a list item's `link`);
        // the untrusted mark carries a special mention (<!channel>), never a channel reference.
        ...Array.from(el.querySelectorAll('.sk-mention'), (m) => m.textContent ?? '').filter((t) => !t.startsWith('#')).map((t) => `a Slack mention ${t}`),
        // Formatting around exactly "not bold" / "not italic" is the mark's markdown read as markdown
        // (a card may still show a whole run of people's text in bold).
        ...Array.from(el.querySelectorAll('strong, b, em, i'), (f) => (f.textContent ?? '').replace(/\u200B/g, '').trim())
          .filter((t) => t === 'not bold' || t === 'not italic')
          .map((t) => `formatted text "${t}"`),
      ];
      return {
        card: el.getAttribute('data-card') ?? '',
        sample: el.getAttribute('data-sample') ?? '',
        status: el.getAttribute('data-status') ?? '',
        teams: el.getAttribute('data-teams-status') ?? '',
        slack: el.getAttribute('data-slack-status') ?? '',
        problems: Array.from(el.querySelectorAll('.problems li'), (li) => li.textContent ?? ''),
        renderedTeams: el.querySelector('[data-teams-card] .ac-adaptiveCard') !== null,
        blockCount: count == null ? null : Number(count),
        json: el.querySelector('[data-blocks-json]')?.textContent ?? null,
        builderLink: el.querySelector('[data-builder-link]')?.getAttribute('href') ?? null,
        interpreted,
      };
    }),
  );
}

describe('card preview (npm run cards) in headless Chromium', function () {
  this.timeout(120_000);
  let preview: PreviewProcess | undefined;
  let chromium: Chromium | undefined;
  let page: Page;
  let cards: ShownCard[] = [];
  const consoleErrors: string[] = [];

  before(async function () {
    rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    preview = await startPreview();
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
    await page.goto(preview.url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    await page.locator('body[data-preview="done"]').waitFor({ state: 'attached', timeout: PAGE_TIMEOUT_MS });
    cards = await shownCards(page);
  });

  after(async function () {
    await chromium?.browser.close();
    await preview?.stop();
  });

  it('shows one card per template x sample, counted from cards/ and the sample sources', function () {
    const expected = expectedCards();
    expect(expected.samples, 'samples in the sources').to.be.greaterThan(expected.templates.length - 1);
    expect([...new Set(cards.map((c) => c.card))].sort(), 'templates on the page').to.deep.equal(expected.templates);
    expect(cards.filter((c) => c.sample !== 'none').length, 'template x sample cards on the page').to.equal(expected.samples);
  });

  it('renders every card with the official renderer (parsed, validated, rendered) and as Block Kit, all with status ok', function () {
    const failed = cards.filter((c) => c.status !== 'ok').map((c) => `${c.card} sample ${c.sample} (teams ${c.teams}, slack ${c.slack}): ${c.problems.join('; ')}`);
    expect(failed, 'cards that did not render cleanly').to.deep.equal([]);
    const notDrawn = cards.filter((c) => !c.renderedTeams || !c.blockCount).map((c) => `${c.card} sample ${c.sample}`);
    expect(notDrawn, 'cards missing an Adaptive Card element or Slack blocks').to.deep.equal([]);
  });

  it('logs no console errors and asks for nothing off this machine', function () {
    expect(consoleErrors, 'console errors').to.deep.equal([]);
    expect(chromium?.blocked, 'requests off this machine').to.deep.equal([]);
  });

  it('gives each card its Block Kit JSON, the same as the drawn blocks and the Block Kit Builder link', function () {
    for (const card of cards) {
      const where = `${card.card} sample ${card.sample}`;
      expect(card.json, where).to.be.a('string');
      const payload: unknown = JSON.parse(card.json ?? '');
      const blocks = typeof payload === 'object' && payload !== null && 'blocks' in payload && Array.isArray(payload.blocks) ? payload.blocks : undefined;
      expect(blocks?.length, `${where}: blocks in the JSON`).to.equal(card.blockCount);
      const link = card.builderLink ?? '';
      expect(link.startsWith('https://app.slack.com/block-kit-builder/#'), `${where}: builder link`).to.equal(true);
      expect(JSON.parse(decodeURIComponent(link.slice(link.indexOf('#') + 1))), `${where}: builder link payload`).to.deep.equal(payload);
    }
  });

  it('shows text typed by people literally on both sides: no link, mention or formatting from it', async function () {
    const interpreted = cards.filter((c) => c.interpreted.length).map((c) => `${c.card} sample ${c.sample}: ${c.interpreted.join(', ')}`);
    expect(interpreted).to.deep.equal([]);
    // The mark is on the page as text (so the check above looked at something).
    const marked = await page.locator('article[data-card]', { hasText: UNTRUSTED_MARK.slice(0, 10) }).count();
    expect(marked, 'cards showing the untrusted mark').to.be.greaterThan(0);
  });

  it('saves a screenshot of the whole page and of each card to test-artifacts/card-preview/', async function () {
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'card-preview.png'), fullPage: true, timeout: PAGE_TIMEOUT_MS });
    const articles = page.locator('article[data-card]');
    const count = await articles.count();
    for (let i = 0; i < count; i++) {
      const article = articles.nth(i);
      const name = `${(await article.getAttribute('data-card')) ?? 'card'}--${(await article.getAttribute('data-sample')) ?? i}`;
      await article.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), timeout: PAGE_TIMEOUT_MS });
    }
    const saved = readdirSync(ARTIFACTS_DIR).filter((f) => f.endsWith('.png'));
    expect(saved.length).to.equal(count + 1);
  });
});
