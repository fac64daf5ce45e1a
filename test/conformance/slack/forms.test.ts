// Conformance: every form the bot sends, filled in and submitted as Slack does it. Each is opened
// by a slash command or a click (the stand-in Web API records views.open), every input gets the
// state Slack documents for its element (fixtures/view-state.ts), the submission goes through
// POST /slack/events with a real signature, and the outcome is checked in the store and in what
// was posted (forms.ts).
import { expect } from 'chai';
import { removeTempDirs } from '../../helpers/temp-dir.ts';
import { inputBlocksOf } from './fixtures/view-submission.ts';
import { CONFORMANCE_FORMS, type FormPeople } from './forms.ts';
import { person, startConformance, type Conformance } from './harness.ts';

describe('Slack conformance: every form, opened and submitted as Slack does it', function () {
  this.timeout(30_000);
  let slack: Conformance;
  const people: FormPeople = {
    coordinator: person('Cai Coordinator'),
    admin: person('Ade Admin'),
    member: person('Mo Member'),
    reviewer: person('Rhi Reviewer'),
    owner: person('Oak Owner'),
  };

  before(async () => {
    slack = await startConformance();
    await slack.register(people.coordinator, ['coordinator'], 'voluntary-action-rotherham');
    await slack.register(people.admin, ['admin'], 'rmbc');
    await slack.register(people.member, ['member'], 'rmbc');
    await slack.register(people.reviewer, ['intel-reviewer'], 'south-yorkshire-police');
    await slack.register(people.owner, ['member'], 'voluntary-action-rotherham');
  });
  after(async () => {
    await slack.stop();
    removeTempDirs();
  });

  for (const [verb, form] of Object.entries(CONFORMANCE_FORMS)) {
    it(`${verb}: opens as a modal, takes every input as Slack sends it, and saves what was entered`, async () => {
      const opened = await form.open(slack, people);
      expect(opened.view).to.deep.include({ type: 'modal', callback_id: 'forum.form' });
      const answers = form.answers(opened, slack, people);
      const unanswered = inputBlocksOf(opened.view).map((b) => b.block_id).filter((id) => answers[id] === undefined || answers[id] === '' || (Array.isArray(answers[id]) && answers[id].length === 0));
      expect(unanswered, 'every input of the form is filled in').to.deep.equal([]);
      const from = slack.mark();
      const answer = await slack.submit(people[form.by], opened, answers);
      expect(answer.status).to.equal(200);
      await form.check(slack, people, answer, from, answers);
    });
  }

  it('intel.submit with likely identifiers: the form comes back with the confirmation box, and ticking it saves the report', async () => {
    const form = CONFORMANCE_FORMS['intel.submit'];
    if (!form) throw new Error('no intel form');
    const opened = await form.open(slack, people);
    const answers = { ...form.answers(opened, slack, people), description: 'A man called 07700 900461 says leaflets are planned', reportedToPolice: [], policeReference: '' };
    const first = await slack.submit(people.member, opened, answers);
    expect(first.json).to.have.property('response_action', 'update');
    const again = { ...opened, view: Object(first.json).view };
    expect(inputBlocksOf(again.view).map((b) => `${b.block_id}:${b.element.type}`)).to.include('identifiersConfirmed:checkboxes');
    const before = slack.bot.store.count('intelReports');
    const saved = await slack.submit(people.member, again, { ...answers, identifiersConfirmed: ['on'] });
    expect(saved.json).to.deep.equal({ response_action: 'clear' });
    expect(slack.bot.store.count('intelReports')).to.equal(before + 1);
    const report = slack.bot.store.all('intelReports').find((r) => r.description.includes('07700 900461'));
    expect(report).to.include({ handling: 'OFFICIAL-SENSITIVE', reportedToPolice: false });
  });
});
