// Forms: a card's inputs as a Slack modal, a filled-in modal read back into exactly what Teams'
// Action.Execute would carry, and the card's own rules answered as errors keyed by block_id.
import { expect } from 'chai';
import { CARD_SAMPLES } from '../../src/cards/card-samples.ts';
import { renderCard, type AdaptiveCard } from '../../src/cards/render-card.ts';
import { parseCardAction } from '../../src/bot/card-actions.ts';
import { BlockKitError, readSubmission, renderModal, validateSubmission, type InputBlock, type ModalView } from '../../src/channels/slack/block-kit/index.ts';
import { expectWithinBlockKitLimits } from '../fixtures/slack/block-kit-limits-check.ts';
import { viewSubmission } from '../fixtures/slack/view-submission.ts';

const updateSample = CARD_SAMPLES['milestone-update-form'][0];
const personSample = CARD_SAMPLES['person-form'][0];
if (!updateSample || !personSample) throw new Error('card samples missing');
const updateForm = renderCard('milestone-update-form', updateSample.data);
const personForm = renderCard('person-form', personSample.data);
const inputs = (view: ModalView): InputBlock[] => view.blocks.filter((b): b is InputBlock => b.type === 'input');
const modalOf = (card: AdaptiveCard, privateMetadata?: unknown): ModalView => renderModal(card, { callbackId: 'forum.form', title: 'Update milestone BSC-2.3-M1', privateMetadata });

describe('Block Kit forms: the update form as a modal', () => {
  const view = modalOf(updateForm, { origin: { channel: 'C1', ts: '1.2' } });

  it('has one input block per card input, keyed by the input id, with the card\'s values and limits', () => {
    expectWithinBlockKitLimits(view, 'update form modal');
    const byId = Object.fromEntries(inputs(view).map((b) => [b.block_id, b]));
    expect(Object.keys(byId)).to.deep.equal(['status', 'commentary', 'revisedDue', 'evidence']);
    const status = byId['status'];
    expect(status?.optional).to.equal(false);
    expect(status?.element.type === 'static_select' && status.element.initial_option?.value).to.equal('delayed');
    expect(status?.element.type === 'static_select' && status.element.options.map((o) => o.value)).to.deep.equal(['not-started', 'on-track', 'delayed', 'off-track', 'complete', 'closed']);
    expect(byId['commentary']?.element).to.deep.include({ type: 'plain_text_input', action_id: 'commentary', multiline: true, max_length: 2000 });
    expect(byId['commentary']?.element.type === 'plain_text_input' && byId['commentary'].element.initial_value).to.include('Venue fell through <!channel>');
    expect(byId['revisedDue']?.element).to.deep.equal({ type: 'datepicker', action_id: 'revisedDue', initial_date: '2025-06-30' });
    expect(byId['evidence']?.optional).to.equal(true);
    expect(byId['commentary']?.label.text).to.equal('Progress note (needed for Amber or Red)');
  });

  it('uses the card\'s Save as submit and its Cancel (associatedInputs none) as close, shortened to 24 characters', () => {
    expect(view.submit?.text).to.equal('Save');
    expect(view.close.text).to.equal('Cancel');
    expect(view.title.text).to.equal('Update milestone BSC-2.…');
    expect(view.title.text.length).to.equal(24);
    expect(JSON.stringify(view.blocks)).not.to.include('"Save"');
  });

  it('reads a filled-in modal back into the payload a Teams Action.Execute carries', () => {
    const submitted = viewSubmission(view, { status: 'off-track', commentary: 'Venue fell through again', revisedDue: '2025-09-30', evidence: null });
    const { verb, data, kind, privateMetadata } = readSubmission(submitted);
    expect({ verb, data }).to.deep.equal({
      verb: 'milestone.update',
      data: { id: 'BSC-2.3-M1', version: 3, status: 'off-track', commentary: 'Venue fell through again', revisedDue: '2025-09-30', evidence: '' },
    });
    expect(kind).to.equal('execute');
    expect(privateMetadata).to.deep.equal({ origin: { channel: 'C1', ts: '1.2' } });
    expect(parseCardAction({ verb, ...data })).to.deep.equal({ ok: true, action: { verb: 'milestone.update', id: 'BSC-2.3-M1', version: 3, status: 'off-track', commentary: 'Venue fell through again', revisedDue: '2025-09-30', evidence: '' } });
  });

  it('answers the card\'s own rules as errors keyed by block_id', () => {
    const { data } = readSubmission(viewSubmission(view, { status: null, commentary: 'x'.repeat(2001), revisedDue: '2025-02-30x', evidence: 'ok' }));
    expect(validateSubmission(updateForm, data)).to.deep.equal({
      status: 'Choose a status',
      commentary: 'Progress note (needed for Amber or Red) is too long (2000 characters at most).',
      revisedDue: 'Revised due date (needed for Amber or Red) must be a date (YYYY-MM-DD).',
    });
    expect(validateSubmission(updateForm, { status: 'bogus' })).to.deep.equal({ status: 'Choose a status' });
    expect(validateSubmission(updateForm, { status: 'complete', commentary: '', revisedDue: '', evidence: 'Minutes' })).to.deep.equal({});
    const blockIds = inputs(view).map((b) => b.block_id);
    expect(Object.keys(validateSubmission(updateForm, {})).every((id) => blockIds.includes(id))).to.equal(true);
  });
});

