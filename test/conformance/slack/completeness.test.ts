// The conformance suite covers everything the bot can put in front of a Slack user:
// - every input element type the Block Kit renderer can put in a modal has the state Slack
//   documents for it (fixtures/view-state.ts: the build fails without it), and a modal holding one
//   of each is read back exactly through the same parsing a real submission goes through;
// - every element type the renderer emits for the forum's cards is one of those;
// - every form the bot can send (each card with inputs, by its submit verb) is opened and
//   submitted over HTTP by forms.test.ts (forms.ts), which fills every one of its inputs.
import { expect } from 'chai';
import { readModalSubmission, renderCardModal } from '../../../src/channels/slack/card-rendering.ts';
import { hasInputs } from '../../../src/channels/slack/card-reading.ts';
import { parseViewSubmission } from '../../../src/channels/slack/slack-payloads.ts';
import type { ModalView } from '../../../src/channels/slack/block-kit/index.ts';
import { sampleEntries } from '../../../src/cards/card-samples.ts';
import { formVerb } from '../../../src/cards/form-titles.ts';
import type { AdaptiveCard } from '../../../src/cards/render-card.ts';
import { EVERY_ELEMENT_CARD } from '../../fixtures/slack/every-element-card.ts';
import { STATE_OF } from './fixtures/view-state.ts';
import { inputBlocksOf } from './fixtures/view-submission.ts';
import { viewSubmission } from './fixtures/view-submission.ts';
import { CONFORMANCE_FORMS } from './forms.ts';
import { person } from './harness.ts';

const modalOf = (card: AdaptiveCard): ModalView => renderCardModal(card, { callbackId: 'forum.form', title: 'Form', context: null, seal: (m) => m });
const elementTypes = (view: ModalView) => inputBlocksOf(view).map((b) => b.element.type);

/** One input of each kind the renderer maps, with the value each is answered with and read back as. */
const ONE_OF_EACH: { input: Record<string, unknown>; answer: string | string[]; readBack: string }[] = [
  { input: { type: 'Input.Text', id: 'plain', label: 'Plain', isMultiline: true }, answer: 'two\nlines', readBack: 'two\nlines' },
  { input: { type: 'Input.Text', id: 'email', label: 'Email', style: 'email' }, answer: 'jo@example.org', readBack: 'jo@example.org' },
  { input: { type: 'Input.Text', id: 'link', label: 'Link', style: 'Url' }, answer: 'https://example.org/x', readBack: 'https://example.org/x' },
  { input: { type: 'Input.Number', id: 'count', label: 'Count', min: 1 }, answer: '12', readBack: '12' },
  { input: { type: 'Input.Date', id: 'day', label: 'Day' }, answer: '2026-03-14', readBack: '2026-03-14' },
  { input: { type: 'Input.Time', id: 'at', label: 'At' }, answer: '18:45', readBack: '18:45' },
  { input: { type: 'Input.Toggle', id: 'agree', title: 'Agree', valueOn: 'yes', valueOff: 'no' }, answer: ['on'], readBack: 'yes' },
  { input: { type: 'Input.ChoiceSet', id: 'one', label: 'One', choices: [{ title: 'A', value: 'a' }, { title: 'B', value: 'b' }] }, answer: 'b', readBack: 'b' },
  { input: { type: 'Input.ChoiceSet', id: 'radio', label: 'Radio', style: 'expanded', choices: [{ title: 'A', value: 'a' }, { title: 'B', value: 'b' }] }, answer: 'a', readBack: 'a' },
  { input: { type: 'Input.ChoiceSet', id: 'many', label: 'Many', isMultiSelect: true, choices: [{ title: 'X', value: 'x' }, { title: 'Y', value: 'y' }, { title: 'Z', value: 'z' }] }, answer: ['x', 'z'], readBack: 'x,z' },
  // Slack's users_select, for the card's person picker (an Input.Text with id pickedUser): the chosen user's id.
  { input: { type: 'Input.Text', id: 'pickedUser', label: 'Person' }, answer: 'U0PICKED01', readBack: 'U0PICKED01' },
  { input: { type: 'Input.ChoiceSet', id: 'ticks', label: 'Ticks', isMultiSelect: true, style: 'expanded', choices: [{ title: 'X', value: 'x' }, { title: 'Y', value: 'y' }] }, answer: ['y'], readBack: 'y' },
];
const ONE_OF_EACH_CARD: AdaptiveCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: ONE_OF_EACH.map((i) => i.input),
  actions: [{ type: 'Action.Execute', title: 'Send', verb: 'any.save', data: { id: 7 } }],
};

describe('Slack conformance: the suite covers every input element and every form', () => {
  it('has the documented state of every element type the renderer can put in a modal, and reads each back exactly', () => {
    const view = modalOf(ONE_OF_EACH_CARD);
    expect([...new Set(elementTypes(view))].sort(), 'one input of each kind covers every element type the renderer has').to.deep.equal(Object.keys(STATE_OF).sort());
    const answers = Object.fromEntries(ONE_OF_EACH.map((i) => [String(i.input.id), i.answer]));
    const who = person('Any One');
    const body = new URLSearchParams(viewSubmission(who, { viewId: 'V0ONEOFEACH', view }, answers, { triggerId: '1.2.3', hash: '1.h' })).get('payload') ?? '';
    const parsed = parseViewSubmission(JSON.parse(body));
    if (!parsed.ok || parsed.request.kind !== 'submission') throw new Error(`the submission was not read: ${parsed.ok ? parsed.request.kind : parsed.reason}`);
    const read = readModalSubmission({ private_metadata: parsed.request.privateMetadata, state: parsed.request.state });
    if (!read.ok) throw new Error(read.reason);
    expect(read).to.deep.include({ verb: 'any.save' });
    expect(read.data).to.deep.equal({ id: 7, ...Object.fromEntries(ONE_OF_EACH.map((i) => [String(i.input.id), i.readBack])) });
  });

  it('finds only those element types in the modals of the forum\'s cards and of a card using every element', () => {
    const known = new Set(Object.keys(STATE_OF));
    const cards = [{ name: 'every-element card', card: EVERY_ELEMENT_CARD }, ...sampleEntries().map((e) => ({ name: `${e.card} (${e.label})`, card: e.render() }))];
    for (const { name, card } of cards) {
      if (!hasInputs(card)) continue;
      const unknown = elementTypes(modalOf(card)).filter((t) => !known.has(t));
      expect(unknown, `${name}: element types the conformance suite does not submit`).to.deep.equal([]);
    }
  });

  it('opens and submits over HTTP every form the bot can send', () => {
    const forms = new Set(sampleEntries().map((e) => e.render()).filter(hasInputs).map((card) => formVerb(card) ?? '(a form with no known submit)'));
    const missing = [...forms].filter((verb) => !Object.hasOwn(CONFORMANCE_FORMS, verb));
    expect(missing, 'forms with no entry in test/conformance/slack/forms.ts').to.deep.equal([]);
  });
});
