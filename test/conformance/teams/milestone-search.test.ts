// Finding and sharing milestones in Teams over /api/messages, in the shapes Microsoft documents
// (fixtures/compose-extension-query*.json): the search message extension and link unfurling of a
// milestone's address; and that address opened in a browser, which shows no forum data.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { assignOwner, registerTeamsPerson } from '../../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../../helpers/running-bot.ts';
import { cardButtons, cardText, postActivity, TENANT, teamsUser, type Activity } from '../../helpers/teams-activities.ts';
import { removeTempDirs } from '../../helpers/temp-dir.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const PUBLIC_URL = 'https://forum-bot.example.org';

interface ExtensionAnswer {
  composeExtension?: { type?: string; text?: string; attachmentLayout?: string; attachments?: { contentType: string; content: Record<string, unknown>; preview?: { contentType: string; content: { title: string; text: string } } }[] };
}

describe('Teams: find a milestone from the compose box, and a pasted milestone link unfurled', function () {
  let bot: RunningBot;
  const owner = teamsUser('Owen Owner');
  let milestoneId = '';
  let sent = 0;

  function fixture(name: string, values: Record<string, string>, overrides: Activity = {}): Activity {
    const all: Record<string, string> = { TENANT, BOT_ID: '28:forum-bot', SERVICE_URL: 'https://smba.trafficmanager.net/emea/', FROM_AAD: owner.aadObjectId, PARAMETER: 'query', ...values };
    const text = readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8').replace(/\$\{(\w+)\}/g, (_m, key: string) => JSON.stringify(all[key] ?? `\${${key}}`).slice(1, -1));
    const parsed = JSON.parse(text) as { source: string; activity: Activity };
    expect(parsed.source, `${name} names its source`).to.match(/docs|sample/i);
    sent += 1;
    return { ...parsed.activity, id: `${String(parsed.activity.id)}-${sent}`, ...overrides };
  }
  const ask = async (activity: Activity) => {
    const answer = await postActivity(bot.url, activity);
    expect(answer.status).to.equal(200);
    return (answer.body as ExtensionAnswer).composeExtension;
  };
  const search = (query: string) => ask(fixture('compose-extension-query', { QUERY: query }));
  const unfurl = (url: string, overrides: Activity = {}) => ask(fixture('compose-extension-query-link', { URL: url }, overrides));

  before(async () => {
    bot = await startRunningBot({ ALLOWED_TENANTS: TENANT, PUBLIC_URL });
    const person = await registerTeamsPerson(bot.store, owner, ['member']);
    const milestone = bot.store.all('milestones').find((m) => m.status === 'on-track');
    if (!milestone) throw new Error('no on-track milestone in the seed');
    milestoneId = milestone.id;
    await assignOwner(bot.store, milestoneId, person.id);
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
