// Who is who without codes (issue 18 §4), Teams over HTTP: in a group chat, `add person` offers the
// chat's members the forum does not know yet (the roster from the Bot Connector's
// GET /v3/conversations/{id}/pagedmembers, as TeamsInfo.getPagedMembers reads it; shape as
// Microsoft's "Get the roster or user profile" docs show), so an admin picks a colleague instead
// of asking for their `teams:<guid>` code. The code still works; a pick is checked against the
// roster again when it is saved.
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardOf, cardText, invokeResult, mentionActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { startCardBrowser } from '../helpers/card-in-browser.ts';

const CHAT = '19:forum-partners-chat@thread.v2';

function choicesOf(card: unknown, id: string): { title: string; value: string }[] {
  let found: { title: string; value: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.id === id && Array.isArray(record.choices)) found = record.choices as { title: string; value: string }[];
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}

describe('Teams: add a person by picking them from the conversation', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const admin = teamsUser('Ada Admin');
  const known = teamsUser('Kim Known');
  const newcomer = teamsUser('Nia Newcomer');
  const inChat = (extra = {}) => ({ from: admin, conversation: 'groupChat' as const, conversationId: CHAT, serviceUrl: connector.url, ...extra });

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot();
    await registerTeamsPerson(bot.store, admin, ['admin']);
    await registerTeamsPerson(bot.store, known, ['member']);
    connector.setMembers(CHAT, [admin, known, newcomer].map((u, i) => ({ id: `29:1member${i}`, name: u.name, aadObjectId: u.aadObjectId })));
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  it('offers the chat\'s members the forum does not know yet, by name; the account code stays as the fallback', async function () {
    this.timeout(60_000);
    const form = cardOf((await postActivity(bot.url, mentionActivity('add person', inChat()))).activities[0]);
    expect(choicesOf(form, 'member')).to.deep.equal([{ title: 'Nia Newcomer', value: `teams:${newcomer.aadObjectId}` }]);
    expect(cardText(form)).to.include('Account code (from whoami), if they are not in this conversation');
    // As Teams draws it (official renderer, Chromium), in a chat column and on a phone.
    const browser = await startCardBrowser();
    try {
      for (const width of [450, 320]) {
        const { page, problems } = await browser.render(form, width);
        expect(problems).to.deep.equal([]);
        await browser.screenshot(page, `person-form-roster-${width}`);
        expect(await browser.brokenWords(page), `at ${width} px`).to.deep.equal([]);
      }
    } finally {
      await browser.close();
    }
  });

  it('picking someone saves them under the name the conversation gives, with no code typed', async () => {
    const answer = await postActivity(bot.url, cardActionActivity('person.save', { member: `teams:${newcomer.aadObjectId}`, displayName: '', account: '', organisationId: 'south-yorkshire-police', roles: 'member' }, inChat()));
    expect(cardText(invokeResult(answer).value)).to.include('Added Nia Newcomer');
    const saved = bot.store.all('people').find((p) => p.identities.some((i) => i.platform === 'teams' && i.aadObjectId === newcomer.aadObjectId));
    expect(saved).to.include({ displayName: 'Nia Newcomer', organisationId: 'south-yorkshire-police' });
  });

  it('a pick of someone not in the conversation (a tampered card) is refused, and nothing is saved', async () => {
    const outsider = teamsUser('Oz Outsider');
    const before = bot.store.count('people');
    const answer = await postActivity(bot.url, cardActionActivity('person.save', { member: `teams:${outsider.aadObjectId}`, displayName: 'Oz', account: '', organisationId: 'rmbc', roles: 'member' }, inChat()));
    expect(cardText(invokeResult(answer).value)).to.include('no longer in this conversation');
    expect(bot.store.count('people')).to.equal(before);
  });

  it('neither a pick nor a code: the form says what is needed', async () => {
    const answer = await postActivity(bot.url, cardActionActivity('person.save', { displayName: 'Someone', account: '', organisationId: 'rmbc', roles: 'member' }, inChat()));
    expect(cardText(invokeResult(answer).value)).to.include('Choose someone in this conversation, or give their account code');
  });
});
