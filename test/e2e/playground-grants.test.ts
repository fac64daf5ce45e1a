// Issue 17's "Done when", as a newcomer would do it, in the Microsoft 365 Agents Playground: the
// real bot process (local mode, so the seed opens a DEMO round) and the real playground. The
// playground user (an admin, so every grants role) subscribes the team's "Forum reminders"
// channel by @mentioning the bot there; a group applies on the bot's own /grants pages over HTTP;
// the announcement arrives in that channel, with no contact details; the user then scores,
// awards and records a payment by pressing the cards' Action.Execute buttons (the playground
// does not show dialogs, so the dialog buttons' forms are asked for by verb, as
// test/grants/grants-dialog.test.ts proves the dialogs with Microsoft's documented shapes); the
// group sends its monitoring return from its status page; and `grants report` counts it all.
// Screenshots of the channel and the chat, drawn by the playground's renderer in headless
// Chromium, go to test-artifacts/playground/.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { JsonWebSocket } from './json-websocket.ts';
import { cardOf, cardTexts, isStreamMessage, PlaygroundApi, type PlaygroundContext, type StreamMessage } from './playground-api.ts';
import { PlaygroundPage, UI_TIMEOUT_MS } from './playground-page.ts';
import { chromiumExecutable, launchChromium, startStack, type Chromium, type Stack } from './playground-stack.ts';
import { applyOverHttp, GrantsWebClient, hiddenFieldsOf } from '../helpers/grants-web-client.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const REPLY_TIMEOUT_MS = 20_000;
const CONTACT = { name: 'Sam Applicant', email: 'sam.applicant@example.org' };

