// The `milestones` list as an officer first meets it, with authentication on: open work first
// (overdue at the top), finished milestones left out unless asked for and one tap away, and the
// filters described in plain words.
import { expect } from 'chai';
import { statusView } from '../../src/cards/format.ts';
import { localDate } from '../../src/domain/calendar.ts';
import { isFinished, isOverdue } from '../../src/domain/milestones/milestone-rules.ts';
import { MILESTONE_STATUSES } from '../../src/domain/model.ts';
import { startAuthedTeamsBot, type AuthedTeamsBot } from '../helpers/authed-teams-bot.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, invokeResult, mentionActivity, messageActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const LABELS = new Set(MILESTONE_STATUSES.map((s) => statusView(s).label));

/** The status label of each milestone listed, in order. */
function statusesListed(card: unknown): string[] {
  const labels: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'TextBlock' && typeof record.text === 'string' && LABELS.has(record.text)) labels.push(record.text);
    Object.values(record).forEach(walk);
  };
  walk(card);
  return labels;
}

describe('Teams: the milestones list opens on open work, with authentication on', function () {
  let teams: AuthedTeamsBot;
  const officer = teamsUser('Olu Officer');

  before(async () => {
    teams = await startAuthedTeamsBot();
  });
  after(async () => {
    await teams.stop();
    removeTempDirs();
  });

  it('lists open milestones, overdue first, and offers the finished ones with a button', async () => {
    const store = teams.bot.store;
    const today = localDate(new Date(), 'Europe/London');
    const open = store.all('milestones').filter((m) => !isFinished(m.status));
    const finished = store.all('milestones').length - open.length;
    expect(finished, 'the seed has finished milestones (2017 history)').to.be.greaterThan(0);
    expect(open.some((m) => isOverdue(m, today)), 'and overdue ones').to.equal(true);

    const card = cardOf((await teams.post(mentionActivity('milestones', { from: officer }))).activities[0]);
    const listed = statusesListed(card);
    expect(listed.length, 'a full first page').to.be.greaterThan(0);
    expect(listed.filter((l) => l === statusView('complete').label || l === statusView('closed').label), 'nothing finished on the default list').to.deep.equal([]);
    expect(cardText(card)).to.include(`${open.length} milestones`).and.include(`${finished} finished milestone`).and.include('Open milestones, overdue first');
    expect(cardText(card).split('\n').find((line) => / · \d+ days? overdue$/.test(line)), 'an overdue one on page 1').to.be.a('string');

    const button = cardButtons(card).find((b) => b.title === 'Finished ones');
    const shown = invokeResult(await teams.post(cardActionActivity(String(button?.verb), button?.data ?? {}, { from: officer, conversation: 'channel' })));
    const finishedListed = statusesListed(shown.value);
    expect(finishedListed.length).to.be.greaterThan(0);
    expect(finishedListed.every((l) => l === statusView('complete').label || l === statusView('closed').label), finishedListed.join(', ')).to.equal(true);
    expect(cardText(shown.value)).to.include(`${finished} milestone`);
  });

  it('describes a status filter once, in the words the cards use', async () => {
    const card = cardOf((await teams.post(messageActivity('milestones amber', { from: officer }))).activities[0]);
    expect(cardText(card)).to.include('Amber: Delayed (under 3 months)');
    expect(cardText(card)).to.not.include('(delayed (');
  });
});
