// Fault: the data files are removed or damaged while the bot is running (an operator's slip, a
// clean-up script, a restore done without stopping the bot). The bot keeps every change in memory
// and in its journal; what must not happen is that a change it acknowledged is lost, or that the
// next start is refused, because a file it relied on had gone. A crash is simulated by copying the
// folder as it is at that moment (what kill -9 would leave) and opening the copy.
import { cpSync, existsSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import type { Person } from '../../src/domain/model.ts';
import { openStore } from '../../src/store/open-store.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';

const owner = teamsUser('Sam Owner');
/** The folder the store really uses (a DATA_DIR given to startRunningBot wins over its own temp folder). */
const dataDirOf = (bot: RunningBot) => bot.store.info().dataDir;

interface Scene {
  bot: RunningBot;
  person: Person;
  milestoneId: string;
}

describe('fault: data files removed or damaged while the bot runs', function () {
  this.timeout(60_000);
  let connector: StandInConnector;
  const running: RunningBot[] = [];

  before(async () => {
    connector = await startStandInConnector();
  });
  afterEach(async () => {
    for (const bot of running.splice(0)) await bot.stop().catch(() => undefined);
  });
  after(async () => {
    await connector.close();
    removeTempDirs();
  });

  async function start(dataDir?: string): Promise<RunningBot> {
    const bot = await startRunningBot({ LOG_LEVEL: 'info', ...(dataDir ? { DATA_DIR: dataDir } : {}) });
    running.push(bot);
    return bot;
  }

  async function stop(bot: RunningBot): Promise<void> {
    await bot.stop();
    running.splice(running.indexOf(bot), 1);
  }

  /** A seeded folder with the officer and a milestone of theirs, all checkpointed (the bot restarted once). */
  async function scene(): Promise<Scene> {
    const first = await start();
    const person = await registerTeamsPerson(first.store, owner, ['member']);
    const actionId = first.store.all('actions')[0]?.id ?? '';
    const milestoneId = `${actionId}-F2`;
    await first.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) =>
      tx.put('milestones', { id: milestoneId, actionId, description: 'Hold the partners survey', owner: { organisationId: 'rmbc', role: 'Officer', personId: person.id }, originalDue: '2030-03-31', status: 'on-track', updatedAt: tx.now, version: 1 }, { action: 'milestone.add' }),
    );
    await postActivity(first.url, messageActivity('whoami', { from: owner }));
    await stop(first);
    return { bot: await start(dataDirOf(first)), person, milestoneId };
  }

  async function update(s: Scene, commentary: string): Promise<string> {
    const version = s.bot.store.get('milestones', s.milestoneId)?.version;
    const answer = await postActivity(s.bot.url, cardActionActivity('milestone.update', { id: s.milestoneId, version, status: 'on-track', commentary }, { from: owner, serviceUrl: connector.url }));
    const result = invokeResult(answer);
    return typeof result.value === 'string' ? result.value : cardText(result.value);
  }

  async function intel(s: Scene): Promise<string> {
    const answer = await postActivity(s.bot.url, cardActionActivity('intel.submit', {
      occurredDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), occurredTime: '18:00', areaId: 'borough-wide', category: 'positive-community-event',
      description: 'A street party was held', sourceType: 'own-observation', sourceReliability: 'reliable', informationConfidence: 'known-directly', tensionLevel: '1', tensionTrend: 'stable', handling: 'OFFICIAL', reportedToPolice: 'false',
    }, { from: owner }));
    return cardText(invokeResult(answer).value);
  }

  async function list(s: Scene): Promise<string> {
    const answer = await postActivity(s.bot.url, messageActivity('milestones all', { from: owner, conversation: 'groupChat' }));
    return cardText(cardOf(answer.activities[0]));
  }

  /** What a kill -9 now would leave behind, opened as the next start would open it. */
  async function afterCrash(s: Scene, check: (notes: string[]) => void): Promise<void> {
    const copy = path.join(makeTempDir('scf-crash-copy-'), 'data');
    cpSync(dataDirOf(s.bot), copy, { recursive: true, filter: (source) => path.basename(source) !== 'store.lock' });
    const reopened = await openStore({ dataDir: copy });
    try {
      check(milestoneHistory(reopened, s.milestoneId).map((u) => u.commentary ?? ''));
    } finally {
      await reopened.close();
    }
  }

  async function restart(s: Scene): Promise<Scene> {
    await stop(s.bot);
    return { ...s, bot: await start(dataDirOf(s.bot)) };
  }

  it('a removed snapshot file is written again from memory, so the next start is not refused', async () => {
    const s = await scene();
    rmSync(path.join(dataDirOf(s.bot), 'collections', 'milestones.json'));
    expect(await list(s), 'reads go on from memory').to.include('Milestones');
    // A change to another collection only: the next checkpoint must still bring milestones.json back.
    expect(await intel(s)).to.match(/Report logged/);
    const again = await restart(s);
    expect(again.bot.store.get('milestones', s.milestoneId)).to.not.equal(undefined);
  });

  it('a snapshot file damaged while running is set aside, not lost, and written again from memory', async () => {
    const s = await scene();
    const file = path.join(dataDirOf(s.bot), 'collections', 'milestones.json');
    truncateSync(file, 40);
    expect(await intel(s)).to.match(/Report logged/);
    const again = await restart(s);
    expect(again.bot.store.get('milestones', s.milestoneId)?.version).to.equal(1);
    const setAside = readdirSync(path.join(dataDirOf(s.bot), 'collections')).filter((f) => f.startsWith('milestones.json.'));
    expect(setAside, 'the damaged file is kept beside the new one').to.have.length(1);
  });

  it('a removed journal: a change acknowledged afterwards survives a crash', async () => {
    const s = await scene();
    expect(await update(s, 'before removal')).to.include('Saved by');
    rmSync(path.join(dataDirOf(s.bot), 'journal.jsonl'));
    expect(await update(s, 'after removal')).to.include('Saved by');
    await afterCrash(s, (notes) => expect(notes).to.include.members(['before removal', 'after removal']));
  });

  it('the whole data folder removed: a change acknowledged afterwards survives a crash, and the bot keeps serving', async () => {
    const s = await scene();
    expect(await update(s, 'before the folder went')).to.include('Saved by');
    rmSync(dataDirOf(s.bot), { recursive: true, force: true });
    expect(await list(s)).to.include('Milestones');
    const answer = await update(s, 'after the folder went');
    expect(answer, 'saved, or plainly refused').to.match(/Saved by|could not save/);
    if (answer.includes('Saved by')) {
      expect(existsSync(path.join(dataDirOf(s.bot), 'store.lock')), 'the folder is held again').to.equal(true);
      await afterCrash(s, (notes) => expect(notes).to.include.members(['before the folder went', 'after the folder went']));
    }
  });
});
