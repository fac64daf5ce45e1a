// A card as Teams would draw it: the official adaptivecards renderer (its browser bundle, as the
// card preview uses it) in headless Chromium, in a column of a given width, the way a card sits in
// a Teams chat. Reads what a person would see that a JSON check cannot: a word broken across two
// lines because its column is too narrow ("delaye / d"). Saves a screenshot of each card to
// test-artifacts/cards/ for a person to look at.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from '../e2e/playground-stack.ts';
import { PROJECT_ROOT } from './bot-process.ts';

const RENDERER = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.js');
export const CARD_ARTIFACTS_DIR = path.join(PROJECT_ROOT, 'test-artifacts', 'cards');

/** Teams' chat font, then what a machine without it has. */
const FONT = "'Segoe UI', 'Helvetica Neue', system-ui, sans-serif";

/**
 * Runs in the page (plain JavaScript: the project's type-check has no DOM library). `renderForTest`
 * parses and renders a card into #card; `brokenWordsForTest` measures each word of its text with
 * a Range: a word whose boxes sit on more than one line was broken by the layout.
 */
const PAGE_SCRIPT = `
window.renderForTest = function (json, font) {
  var AC = window.AdaptiveCards;
  var card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig({ fontFamily: font });
  var context = new AC.SerializationContext();
  card.parse(json, context);
  var problems = [];
  for (var i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  var element = card.render();
  if (element) document.getElementById('card').appendChild(element);
  else problems.push('render() returned no element');
  return problems;
};
window.brokenWordsForTest = function () {
  var broken = [];
  var walker = document.createTreeWalker(document.getElementById('card'), NodeFilter.SHOW_TEXT);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    var text = node.textContent || '';
    // Parts between spaces and hyphens: a line may end after a hyphen, as in print.
    var words = /[^\\s-]+/g;
    var match;
    while ((match = words.exec(text))) {
      var range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      var tops = {};
      Array.prototype.forEach.call(range.getClientRects(), function (r) { if (r.width > 0) tops[Math.round(r.top)] = true; });
      if (Object.keys(tops).length > 1) broken.push({ word: match[0], text: text });
    }
  }
  return broken;
};`;

type PageGlobals = { renderForTest(json: unknown, font: string): string[]; brokenWordsForTest(): { word: string; text: string }[] };

export interface CardBrowser {
  /** Renders the card `width` pixels wide; the problems the renderer's parser reported, if any. */
  render(card: unknown, width: number): Promise<{ page: Page; problems: string[] }>;
  /** Words drawn on more than one line ("responsibilitie|s"), with the text they are in. */
  brokenWords(page: Page): Promise<{ word: string; text: string }[]>;
  /** Saves a PNG of the rendered card as test-artifacts/cards/<name>.png; returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startCardBrowser(): Promise<CardBrowser> {
  const chromium: Chromium = await launchChromium();
  const pages: Page[] = [];
  return {
    async render(card, width) {
      const page = await chromium.context.newPage();
      pages.push(page);
      await page.setContent(`<!doctype html><html><body style="margin:0;background:#f5f5f5"><div id="card" style="width:${width}px;background:#fff"></div></body></html>`);
      await page.addScriptTag({ path: RENDERER });
      await page.addScriptTag({ content: PAGE_SCRIPT });
      const problems = await page.evaluate(([json, font]) => (globalThis as unknown as PageGlobals).renderForTest(json, String(font)), [card, FONT] as const);
      return { page, problems };
    },
    brokenWords: (page) => page.evaluate(() => (globalThis as unknown as PageGlobals).brokenWordsForTest()),
    async screenshot(page, name) {
      mkdirSync(CARD_ARTIFACTS_DIR, { recursive: true });
      const file = path.join(CARD_ARTIFACTS_DIR, `${name}.png`);
      await page.locator('#card').screenshot({ path: file });
      return file;
    },
    async close() {
      await Promise.allSettled(pages.map((p) => p.close()));
      await chromium.browser.close();
    },
  };
}
