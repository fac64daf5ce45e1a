// Teams message actions over /api/messages, in the shapes Microsoft documents (fixtures/compose-
// extension-*.json): "Log as community intelligence" and "Add as progress note" from a channel
// message's "..." menu. The privacy rule is checked as a person would meet it: the channel the
// message was in gets nothing (the stand-in Bot Connector records every post the bot makes), the
// message's text is in no log line, its author, id and link are stored nowhere, and a dialog closed
// without submitting leaves nothing in the store or its files.
import { expect } from 'chai';
import { filesContaining } from '../../helpers/files-containing.ts';
import { registerTeamsPerson } from '../../helpers/forum-people.ts';
import { ownerOfAMilestone, teamsFixture } from '../../helpers/teams-fixtures.ts';
import { startRunningBot, type RunningBot } from '../../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../../helpers/stand-in-connector.ts';
import { cardButtons, cardText, postActivity, TENANT, teamsUser, type Activity } from '../../helpers/teams-activities.ts';
import { removeTempDirs } from '../../helpers/temp-dir.ts';
import { startCardBrowser } from '../../helpers/card-in-browser.ts';

const WARD = 'E05012996';
/** What the author wrote in the channel: nothing of it may reach a log, and a cancelled draft nothing of it anywhere. */
const MESSAGE_TEXT = 'Heard at the school gate: a group plans to leaflet the Wellgate mosque on Friday evening, call 07700 900123';
const MESSAGE_HTML = '<p>Heard at the school gate: a group plans to leaflet the <b>Wellgate</b> mosque on Friday evening, call 07700&nbsp;900123</p>';

interface TaskAnswer {
  task?: { type?: string; value?: { title?: string; card?: { contentType?: string; content?: Record<string, unknown> } } | string };
}


function inputsOf(card: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.type === 'string' && record.type.startsWith('Input.')) found.push(record);
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}