describe('Block Kit forms: the person form', () => {
  const view = modalOf(personForm);

  it('offers roles as checkboxes (expanded multi-select) and the organisation as a select', () => {
    expectWithinBlockKitLimits(view, 'person form modal');
    const [name, account, organisation, roles] = inputs(view);
    expect(name?.element).to.deep.include({ type: 'plain_text_input', max_length: 200 });
    expect(account?.element.type === 'plain_text_input' && account.element.placeholder?.text).to.equal('teams:... or slack:T...:U...');
    expect(organisation?.element.type).to.equal('static_select');
    expect(organisation?.optional).to.equal(true);
    expect(roles?.element.type === 'checkboxes' && roles.element.initial_options?.map((o) => o.value)).to.deep.equal(['member']);
  });

  it('reads back multi-select roles comma-separated and an unchosen select as empty', () => {
    const submission = readSubmission(viewSubmission(view, { displayName: 'Sam Patel', account: 'slack:T1:U1', organisationId: null, roles: ['coordinator', 'admin'] }));
    expect({ verb: submission.verb, data: submission.data }).to.deep.equal({ verb: 'person.save', data: { displayName: 'Sam Patel', account: 'slack:T1:U1', organisationId: '', roles: 'coordinator,admin' } });
    expect(submission.privateMetadata).to.equal(null);
    expect(parseCardAction({ verb: submission.verb, ...submission.data }).ok).to.equal(true);
  });

  it('requires neither name nor code in the modal (a pick from the conversation or a code: the handler checks), and reports a missing required field with the card\'s error message', () => {
    const { data } = readSubmission(viewSubmission(view, { displayName: null, account: '   ', roles: [] }));
    expect(validateSubmission(personForm, data)).to.deep.equal({});
    const pickerSample = CARD_SAMPLES['milestone-note-pick'][0];
    if (!pickerSample) throw new Error('no milestone-note-pick sample');
    const picker = renderCard('milestone-note-pick', pickerSample.data);
    const pick = readSubmission(viewSubmission(modalOf(picker), { id: null, commentary: 'A note' }));
    expect(validateSubmission(picker, pick.data)).to.deep.equal({ id: 'Choose a milestone' });
  });
});

describe('Block Kit forms: limits and refusals', () => {
  it('refuses private metadata over 3,000 characters with a typed error, not a broken modal', () => {
    expect(() => modalOf(updateForm, { big: 'x'.repeat(3000) })).to.throw(BlockKitError).with.property('code', 'private_metadata_too_long');
    expect(() => renderModal(updateForm, { callbackId: 'c'.repeat(256), title: 't' })).to.throw(BlockKitError).with.property('code', 'callback_id_too_long');
  });

  it('refuses to read a view it did not make', () => {
    expect(() => readSubmission({ private_metadata: 'hello', state: { values: {} } })).to.throw(BlockKitError).with.property('code', 'unreadable_submission');
    expect(() => readSubmission({ state: 'nope' })).to.throw(BlockKitError).with.property('code', 'unreadable_submission');
  });

  it('keeps every input of a huge form within 100 blocks, cutting display text with a note', () => {
    const body = Array.from({ length: 150 }, (_, i) => (i % 3 === 0 ? { type: 'Input.Text', id: `f${i}`, label: `Field ${i}` } : { type: 'TextBlock', text: `Paragraph ${i}`, separator: true }));
    const view = renderModal({ type: 'AdaptiveCard', version: '1.5', body, actions: [{ type: 'Action.Submit', title: 'Send' }] }, { callbackId: 'big', title: 'Big' });
    expectWithinBlockKitLimits(view, 'huge form');
    expect(inputs(view)).to.have.length(50);
    expect(JSON.stringify(view.blocks.at(-1))).to.match(/more parts of this form are not shown/);
  });
});
