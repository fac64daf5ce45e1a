// The public grants pages in headless Chromium: every page and every error state checked with
// axe-core (no serious or critical result), and the whole journey done by keyboard alone (Tab,
// Space, Enter and typing: no clicks), from the start page to the confirmation, then the status
// page and a monitoring return. Screenshots go to test-artifacts/grants/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { chromiumExecutable } from './playground-stack.ts';
import { PROJECT_ROOT } from '../helpers/bot-process.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { decideApplication } from '../../src/domain/grants/grant-decisions.ts';
import { addPerson, ctxOf } from '../grants/grant-fixtures.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'grants');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** Runs axe on the page as it is now; returns the serious and critical violations, described. */
async function seriousProblems(page: Page, name: string): Promise<string[]> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  // Evaluated through the DevTools protocol, so the page's own script policy does not apply to axe.
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(`axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })`)) as AxeResult;
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${name}: ${v.id} (${v.impact}) ${v.help}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** Presses Tab until the focused element matches `selector` (keyboard only); fails after 300 presses. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${selector} with the Tab key`);
}

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

async function check(page: Page, selector: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.press('Space');
}

async function pressButton(page: Page, selector: string): Promise<void> {
  await tabTo(page, selector);
  // A new document is loaded (a link followed or a form posted): wait for it before reading the page.
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
}

describe('grants pages in Chromium: axe and keyboard only', function () {
  this.timeout(120_000);
  let bot: RunningBot;
  let browser: Browser;
  let context: BrowserContext;
  const clock = new Date('2026-12-01T10:00:00Z');

  before(async () => {
    bot = await startRunningBot({}, () => clock);
    browser = await chromium.launch({ executablePath: chromiumExecutable(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
  });
  afterEach(async () => context.close());
  after(async () => {
    await browser?.close();
    await bot?.stop();
    removeTempDirs();
  });

  it('a keyboard-only applicant goes from the start page to the confirmation, then sends a monitoring return; no page or error state has a serious or critical axe result', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    const audit = async (name: string) => problems.push(...(await seriousProblems(page, name)));

    await page.goto(`${bot.url}/grants`);
    expect(await page.evaluate("document.body.classList.contains('govuk-frontend-supported')"), 'govuk-frontend started').to.equal(true);
    await audit('01-start');
    await pressButton(page, 'a.govuk-button--start');
    await audit('02-eligibility');

    // Sent with nothing chosen: the error summary takes the focus (govuk-frontend), and axe checks the error state.
    await pressButton(page, 'button.govuk-button');
    expect(await page.title()).to.match(/^Error: /);
    expect(await page.evaluate("document.activeElement?.closest('.govuk-error-summary') !== null")).to.equal(true);
    await audit('03-eligibility-errors');
    for (const name of ['inRotherham', 'notForProfit', 'bankAccount', 'withinYear']) await check(page, `#${name}`);
    await pressButton(page, 'button.govuk-button');
    await audit('04-application');

    await pressButton(page, 'button.govuk-button');
    await audit('05-application-errors');
    await typeInto(page, '#groupName', 'Maltby Together');
    await check(page, '#groupType');
    await typeInto(page, '#contactName', 'Alex Keyboard');
    await typeInto(page, '#contactEmail', 'alex@example.org');
    await typeInto(page, '#projectTitle', 'Community lunch');
    await typeInto(page, '#projectDescription', 'A monthly lunch at the community centre.');
    await typeInto(page, '#difference', 'Older and newer residents meet.');
    await check(page, '#wards');
    await check(page, '#themes');
    await typeInto(page, '#amount', '600');
    await pressButton(page, 'button.govuk-button');
    expect(await page.title()).to.match(/^Check your answers/);
    await audit('06-check-answers');

    await pressButton(page, 'form[action="/grants/apply/submit"] button.govuk-button');
    expect(await page.locator('.govuk-panel__title').innerText()).to.equal('Application sent');
    await audit('07-confirmation');
    const reference = await page.locator('.govuk-panel__body strong').innerText();
    expect(bot.store.get('grantApplications', reference)).to.deep.include({ amount: 600, via: 'web' });

    await pressButton(page, 'main a[href*="/grants/status/"]');
    await audit('08-status-being-considered');
    const decider = await addPerson(bot.store, 'P-DEC', ['grants-decider']);
    await decideApplication(bot.store, ctxOf(decider), decider.id, { applicationId: reference, expectedVersion: 1, outcome: 'award', amounts: { council: 600, rtp: 0, external: 0 }, reason: 'Well planned.' });
    await page.reload();
    await audit('09-status-awarded-return-due');
    await pressButton(page, 'form button.govuk-button');
    await audit('10-return-errors');
    await typeInto(page, '#whatWasDone', 'Three lunches held.');
    await typeInto(page, '#peopleReached', '45');
    await typeInto(page, '#moneySpent', '200');
    await pressButton(page, 'form button.govuk-button');
    expect(await page.locator('.govuk-notification-banner').innerText()).to.include('Your monitoring return was sent');
    await audit('11-return-sent');

    expect(problems).to.deep.equal([]);
  });

  it('the other pages (not eligible, link not found, refused form, accessibility statement, privacy notice) have no serious or critical axe result, and work with JavaScript off', async () => {
    const problems: string[] = [];
    for (const javaScriptEnabled of [true, false]) {
      const ctx = await browser.newContext({ javaScriptEnabled, locale: 'en-GB' });
      ctx.setDefaultTimeout(15_000);
      const page = await ctx.newPage();
      // axe runs in the page, so it needs JavaScript; without it the pages are only used, not audited.
      const audit = async (name: string) => (javaScriptEnabled ? problems.push(...(await seriousProblems(page, name))) : undefined);
      await page.goto(`${bot.url}/grants/apply`);
      for (const [name, answer] of [['inRotherham', 'no'], ['notForProfit', 'yes'], ['bankAccount', 'yes'], ['withinYear', 'yes']]) await page.click(`label[for="${name}${answer === 'no' ? '-2' : ''}"]`);
      await page.click('button.govuk-button');
      expect(await page.locator('h1').innerText()).to.equal('Your group cannot apply to this fund');
      await audit('20-not-eligible');
      await page.goto(`${bot.url}/grants/status/${'A'.repeat(43)}`);
      await audit('21-link-not-found');
      await page.goto(`${bot.url}/grants/accessibility`);
      await audit('22-accessibility');
      await page.goto(`${bot.url}/grants/privacy`);
      await audit('23-privacy');
      await ctx.clearCookies();
      await page.goto(`${bot.url}/grants/apply`);
      await ctx.clearCookies();
      await page.click('label[for="inRotherham"]');
      await page.click('button.govuk-button');
      expect(await page.locator('h1').innerText()).to.equal('Your session has ended');
      await audit('24-csrf-refused');
      await ctx.close();
    }
    expect(problems).to.deep.equal([]);
  });
});