describe('Teams message actions: a channel message into a private report or a progress note', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const coordinator = teamsUser('Cora Coordinator');
  const owner = teamsUser('Owen Owner');
  let milestoneId = '';

  const fixture = (name: string, values: Record<string, string>): Activity => teamsFixture(name, { TENANT, BOT_ID: '28:forum-bot', SERVICE_URL: connector.url, MESSAGE_HTML, ...values });
  const fetchTask = (commandId: string, who = coordinator, html = MESSAGE_HTML) => postActivity(bot.url, fixture('compose-extension-fetch-task-message', { COMMAND_ID: commandId, FROM_AAD: who.aadObjectId, MESSAGE_HTML: html }));
  const submitAction = (commandId: string, data: Record<string, unknown>, who = coordinator) => {
    const activity = fixture('compose-extension-submit-action', { COMMAND_ID: commandId, FROM_AAD: who.aadObjectId });
    return postActivity(bot.url, { ...activity, value: { ...(activity.value as object), data } });
  };
  const dialogCardOf = (body: unknown) => {
    const task = (body as TaskAnswer).task;
    expect(task?.type, JSON.stringify(body).slice(0, 300)).to.equal('continue');
    const value = task?.value as { card?: { contentType?: string; content?: Record<string, unknown> } };
    expect(value.card?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    return value.card?.content ?? {};
  };
  const valueOf = (card: unknown, id: string) => inputsOf(card).find((i) => i.id === id)?.value;

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot({ ALLOWED_TENANTS: TENANT });
    await registerTeamsPerson(bot.store, coordinator, ['coordinator']);
    milestoneId = (await ownerOfAMilestone(bot.store, owner)).milestoneId;
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  describe('Log as community intelligence', () => {
    it('opens the private report form in a dialog, the message as the draft description, its identifiers shown before anything is saved', async () => {
      const answer = await fetchTask('logIntel');
      expect(answer.status).to.equal(200);
      const card = dialogCardOf(answer.body);
      expect(valueOf(card, 'description')).to.equal(MESSAGE_TEXT);
      const text = cardText(card);
      expect(text).to.include('Nothing is saved until you submit').and.include('07700 900123');
      expect(JSON.stringify(card)).to.not.include('Action.Execute');
      expect(cardButtons(card).map((b) => b.verb)).to.include('intel.submit');
    });

    it('a draft closed without submitting leaves nothing: no record, no file, no log line holds the text', async () => {
      const before = bot.store.info().lastSeq;
      await fetchTask('logIntel');
      expect(bot.store.info().lastSeq, 'nothing written by opening the form').to.equal(before);
      expect(bot.store.all('intelReports')).to.have.length(0);
      expect(filesContaining(bot.dataDir, 'school gate'), 'data files').to.deep.equal([]);
      expect(bot.logText()).to.not.include('school gate').and.not.include('07700').and.not.include('Alex Author');
      expect(connector.calls, 'nothing posted to the channel').to.deep.equal([]);
    });

    it('submitted: saved privately with the reporter as the only person named; the channel sees nothing, and no log holds the text', async () => {
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const data = {
        verb: 'intel.submit', occurredDate: yesterday, occurredTime: '18:30', areaId: WARD, location: '', category: 'protest-or-march', hateStrands: 'religion-or-belief',
        communitiesAffected: 'religion-or-belief', description: 'A group plans to leaflet a mosque on Friday evening', sourceType: 'community-member', sourceReliability: 'untested',
        informationConfidence: 'known-indirectly', tensionLevel: '2', tensionTrend: 'rising', reportedToPolice: 'false', policeReference: '', actionsTaken: '', handling: 'OFFICIAL',
      };
      const answer = await submitAction('logIntel', data);
      expect(answer.status).to.equal(200);
      const card = dialogCardOf(answer.body);
      expect(cardText(card)).to.match(/logged/i);
      const reports = bot.store.all('intelReports');
      expect(reports).to.have.length(1);
      const stored = JSON.stringify(reports[0]);
      for (const kept of ['Alex Author', 'd4c3b2a1-0000-4000-8000-0000000a07e1', '1764932400000', 'teams.microsoft.com/l/message', '19:5f0c1d2e3a4b4c5d8e9f0a1b2c3d4e5f']) expect(stored, `the report keeps no ${kept}`).to.not.include(kept);
      expect(connector.calls, 'nothing posted to the channel the message was in').to.deep.equal([]);
      expect(bot.logText()).to.not.include('leaflet').and.not.include('school gate');
    });

    it('someone the forum does not know is told so in the dialog; nothing is written', async () => {
      const before = bot.store.info().lastSeq;
      const card = dialogCardOf((await fetchTask('logIntel', teamsUser('Sam Stranger'))).body);
      expect(cardText(card)).to.include('I need to know who you are');
      expect(bot.store.info().lastSeq).to.equal(before);
    });

    it('a command the app does not declare is refused in the dialog', async () => {
      expect(cardText(dialogCardOf((await fetchTask('somethingElse')).body))).to.include('not one of my message actions');
    });
  });

  it('the dialogs as Teams draws them (official renderer, Chromium): the draft report and the milestone picker, at dialog and phone widths', async function () {
    this.timeout(60_000);
    const draft = dialogCardOf((await fetchTask('logIntel')).body);
    const picker = dialogCardOf((await fetchTask('addProgressNote', owner)).body);
    const browser = await startCardBrowser();
    try {
      for (const [name, card] of [['message-action-intel-draft', draft], ['message-action-note-picker', picker]] as const) {
        for (const width of [600, 360]) {
          const { page, problems } = await browser.render(card, width);
          expect(problems, name).to.deep.equal([]);
          await browser.screenshot(page, `${name}-${width}`);
          expect(await browser.brokenWords(page), `${name} at ${width} px`).to.deep.equal([]);
        }
      }
    } finally {
      await browser.close();
    }
  });

  describe('Add as progress note', () => {
    it('offers the milestones the person may update, the message as the note, then that milestone\'s update form with the note; saving changes the milestone and posts nothing to the channel', async () => {
      const picker = dialogCardOf((await fetchTask('addProgressNote', owner)).body);
      const choices = (inputsOf(picker).find((i) => i.id === 'id')?.choices ?? []) as { value: string }[];
      expect(choices.map((c) => c.value)).to.deep.equal([milestoneId]);
      expect(valueOf(picker, 'commentary')).to.equal(MESSAGE_TEXT);

      const form = dialogCardOf((await submitAction('addProgressNote', { verb: 'milestone.note-form', id: milestoneId, commentary: 'Venues booked for March.' }, owner)).body);
      expect(valueOf(form, 'commentary')).to.equal('Venues booked for March.');
      const version = bot.store.get('milestones', milestoneId)?.version ?? 0;

      const saved = dialogCardOf((await submitAction('addProgressNote', { verb: 'milestone.update', id: milestoneId, version, status: 'on-track', commentary: 'Venues booked for March.', revisedDue: '', evidence: '' }, owner)).body);
      expect(cardText(saved)).to.include(milestoneId);
      expect(bot.store.get('milestones', milestoneId)?.commentary).to.equal('Venues booked for March.');
      expect(connector.calls, 'nothing posted to the channel').to.deep.equal([]);
    });

    it('someone who may update nothing is told so, not shown an empty list', async () => {
      const someone = teamsUser('Mo Member');
      await registerTeamsPerson(bot.store, someone, ['member'], 'syp');
      expect(cardText(dialogCardOf((await fetchTask('addProgressNote', someone)).body))).to.include('no open milestone you may update');
    });

    it('the update form, tampered to a milestone the person may not update, is refused when it is submitted', async () => {
      const other = bot.store.all('milestones').find((m) => m.id !== milestoneId && m.status !== 'complete');
      if (!other) throw new Error('no second milestone');
      const before = bot.store.get('milestones', other.id)?.version;
      const answer = dialogCardOf((await submitAction('addProgressNote', { verb: 'milestone.update', id: other.id, version: before, status: 'delayed', commentary: 'Not mine to say.' }, owner)).body);
      expect(cardText(answer)).to.match(/Only the milestone owner|may not/);
      expect(bot.store.get('milestones', other.id)?.version).to.equal(before);
    });
  });
});
