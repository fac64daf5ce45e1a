// Who is who without codes in Slack (issue 18 §4): `add person` and naming a milestone's owner offer
// Slack's own person picker (users_select), whose answer (`selected_user` in the view_submission's
// state, as Slack's users_select and view interaction payload references document it:
// fixtures/view-state.ts, fixtures/view-submission.ts) is read strictly as a user id. Driven over
// /slack/events against the stand-in Web API.
import { expect } from 'chai';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { textOf } from '../helpers/stand-in-slack-api.ts';
import { person, startConformance, type Conformance, type OpenedForm } from '../conformance/slack/harness.ts';
import { optionsOf } from '../conformance/slack/forms.ts';
import { blockActions } from '../conformance/slack/fixtures/block-actions.ts';
import { IDS } from '../conformance/slack/fixtures/ids.ts';
import { freshIds } from '../conformance/slack/harness.ts';
import { buttonsIn } from '../helpers/stand-in-slack-api.ts';

describe('Slack: add a person and name an owner with the users_select picker, not a code', function () {
  this.timeout(30_000);
  let slack: Conformance;
  const admin = person('Ada Admin');
  const owner = person('Ola Owner');
  let milestoneId = '';

  async function openForm(who: typeof admin, text: string): Promise<OpenedForm> {
    const { from, triggerId } = await slack.command(who, text);
    return slack.opened(triggerId, from);
  }
  const elementOf = (form: OpenedForm, blockId: string) => form.view.blocks.find((b) => b.type === 'input' && b.block_id === blockId);

  before(async () => {
    slack = await startConformance();
    await slack.register(admin, ['admin'], 'rmbc');
    await slack.register(owner, ['member'], 'rmbc');
    milestoneId = slack.bot.store.all('milestones').find((m) => m.status === 'on-track')?.id ?? '';
  });
  after(async () => {
    await slack.stop();
    removeTempDirs();
  });

  it('add person: a users_select; the pick alone adds them, named as their Slack profile names them', async () => {
    const form = await openForm(admin, 'add person');
    expect(elementOf(form, 'pickedUser')).to.deep.include({ element: { type: 'users_select', action_id: 'pickedUser', placeholder: { type: 'plain_text', text: 'Choose a person', emoji: true } } });
    slack.api.setUser('U0PICKED01', 'Pia Picked');
    const answer = await slack.submit(admin, form, { pickedUser: 'U0PICKED01', organisationId: optionsOf(form.view, 'organisationId')[0] ?? '', roles: ['member'] });
    expect(textOf(Object(answer.json).view)).to.include('Added Pia Picked (member)');
    const added = slack.bot.store.all('people').find((p) => p.displayName === 'Pia Picked');
    expect(added?.identities).to.deep.equal([{ platform: 'slack', teamId: admin.team, userId: 'U0PICKED01' }]);
  });

  it('a users_select value that is not a Slack user id is refused, and nobody is added', async () => {
    const form = await openForm(admin, 'add person');
    const before = slack.bot.store.all('people').length;
    const answer = await slack.submit(admin, form, { pickedUser: 'U0X"><script>', displayName: 'Mallory', organisationId: '', roles: ['admin'] });
    expect(answer.status).to.equal(200);
    expect(slack.bot.store.all('people')).to.have.length(before);
    expect(slack.bot.store.all('people').some((p) => p.displayName === 'Mallory')).to.equal(false);
  });

  it('naming an owner: the picked Slack user becomes the owner when registered; someone unregistered is refused and nothing changes', async () => {
    let form = await openForm(admin, `assign ${milestoneId}`);
    expect(elementOf(form, 'pickedUser')).to.have.nested.property('element.type', 'users_select');
    const before = slack.bot.store.get('milestones', milestoneId);
    const from = slack.mark();
    await slack.submit(admin, form, { pickedUser: 'U0NOBODY01' });
    await slack.api.waitFor('response_url', (c) => textOf(c.args).includes('is not registered with the forum yet'), { from });
    expect(slack.bot.store.get('milestones', milestoneId)).to.deep.equal(before);

    form = await openForm(admin, `assign ${milestoneId}`);
    await slack.submit(admin, form, { pickedUser: owner.user });
    expect(slack.bot.store.get('milestones', milestoneId)?.owner.personId).to.equal(`P-${owner.user}`);
  });

  it('a block_actions whose state holds a users_select value (Slack\'s block_actions reference: state.values beside the click) is read, not refused', async () => {
    const { from, responseUrl } = await slack.command(admin, `milestone ${milestoneId}`);
    const shown = await slack.api.waitFor('response_url', (c) => c.path.endsWith(new URL(responseUrl).pathname.split('/').pop() ?? '-'), { from });
    const details = buttonsIn(shown.args).find((b) => b.text === 'Full history') ?? buttonsIn(shown.args)[0];
    if (!details) throw new Error('no button on the milestone card');
    const ids = freshIds();
    const clickUrl = slack.api.responseUrl(`picker-click-${from}`);
    const body = new URLSearchParams(blockActions(admin, { actionId: details.actionId, text: details.text, value: details.value }, { kind: 'message', channel: IDS.channel, messageTs: '1700000000.000900', ephemeral: true, responseUrl: clickUrl }, ids));
    const payload = JSON.parse(body.get('payload') ?? '{}') as Record<string, unknown>;
    payload.state = { values: { pickedUser: { pickedUser: { type: 'users_select', selected_user: 'U0PICKED01' } } } };
    const mark = slack.mark();
    const answer = await slack.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    expect(answer.status).to.equal(200);
    // The click is answered: what the button asked for opens over it (its trigger), as for any click.
    await slack.api.waitFor('views.open', (c) => c.args.trigger_id === ids.triggerId, { from: mark });
  });
});