describe('Agents Playground: the small grants fund end to end (apply, announce, score, award, pay, monitor, report)', function () {
  this.timeout(120_000);
  let stack: Stack | undefined;
  let api: PlaygroundApi;
  let ctx: PlaygroundContext;
  let stream: JsonWebSocket;
  let chromium: Chromium | undefined;
  let ui: PlaygroundPage;
  let reference = '';
  let statusUrl = '';

  before(async function () {
    chromiumExecutable(); // fails (never skips) without Chromium
    stack = await startStack();
    api = new PlaygroundApi(stack.playground.url);
    ctx = await api.context();
    stream = await api.openStream();
    // The page keeps only what arrives while it is open: open it before anything is posted.
    chromium = await launchChromium();
    const page: Page = await chromium.context.newPage();
    ui = new PlaygroundPage(page);
    await ui.open(stack.playground.url);
    // Opening the channel installs the app there (the bot's welcome), as adding it to a team does.
    await page.getByText('Forum reminders', { exact: true }).first().click({ timeout: UI_TIMEOUT_MS });
    await ui.waitFor(ui.cardTitled('Stronger Communities Forum'), 'the welcome in the channel');
  });
  after(async function () {
    stream?.close();
    await chromium?.browser.close();
    await stack?.stop();
    removeTempDirs();
  });

  const channel = () => {
    const found = ctx.channels.find((c) => c.name === 'Forum reminders');
    if (!found) throw new Error(`the playground has no "Forum reminders" channel (it has ${ctx.channels.map((c) => c.name).join(', ')})`);
    return found;
  };
  /** A message the bot posted after the first `since`, in `conversation` (a channel's posts count as the channel's), whose text or card includes `text`. */
  const botSaid = (since: number, text: string, conversation?: string) => (m: unknown): m is StreamMessage =>
    isStreamMessage(m) && stream.messages.indexOf(m) >= since && m.message.from.id === ctx.botId && (conversation === undefined || m.actionConversationId.startsWith(conversation)) && [m.message.text ?? '', ...cardTexts(cardOf(m))].join('\n').includes(text);
  const running = () => {
    if (!stack) throw new Error('the bot and the playground did not start');
    return stack;
  };

  it('subscribes the "Forum reminders" channel when the bot is @mentioned there', async function () {
    const since = stream.messages.length;
    await api.sendToChannel(ctx, channel().id, 'subscribe reminders');
    await stream.waitFor(botSaid(since, 'ubscribed', channel().id), REPLY_TIMEOUT_MS, 'the subscription confirmed in the channel');
  });

  it('announces an application made on the public /grants pages in the channel, without the contact\'s details', async function () {
    const since = stream.messages.length;
    ({ reference, statusUrl } = await applyOverHttp(new GrantsWebClient(running().bot.url), { contactName: CONTACT.name, contactEmail: CONTACT.email }));
    expect(reference).to.match(/^BSC-[A-Z0-9]{6}$/);
    const announcement = await stream.waitFor(botSaid(since, reference, channel().id), REPLY_TIMEOUT_MS, `the announcement of ${reference} in the channel`);
    const text = cardTexts(cardOf(announcement)).join('\n');
    expect(text).to.include('DEMO');
    expect(text).not.to.include(CONTACT.name).and.not.to.include(CONTACT.email);
  });

  it('scores, awards and records a payment through the cards\' buttons, the round card showing the money committed', async function () {
    const since = stream.messages.length;
    await api.sendText(ctx, `grant ${reference}`);
    const detail = await stream.waitFor(botSaid(since, `Grant application ${reference}`, ctx.personalChatId), REPLY_TIMEOUT_MS, 'the application card');
    expect(cardTexts(cardOf(detail)).join('\n'), 'the contact, in the 1:1 chat only').to.include(CONTACT.email);
    const messageId = detail.message.messageId;

    const form = await api.execute(ctx, messageId, 'grant.score-form', { reference });
    const criteria = JSON.stringify(form.value).match(/"id":"score-[a-z-]+"/g)?.map((m) => m.slice(6, -1)) ?? [];
    expect(criteria.length, 'one score per criterion').to.be.greaterThan(0);
    const scored = await api.execute(ctx, messageId, 'grant.score', { reference, comment: 'Well planned', ...Object.fromEntries(criteria.map((c) => [c, '4'])) });
    expect(cardTexts(scored.value).join('\n')).to.include('Your scores were saved.');

    const decideForm = await api.execute(ctx, messageId, 'grant.decide-form', { reference });
    const version = /"version":"?(\d+)/.exec(JSON.stringify(decideForm.value))?.[1];
    expect(version, 'the decision form carries the application\'s version').to.be.a('string');
    const decided = await api.execute(ctx, messageId, 'grant.decide', { reference, version: String(version), outcome: 'award', council: '600', rtp: '0', external: '0', reason: 'Clear plan, good reach' });
    expect(cardTexts(decided.value).join('\n')).to.include('Awarded.');
    const paid = await api.execute(ctx, messageId, 'grant.pay', { reference, source: 'council', amount: '300', paidOn: new Date().toISOString().slice(0, 10), financeReference: 'AP-PLAY-1' });
    expect(cardTexts(paid.value).join('\n')).to.include('Payment 1 recorded: £300 from council');

    const before = stream.messages.length;
    await api.sendText(ctx, 'grants');
    const round = await stream.waitFor(botSaid(before, 'Money (budget', ctx.personalChatId), REPLY_TIMEOUT_MS, 'the round card');
    // The money is in a FactSet (budget · committed · paid · remaining): read the whole card.
    expect(JSON.stringify(cardOf(round))).to.include('£600 · £300').and.include(reference);
  });

  it('takes the group\'s monitoring return on its status page, and the year-end report counts the award, the payment and the return', async function () {
    const client = new GrantsWebClient(running().bot.url);
    const path = new URL(statusUrl).pathname;
    const status = await client.get(path);
    expect(status.html).to.include('Awarded £600');
    const sent = await client.post(`${path}/return`, [...hiddenFieldsOf(status.html, `${path}/return`), ['whatWasDone', 'Held the first two sessions.'], ['peopleReached', '45'], ['moneySpent', '250']]);
    expect(sent.status, 'the return is accepted').to.equal(303);

    const since = stream.messages.length;
    await api.sendText(ctx, 'grants report');
    const report = await stream.waitFor(botSaid(since, 'Grants monitoring report', ctx.personalChatId), REPLY_TIMEOUT_MS, 'the year-end report');
    const text = report.message.text ?? '';
    expect(text).to.include('awarded £600, paid £300').and.include('1 monitoring returns, 45 people reached').and.include('£300 awarded not yet paid');
  });

  it('shows the announcement in the channel and the awarded application in the chat, as the playground draws them', async function () {
    const page = ui.page;
    await ui.waitFor(ui.cards.filter({ hasText: reference }), 'the announcement in the channel');
    await ui.screenshot('grants-01-announcement-in-channel');
    await page.getByText('Personal Chat', { exact: true }).first().click({ timeout: UI_TIMEOUT_MS });
    await ui.composeBox().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await ui.send(`grant ${reference}`);
    await ui.waitFor(ui.cards.filter({ hasText: 'Clear plan, good reach' }), 'the application card, awarded, in the chat');
    await ui.screenshot('grants-02-application-in-chat');
  });
});
