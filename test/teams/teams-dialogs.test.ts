// Forms in Teams dialogs, with authentication on: the buttons that open a form open it in a
// dialog (task/fetch), which works on desktop, web and mobile; the 17-input intelligence form opens
// privately in a dialog even from a channel, and nothing of it reaches the channel; permission is
// checked when the dialog opens and again when it is submitted.
import { expect } from 'chai';
import { assignOwner, registerTeamsPerson } from '../helpers/forum-people.ts';
import { startCardBrowser } from '../helpers/card-in-browser.ts';
import { startAuthedTeamsBot, type AuthedTeamsBot } from '../helpers/authed-teams-bot.ts';
import { cardButtons, cardOf, cardText, dialogActivity, mentionActivity, messageActivity, teamsUser, type Activity } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

type TaskAnswer = { task?: { type?: string; value?: unknown } };
const dialogCardOf = (answer: TaskAnswer) => ((answer.task?.value ?? {}) as { card?: { content?: unknown } }).card?.content;

const report = {
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
};

describe('Teams: forms in dialogs, with authentication on', function () {
  let teams: AuthedTeamsBot;
  const officer = teamsUser('Olu Officer');
  const admin = teamsUser('Ada Admin');
  const CHANNEL = '19:forum-partners@thread.tacv2';
  const dialog = async (activity: Activity) => (await teams.post(activity)).body as TaskAnswer;

  before(async () => {
    teams = await startAuthedTeamsBot();
    await registerTeamsPerson(teams.bot.store, officer, ['member'], 'voluntary-action-rotherham');
    await registerTeamsPerson(teams.bot.store, admin, ['admin'], 'rmbc');
  });
  after(async () => {
    await teams.stop();
    removeTempDirs();
  });

  it('opens the intelligence form from a channel in a private dialog, saves it from the dialog, and says nothing in the channel', async () => {
    const help = await teams.post(mentionActivity('help', { from: officer, conversationId: CHANNEL }));
    const log = cardButtons(cardOf(help.activities[0])).find((b) => b.title === 'Log intelligence');
    expect(log?.dialog, 'Log intelligence opens a dialog').to.equal(true);

    const opened = await dialog(dialogActivity('task/fetch', { verb: String(log?.verb), ...log?.data }, { from: officer, conversation: 'channel', conversationId: CHANNEL }));
    expect(opened.task?.type).to.equal('continue');
    const form = dialogCardOf(opened);
    expect(cardText(form)).to.include('Log community intelligence');
    expect(JSON.stringify(form), 'a dialog sends Action.Submit, not Action.Execute').to.not.include('Action.Execute');
    expect(cardButtons(form).find((b) => b.title === 'Submit report')?.verb).to.equal('intel.submit');
    expect((JSON.stringify(form).match(/"type":"Input\./g) ?? []).length, 'the whole form').to.be.greaterThan(15);

    const sent = await dialog(dialogActivity('task/submit', { verb: 'intel.submit', ...report }, { from: officer, conversation: 'channel', conversationId: CHANNEL }));
    expect(sent.task?.type, 'the confirmation stays in the dialog').to.equal('continue');
    const saved = teams.bot.store.all('intelReports');
    expect(saved).to.have.length(1);
    expect(cardText(dialogCardOf(sent))).to.include(String(saved[0]?.id));
  });

  it('checks permission when the dialog opens and again when it is submitted', async () => {
    const people = cardOf((await teams.post(messageActivity('people', { from: admin }))).activities[0]);
    const add = cardButtons(people).find((b) => b.title === 'Add a person');
    expect(add?.dialog).to.equal(true);
    expect((await dialog(dialogActivity('task/fetch', { verb: String(add?.verb) }, { from: officer }))).task).to.deep.equal({ type: 'message', value: 'Only forum admins can add people. Ask an admin, and give them your account code from `whoami`.' });

    const opened = await dialog(dialogActivity('task/fetch', { verb: String(add?.verb) }, { from: admin }));
    expect(cardText(dialogCardOf(opened))).to.include('Add or change a person');
    // The admin loses the role while the dialog is open: the submit is refused and nothing is saved.
    await teams.bot.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
      const me = tx.all('people').find((p) => p.displayName === 'Ada Admin');
      if (me) tx.put('people', { ...me, roles: ['member'] }, { action: 'person.update' });
    });
    const before = teams.bot.store.count('people');
    const refused = await dialog(dialogActivity('task/submit', { verb: 'person.save', displayName: 'New Person', account: 'slack:T0FORUM01:U0NEWPERSON', organisationId: 'rmbc', roles: 'member' }, { from: admin }));
    expect(refused.task?.type).to.equal('message');
    expect(String(refused.task?.value)).to.include('Only forum admins');
    expect(teams.bot.store.count('people')).to.equal(before);
  });

  it('draws the dialogs with the official renderer: the update form, then the same form with each problem under its field', async function () {
    this.timeout(60_000);
    const milestone = teams.bot.store.all('milestones').find((m) => m.status === 'on-track');
    const me = teams.bot.store.all('people').find((p) => p.displayName === 'Olu Officer');
    await assignOwner(teams.bot.store, String(milestone?.id), String(me?.id));
    const opened = await dialog(dialogActivity('task/fetch', { verb: 'milestone.edit', id: String(milestone?.id) }, { from: officer }));
    const current = teams.bot.store.get('milestones', String(milestone?.id));
    const problems = await dialog(dialogActivity('task/submit', { verb: 'milestone.update', id: String(milestone?.id), version: current?.version ?? 1, status: 'delayed', commentary: '', revisedDue: '', evidence: '' }, { from: officer }));
    expect(problems.task?.type).to.equal('continue');
    const browser = await startCardBrowser();
    try {
      for (const [name, answer] of [['dialog-update-form', opened], ['dialog-update-form-problems', problems]] as const) {
        // A "large" dialog is about 600 px wide on a laptop; a phone shows it full screen, about 360.
        for (const width of [600, 360]) {
          const { page, problems: parse } = await browser.render(dialogCardOf(answer), width);
          expect(parse, name).to.deep.equal([]);
          await browser.screenshot(page, `${name}-${width}`);
          expect(await browser.brokenWords(page), `${name} at ${width} px`).to.deep.equal([]);
        }
      }
    } finally {
      await browser.close();
    }
    expect(cardText(dialogCardOf(problems))).to.include('needs a progress note').and.include('needs a revised due date');
  });

  it('opens every form on the cards in a dialog: Update, Edit, Reply with a note', async () => {
    const detail = cardOf((await teams.post(messageActivity('milestones all', { from: admin }))).activities[0]);
    expect(cardButtons(detail).filter((b) => b.title === 'Update').every((b) => b.dialog)).to.equal(true);
    const meetings = cardOf((await teams.post(messageActivity('meetings', { from: teamsUser('Mo Member') }))).activities[0]);
    expect(cardButtons(meetings).some((b) => b.verb === 'meeting.edit'), 'no Edit for a member').to.equal(false);
    const pack = cardOf((await teams.post(messageActivity('meeting pack', { from: officer }))).activities[0]);
    expect(cardButtons(pack).find((b) => b.title === 'Reply with a note')?.dialog).to.equal(true);
  });
});
