// Drives the Agents Playground's web UI the way a person would: type into the compose box, read the
// Adaptive Cards it renders (the same renderer Teams uses), press their buttons.
import type { Locator, Page } from 'playwright-core';
import { screenshotPath } from './playground-stack.ts';

/** Every wait in the UI is bounded by this. */
export const UI_TIMEOUT_MS = 15_000;

export class PlaygroundPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  /** Every Adaptive Card in the open conversation, oldest first. */
  get cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  /** Cards with a TextBlock reading exactly `title` (a card's heading). */
  cardTitled(title: string | RegExp): Locator {
    const exact = typeof title === 'string' ? new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) : title;
    return this.cards.filter({ has: this.page.locator('.ac-textBlock', { hasText: exact }) });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url, { timeout: UI_TIMEOUT_MS, waitUntil: 'domcontentloaded' });
    await this.composeBox().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }

  composeBox(): Locator {
    return this.page.locator('[role="textbox"][contenteditable="true"]');
  }

  /** Types a message as the signed-in user and sends it with Enter. */
  async send(text: string): Promise<void> {
    const box = this.composeBox();
    await box.click({ timeout: UI_TIMEOUT_MS });
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** Waits until the n-th card (0-based) exists, i.e. a card beyond the ones already shown has arrived. */
  async waitForCardCount(count: number): Promise<void> {
    await this.cards.nth(count - 1).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }

  /** Sends `text` and resolves with the first card to arrive after it. */
  async sendAndWaitForCard(text: string): Promise<Locator> {
    const before = await this.cards.count();
    await this.send(text);
    await this.waitForCardCount(before + 1);
    return this.cards.nth(before);
  }

  async waitFor(locator: Locator, what: string): Promise<Locator> {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    } catch (error) {
      const shown = await this.cards.allInnerTexts();
      throw new Error(`${what} did not appear within ${UI_TIMEOUT_MS} ms. Cards shown:\n${shown.map((c) => `--- ${c.slice(0, 400)}`).join('\n')}`, { cause: error });
    }
    return locator.first();
  }

  async screenshot(name: string): Promise<string> {
    const file = screenshotPath(name);
    await this.page.screenshot({ path: file, fullPage: true, timeout: UI_TIMEOUT_MS });
    return file;
  }
}

/** Milestone ids (e.g. BSC-3.3-M1) in the order they appear in a card's text. */
export function milestoneIds(text: string): string[] {
  return [...text.matchAll(/\bBSC-\d+\.\d+-M\d+\b/g)].map((m) => m[0]);
}
