// The plan summary, the forum's most important card, as people see it: drawn by the official
// Adaptive Cards renderer at the width of a card in a Teams chat (and of a phone), no word may be
// broken across lines ("Amber: delaye|d", "responsibilitie|s"). The card comes from the running
// bot over /api/messages with authentication on. Screenshots: test-artifacts/cards/summary-*.png.
import { expect } from 'chai';
import { startAuthedTeamsBot, type AuthedTeamsBot } from '../helpers/authed-teams-bot.ts';
import { startCardBrowser, type CardBrowser } from '../helpers/card-in-browser.ts';
import { cardOf, cardText, messageActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

/** A card in a Teams chat on a laptop is about this wide; a phone's is narrower. */
const WIDTHS = [{ name: 'desktop', px: 420 }, { name: 'phone', px: 340 }];

describe('Teams: the plan summary reads at a chat card\'s width', function () {
  this.timeout(60_000);
  let teams: AuthedTeamsBot;
  let browser: CardBrowser;

  before(async () => {
    teams = await startAuthedTeamsBot();
    browser = await startCardBrowser();
  });
  after(async () => {
    await browser?.close();
    await teams?.stop();
    removeTempDirs();
  });

  for (const width of WIDTHS) {
    it(`breaks no word at ${width.px} px (${width.name}), and still names every theme and status`, async () => {
      const card = cardOf((await teams.post(messageActivity('summary', { from: teamsUser('Sam Summary') }))).activities[0]);
      const text = cardText(card);
      for (const theme of teams.bot.store.all('themes')) expect(text).to.include(theme.title);
      for (const word of ['Grey', 'Green', 'Amber', 'Red', 'Blue']) expect(text).to.include(word);
      const { page, problems } = await browser.render(card, width.px);
      expect(problems, 'the renderer read the card').to.deep.equal([]);
      await browser.screenshot(page, `summary-${width.name}`);
      expect(await browser.brokenWords(page)).to.deep.equal([]);
    });
  }
});
