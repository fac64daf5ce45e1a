// Lists people act on item by item are cards with buttons, not text: the intelligence queue (a
// reviewer opens a report with a tap, never retyping its id), an urgent-report alert, the replies
// to a meeting, people, and the subscribed conversations, which are named as people know them
// (the team and channel, the group chat). No reply shows an angle-bracket placeholder or an HTML
// entity ("intel &lt;id&gt;").
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startAuthedTeamsBot, type AuthedTeamsBot } from '../helpers/authed-teams-bot.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, invokeResult, mentionActivity, messageActivity, postActivity, teamsUser, TENANT, type Activity, type BotAnswer } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const report = (o: Record<string, string> = {}): Record<string, string> => ({
  occurredDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
  occurredTime: '18:30',
  areaId: 'E05012996',
  location: 'Near the market',
  category: 'rumour-or-misinformation',
  hateStrands: '',
  communitiesAffected: '',
  description: 'A rumour about the new arrivals is going round the estate',
  sourceType: 'community-member',
  sourceReliability: 'untested',
  informationConfidence: 'known-indirectly',
  tensionLevel: '2',
  tensionTrend: 'stable',
  reportedToPolice: 'false',
  handling: 'OFFICIAL',
  ...o,
});

/** Everything a reply shows that Teams reads as markdown or HTML: a text reply, and TextBlocks. */
function markupText(answer: BotAnswer | { value?: unknown }): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'TextBlock' && typeof record.text === 'string') found.push(record.text);
    Object.values(record).forEach(walk);
  };
  if ('activities' in answer) {
    for (const a of answer.activities) {
      if (typeof a.text === 'string') found.push(a.text);
      walk(a.attachments);
    }
  } else if (typeof answer.value === 'string') found.push(answer.value);
  else walk(answer.value);
  return found;
}
const PLACEHOLDER_OR_ENTITY = /<[a-z/!]|&(?:lt|gt|amp|quot|#\d+);/i;

describe('Teams: lists as cards with buttons, with authentication on', function () {
  let teams: AuthedTeamsBot;
  const reviewer = teamsUser('Rita Reviewer');
  const reporter = teamsUser('Olu Officer');
  const admin = teamsUser('Ada Admin');
  const coordinator = teamsUser('Chris Coordinator');
  const seen: string[] = [];
  const ask = async (activity: Activity) => {
    const answer = await teams.post(activity);
    expect(answer.status).to.equal(200);
    seen.push(...markupText(answer));
    return answer;
  };
  const click = async (activity: Activity) => {
    const result = invokeResult(await teams.post(activity));
    seen.push(...markupText(result));
    return result;
  };

  before(async () => {
    teams = await startAuthedTeamsBot();
    await registerTeamsPerson(teams.bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police');
    await registerTeamsPerson(teams.bot.store, reporter, ['member'], 'voluntary-action-rotherham');
    await registerTeamsPerson(teams.bot.store, admin, ['admin'], 'rmbc');
    await registerTeamsPerson(teams.bot.store, coordinator, ['coordinator'], 'rmbc');
  });
  after(async () => {
    await teams.stop();
    removeTempDirs();
  });

  it('gives a reviewer the queue as a card; Open shows the report without typing its id', async () => {
    for (const area of ['E05012996', 'E05013009']) await click(cardActionActivity('intel.submit', report({ areaId: area }), { from: reporter }));
    const ids = teams.bot.store.all('intelReports').map((r) => r.id);
    expect(ids).to.have.length(2);
    const queue = cardOf((await ask(messageActivity('intel', { from: reviewer }))).activities[0]);
    expect(cardText(queue)).to.include('New reports to review').and.include('2 new reports');
    const opens = cardButtons(queue).filter((b) => b.title === 'Open');
    expect(opens.map((b) => b.data.id)).to.have.members(ids);
    const opened = await click(cardActionActivity(String(opens[0]?.verb), opens[0]?.data ?? {}, { from: reviewer }));
    expect(cardText(opened.value)).to.include(`Report ${String(opens[0]?.data.id)}`).and.include('A rumour about the new arrivals');
    // The reporter's own list opens their reports the same way; the reviewer's queue is not theirs.
    const own = cardOf((await ask(messageActivity('intel', { from: reporter }))).activities[0]);
    expect(cardText(own)).to.include('Your reports');
  });

  it('lists replies to the next meeting for a coordinator as a card, with names, notes and counts in words', async () => {
    const next = teams.bot.store.all('meetings').filter((m) => m.status === 'scheduled' && m.startsAt > new Date().toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    expect(next).to.not.equal(undefined);
    await teams.bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      const m = tx.get('meetings', String(next?.id));
      if (m) tx.put('meetings', { ...m, rsvps: [{ name: 'Jo Bloggs', response: 'apologies', note: 'a deputy comes for me', at: tx.now }] }, { action: 'meeting.rsvp' });
    });
    const card = cardOf((await ask(messageActivity('rsvps', { from: coordinator }))).activities[0]);
    expect(cardText(card)).to.include('Attending (0)').and.include('Apologies (1)').and.include('Jo Bloggs').and.include('a deputy comes for me');
    expect(cardButtons(card).map((b) => b.title)).to.include('Meeting pack');
  });

  it('lists people as a card; an admin changes one from it, a coordinator only reads it', async () => {
    const card = cardOf((await ask(messageActivity('people', { from: admin }))).activities[0]);
    expect(cardText(card)).to.include('4 people known to the forum').and.include('Olu Officer');
    const change = cardButtons(card).find((b) => b.title === 'Change' && JSON.stringify(b.data).includes('P-'));
    const form = await click(cardActionActivity(String(change?.verb), change?.data ?? {}, { from: admin }));
    expect(JSON.stringify(form.value)).to.include('"id":"displayName"').and.include('teams:');
    const forCoordinator = cardOf((await ask(messageActivity('people', { from: coordinator }))).activities[0]);
    expect(cardButtons(forCoordinator).map((b) => b.title)).to.not.include('Change');
    const refused = await click(cardActionActivity('person.edit', change?.data ?? {}, { from: coordinator }));
    expect(String(refused.value)).to.include('Only forum admins');
  });

  it('shows no angle-bracket placeholder or HTML entity in any of these replies', async () => {
    await ask(messageActivity('help', { from: reviewer }));
    await ask(messageActivity('whoami', { from: teamsUser('Nobody Yet') }));
    await click(cardActionActivity('person.save', { displayName: 'Someone', account: 'not-a-code', roles: 'member' }, { from: admin }));
    expect(seen.length).to.be.greaterThan(10);
    expect(seen.filter((t) => PLACEHOLDER_OR_ENTITY.test(t))).to.deep.equal([]);
  });
});

describe('Teams: alerts and subscriptions as cards (the bot posts through the Bot Connector)', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const coordinator = teamsUser('Chris Coordinator');
  const reviewer = teamsUser('Rita Reviewer');
  const reporter = teamsUser('Olu Officer');
  const TEAM = '19:forum-general@thread.tacv2';
  const CHANNEL = '19:forum-reminders@thread.tacv2';

  before(async () => {
    connector = await startStandInConnector();
    connector.addTeam({ id: TEAM, name: 'Stronger Communities Forum', channels: [{ id: TEAM }, { id: CHANNEL, name: 'Reminders' }] });
    bot = await startRunningBot();
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    await registerTeamsPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police');
    await registerTeamsPerson(bot.store, reporter, ['member'], 'voluntary-action-rotherham');
    await postActivity(bot.url, messageActivity('whoami', { from: reviewer, serviceUrl: connector.url }));
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  it('alerts a reviewer with a card whose button opens the report', async () => {
    await postActivity(bot.url, cardActionActivity('intel.submit', report({ tensionLevel: '4', tensionTrend: 'rising' }), { from: reporter, serviceUrl: connector.url }));
    const reportId = bot.store.all('intelReports')[0]?.id ?? '';
    const alert = connector.calls.find((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(`a:personal-${reviewer.aadObjectId}`)) && JSON.stringify(c.body).includes('Intelligence alert'));
    const card = cardOf(alert?.body);
    expect(cardText(card)).to.include(`report ${reportId}`).and.include('tension level 4');
    expect(cardText(card)).to.not.include('intel <');
    const open = cardButtons(card).find((b) => b.title === 'Open the report');
    expect(open?.data).to.deep.equal({ id: reportId });
    const opened = invokeResult(await postActivity(bot.url, cardActionActivity(String(open?.verb), open?.data ?? {}, { from: reviewer })));
    expect(cardText(opened.value)).to.include(`Report ${reportId}`);
  });

  it('names a subscribed channel by its team and channel, a group chat by its name; Stop reminders works from the list', async () => {
    const inChannel = mentionActivity('subscribe reminders', {
      from: coordinator,
      serviceUrl: connector.url,
      conversationId: `${CHANNEL};messageid=1764931200000`,
      overrides: { channelData: { teamsChannelId: CHANNEL, teamsTeamId: TEAM, channel: { id: CHANNEL }, team: { id: TEAM }, tenant: { id: TENANT } } },
    });
    expect((await postActivity(bot.url, inChannel)).activities[0]?.text).to.include('Subscribed');
    const inGroup = mentionActivity('subscribe reminders', { from: coordinator, conversation: 'groupChat', conversationId: '19:partners-chat@thread.v2', overrides: { conversation: { id: '19:partners-chat@thread.v2', conversationType: 'groupChat', isGroup: true, name: 'Forum partners', tenantId: TENANT } } });
    expect((await postActivity(bot.url, inGroup)).activities[0]?.text).to.include('Subscribed');

    const list = cardOf((await postActivity(bot.url, messageActivity('subscriptions', { from: coordinator }))).activities[0]);
    const text = cardText(list);
    expect(text).to.include('Teams: Stronger Communities Forum › Reminders').and.include('Teams: group chat "Forum partners"');
    expect(text).to.not.include('a Teams conversation (Teams)');
    const stops = cardButtons(list).filter((b) => b.title === 'Stop reminders');
    expect(stops).to.have.length(2);
    const after = invokeResult(await postActivity(bot.url, cardActionActivity(String(stops[0]?.verb), stops[0]?.data ?? {}, { from: coordinator })));
    expect(cardText(after.value)).to.match(/Stopped: Teams: .* gets no more forum reminders/);
    expect(bot.store.count('subscriptions')).to.equal(1);
  });
});
