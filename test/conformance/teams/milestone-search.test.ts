// Finding and sharing milestones in Teams over /api/messages, in the shapes Microsoft documents
// (fixtures/compose-extension-query*.json): the search message extension and link unfurling of a
// milestone's address; and that address opened in a browser, which shows no forum data.
import { expect } from 'chai';
import { ownerOfAMilestone, teamsFixture } from '../../helpers/teams-fixtures.ts';
import { startRunningBot, type RunningBot } from '../../helpers/running-bot.ts';
import { cardButtons, cardText, postActivity, TENANT, teamsUser, type Activity } from '../../helpers/teams-activities.ts';
import { removeTempDirs } from '../../helpers/temp-dir.ts';
import { startCardBrowser } from '../../helpers/card-in-browser.ts';

const PUBLIC_URL = 'https://forum-bot.example.org';

interface ExtensionAnswer {
  composeExtension?: { type?: string; text?: string; attachmentLayout?: string; attachments?: { contentType: string; content: Record<string, unknown>; preview?: { contentType: string; content: { title: string; text: string } } }[] };
}

describe('Teams: find a milestone from the compose box, and a pasted milestone link unfurled', function () {
  let bot: RunningBot;
  const owner = teamsUser('Owen Owner');
  let milestoneId = '';

  const fixture = (name: string, values: Record<string, string>, overrides: Activity = {}): Activity =>
    teamsFixture(name, { TENANT, BOT_ID: '28:forum-bot', SERVICE_URL: 'https://smba.trafficmanager.net/emea/', FROM_AAD: owner.aadObjectId, PARAMETER: 'query', ...values }, overrides);
  const ask = async (activity: Activity) => {
    const answer = await postActivity(bot.url, activity);
    expect(answer.status).to.equal(200);
    return (answer.body as ExtensionAnswer).composeExtension;
  };
  const search = (query: string) => ask(fixture('compose-extension-query', { QUERY: query }));
  const unfurl = (url: string, overrides: Activity = {}) => ask(fixture('compose-extension-query-link', { URL: url }, overrides));

  before(async () => {
    bot = await startRunningBot({ ALLOWED_TENANTS: TENANT, PUBLIC_URL });
    milestoneId = (await ownerOfAMilestone(bot.store, owner)).milestoneId;
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  it('finds milestones by id: a list whose items preview the milestone and carry its card to share, the same for every viewer', async () => {
    const found = await search(milestoneId);
    expect(found?.type).to.equal('result');
    expect(found?.attachmentLayout).to.equal('list');
    const first = found?.attachments?.[0];
    expect(first?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(first?.preview?.content.title).to.equal(milestoneId);
    expect(cardText(first?.content)).to.include(`Milestone ${milestoneId}`).and.include('Status as of');
    const buttons = cardButtons(first?.content);
    expect(buttons.map((b) => b.title)).to.deep.equal(['Current details', 'Update']);
    // Update opens a dialog, whose permission is checked when it opens and when it is saved.
    expect(buttons.find((b) => b.title === 'Update')?.dialog).to.equal(true);
  });

  it('the shared card as Teams draws it (official renderer, Chromium), in a chat column and on a phone', async function () {
    this.timeout(60_000);
    const card = (await search(milestoneId))?.attachments?.[0]?.content;
    const browser = await startCardBrowser();
    try {
      for (const width of [450, 320]) {
        const { page, problems } = await browser.render(card, width);
        expect(problems).to.deep.equal([]);
        await browser.screenshot(page, `milestone-share-${width}`);
        expect(await browser.brokenWords(page), `at ${width} px`).to.deep.equal([]);
      }
    } finally {
      await browser.close();
    }
  });

  it('finds by words, by owner and by organisation', async () => {
    const milestone = bot.store.get('milestones', milestoneId);
    const word = (milestone?.description ?? '').split(/\s+/).find((w) => w.length > 6) ?? '';
    expect((await search(word))?.attachments?.map((a) => a.preview?.content.title)).to.include(milestoneId);
    expect((await search('Owen'))?.attachments?.map((a) => a.preview?.content.title)).to.deep.equal([milestoneId]);
    const org = bot.store.get('organisations', milestone?.owner.organisationId ?? '');
    expect((await search(org?.name ?? 'none'))?.attachments?.map((a) => a.preview?.content.title)).to.include(milestoneId);
  });

  it('on opening (initialRun) lists the person\'s own milestones; nothing matching says so', async () => {
    const first = await ask(fixture('compose-extension-query', { PARAMETER: 'initialRun', QUERY: 'true' }));
    expect(first?.attachments?.map((a) => a.preview?.content.title)).to.deep.equal([milestoneId]);
    const none = await search('zzzz-no-such-thing');
    expect(none?.type).to.equal('message');
    expect(none?.text).to.include('No milestone matches');
  });

  it('a pasted milestone address unfurls into its card; other links and unknown ids into nothing', async () => {
    const card = await unfurl(`${PUBLIC_URL}/m/${milestoneId}`);
    expect(card?.attachments).to.have.length(1);
    expect(cardText(card?.attachments?.[0]?.content)).to.include(`Milestone ${milestoneId}`);
    expect((await unfurl(`${PUBLIC_URL}/m/BSC-99.9-M9`))?.attachments).to.deep.equal([]);
    expect((await unfurl(`https://elsewhere.example.org/m/${milestoneId}`))?.attachments).to.deep.equal([]);
    expect((await unfurl(`${PUBLIC_URL}/downloads/abc`))?.attachments).to.deep.equal([]);
  });

  it('a link pasted in a tenant that is not allowed is not unfurled', async () => {
    const other = '99999999-0000-4000-8000-000000000009';
    const card = await unfurl(`${PUBLIC_URL}/m/${milestoneId}`, { conversation: { conversationType: 'groupChat', tenantId: other, id: '19:other@thread.v2' }, channelData: { tenant: { id: other } } });
    expect(card?.attachments).to.deep.equal([]);
  });

  it('the address opened in a browser shows no forum data, for a real milestone or not', async () => {
    const real = await fetch(`${bot.url}/m/${milestoneId}`);
    const made = await fetch(`${bot.url}/m/BSC-99.9-M9`);
    expect(real.status).to.equal(200);
    const page = await real.text();
    expect(page).to.equal(await made.text());
    const milestone = bot.store.get('milestones', milestoneId);
    expect(page).to.include('Teams').and.include('Slack').and.not.include(milestone?.description ?? '-').and.not.include(milestoneId);
  });
});
