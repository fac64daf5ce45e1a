// What the bot says first, with authentication on: the welcome when it is added (in a team channel
// it names nobody: the person who added it is not announced to the team with their roles), and
// help that leads with buttons for the few things people do, the full reference one tap away.
import { expect } from 'chai';
import { COMMANDS } from '../../src/bot/commands/commands.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startAuthedTeamsBot, type AuthedTeamsBot } from '../helpers/authed-teams-bot.ts';
import { baseActivity, cardButtons, cardOf, cardText, messageActivity, teamsUser, TENANT } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const BOT_ID = '28:scf-bot';

describe('Teams: the welcome and help, with authentication on', function () {
  let teams: AuthedTeamsBot;
  const admin = teamsUser('Ada Installer');

  before(async () => {
    teams = await startAuthedTeamsBot();
    await registerTeamsPerson(teams.bot.store, admin, ['admin', 'intel-reviewer'], 'rmbc');
  });
  after(async () => {
    await teams.stop();
    removeTempDirs();
  });

  /** The bot added to a conversation, as Teams says it: conversationUpdate with the bot among membersAdded. */
  const added = (conversation: 'personal' | 'channel') =>
    baseActivity('conversationUpdate', {
      from: admin,
      conversation,
      ...(conversation === 'channel' ? { conversationId: '19:forum-partners@thread.tacv2' } : {}),
      overrides: {
        membersAdded: [{ id: BOT_ID }],
        channelData: { tenant: { id: TENANT }, eventType: 'teamMemberAdded', ...(conversation === 'channel' ? { team: { id: '19:forum-partners@thread.tacv2', name: 'Forum partners' } } : {}) },
      },
    });

  it('welcomes a team without naming the person who added the bot, or their roles; tells them in their 1:1 chat', async () => {
    const answer = await teams.post(added('channel'));
    expect(answer.status).to.equal(200);
    const text = cardText(cardOf(answer.activities[0]));
    expect(text).to.include('Stronger Communities Forum').and.include('@mention me');
    expect(text).to.not.include('Ada Installer');
    expect(text).to.not.match(/roles?:|intel-reviewer|You are/);
    // In their own 1:1 chat the person is told who the bot takes them to be.
    const own = cardText(cardOf((await teams.post(added('personal'))).activities[0]));
    expect(own).to.include('You are Ada Installer').and.include('roles: admin, intel-reviewer');
  });

  it('leads help with buttons for the things people do; the whole reference is behind one button', async () => {
    const card = cardOf((await teams.post(messageActivity('help', { from: teamsUser('Mo Member') }))).activities[0]) as { body: { type: string; inlines?: { fontType?: string }[] }[]; actions: { type: string; title: string; card?: unknown }[] };
    const firstThing = card.body.find((b) => b.type === 'ActionSet' || (b.type === 'RichTextBlock' && b.inlines?.[0]?.fontType === 'Monospace'));
    expect(firstThing?.type, 'buttons before any command syntax').to.equal('ActionSet');
    expect(card.body.filter((b) => b.type === 'RichTextBlock' && b.inlines?.[0]?.fontType === 'Monospace'), 'no wall of syntax up front').to.deep.equal([]);
    expect(cardButtons(card.body).map((b) => b.title)).to.include.members(['My milestones', 'Overdue', 'Plan summary', 'Meetings', 'Log intelligence']);
    const all = card.actions.find((a) => a.type === 'Action.ShowCard' && a.title === 'All commands');
    const reference = cardText(all?.card);
    for (const command of COMMANDS.filter((c) => c.audience === 'everyone')) expect(reference).to.include(command.usage);
  });
});
