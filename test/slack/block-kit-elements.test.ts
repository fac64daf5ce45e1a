// A hand-made card using every Adaptive Card element and action the renderer maps: what each
// becomes in Slack, including the notes shown for what Slack cannot do.
import { expect } from 'chai';
import { findShowCard, parseButtonValue, readSubmission, renderMessage, renderModal, validateSubmission, type Block, type InputBlock } from '../../src/channels/slack/block-kit/index.ts';
import { EVERY_ELEMENT_CARD } from '../fixtures/slack/every-element-card.ts';
import { expectWithinBlockKitLimits } from '../fixtures/slack/block-kit-limits-check.ts';
import { viewSubmission } from '../fixtures/slack/view-submission.ts';

const textOf = (block: Block | undefined): string => {
  if (!block) return '';
  if (block.type === 'section') return block.text?.text ?? (block.fields ?? []).map((f) => f.text).join(' | ');
  if (block.type === 'header') return block.text.text;
  if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : `[img ${e.alt_text}]`)).join(' ');
  return `<${block.type}>`;
};

describe('Block Kit renderer: every element type, as a message', () => {
  const message = renderMessage(EVERY_ELEMENT_CARD, { openFormValue: 'form:every' });
  const lines = message.blocks.map((b) => `${b.type}: ${textOf(b)}`);

  it('stays within Block Kit limits', () => expectWithinBlockKitLimits(message, 'every element'));

  it('maps text elements: header, subtle context, bold, markdown links and lists, colour, styled runs, facts', () => {
    expect(lines.slice(0, 8)).to.deep.equal([
      'header: Forum meeting pack',
      'context: Prepared for the forum',
      'section: *Agenda*',
      'section: See <https://example.org/agenda?a=1&amp;b=2|the agenda> and:\n• item one\n• item two',
      'section: 🔴 Tension is high',
      'section: plain *bold* _italic_ ~struck~ `codeˋtick` 🟠 late',
      'context: all subtle',
      'section: *Due*\nFri 14 Mar | *Owner*\nJo \u200B*\u200BBloggs\u200B*\u200B',
    ]);
  });

  it('flattens containers and columns: separator as divider, short columns on one line, long ones as fields, images beside text in turn', () => {
    expect(lines.slice(8, 15)).to.deep.equal([
      'divider: <divider>',
      'section: In a container\nsecond line',
      'section: *Left* · Right',
      `section: ${[1, 2, 3].map((n) => `Column ${n} ${'words '.repeat(20)}`).join(' | ')}`,
      'image: <image>',
      'section: Beside the logo',
      'image: <image>',
    ]);
    expect(message.blocks[14]).to.deep.equal({ type: 'image', image_url: 'https://example.org/map.png', alt_text: 'Ward map' });
  });

  it('shows images it cannot link, media and unknown elements as notes; uses fallbacks; hides what the card hides', () => {
    expect(lines.slice(15, 21)).to.deep.equal([
      'context: _[image not shown: Inline picture]_',
      'context: [img Image] [img B]',
      'section: *Ward* · *Level*\nBoston Castle · 2',
      'context: _[video or audio not shown in Slack]_',
      'context: _[unsupported element: Carousel]_',
      'section: Rated 4 of 5',
    ]);
    expect(JSON.stringify(message.blocks)).not.to.include('hidden').and.not.to.include('ProgressBar');
  });

  it('turns actions into buttons with unique ids, styles and values, and says which ones Slack cannot have', () => {
    const actionBlocks = message.blocks.filter((b) => b.type === 'actions');
    const buttons = actionBlocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons.map((b) => [b.text.text, b.action_id, b.style ?? ''])).to.deep.equal([
      ['Approve', 'ac:0', 'primary'],
      ['Reject', 'ac:1', 'danger'],
      ['Open report', 'ac:2', ''],
      ['Comment', 'ac:3', ''],
      ['Open form', 'ac:form', 'primary'],
      ['Discard', 'ac:4', ''],
    ]);
    expect(buttons.map((b) => parseButtonValue(b.value))).to.deep.equal([
      { kind: 'execute', verb: 'item.approve', data: { id: 7 } },
      { kind: 'submit', data: { id: 7, why: 'no' } },
      undefined,
      { kind: 'showCard', path: '/body/21/actions/4' },
      undefined,
      { kind: 'execute', verb: 'report.discard', data: {} },
    ]);
    expect(buttons[2]?.url).to.equal('https://example.org/report');
    expect(buttons[4]?.value).to.equal('form:every');
    const notes = lines.filter((l) => l.startsWith('context: _')).join('\n');
    expect(notes).to.include('The “Sneaky” link cannot be shown in Slack.').and.to.include('[unsupported action: More]').and.to.include('The “Huge” button is not shown: it carries more than a Slack button can');
    expect(JSON.stringify(message.blocks)).not.to.include('javascript:');
  });

  it('leaves the inputs out of the message and does not offer the card\'s Save there', () => {
    expect(message.blocks.some((b) => b.type === 'input')).to.equal(false);
    expect(JSON.stringify(message.blocks)).not.to.include('Save report');
  });
});

describe('Block Kit renderer: every input type, as a modal', () => {
  const view = renderModal(EVERY_ELEMENT_CARD, { callbackId: 'report', title: 'Report' });
  const inputs = view.blocks.filter((b): b is InputBlock => b.type === 'input');
  const element = (id: string) => inputs.find((b) => b.block_id === id)?.element;

  it('stays within Block Kit limits and maps each input to its Slack element', () => {
    expectWithinBlockKitLimits(view, 'every input');
    expect(inputs.map((b) => [b.block_id, b.element.type, b.optional])).to.deep.equal([
      ['email', 'email_text_input', false],
      ['people', 'number_input', true],
      ['day', 'datepicker', true],
      ['start', 'timepicker', true],
      ['consent', 'checkboxes', true],
      ['ward', 'radio_buttons', true],
      ['tags', 'multi_static_select', true],
      ['many', 'static_select', true],
    ]);
    expect(element('people')).to.deep.include({ initial_value: '12', min_value: '1', max_value: '500', is_decimal_allowed: true });
    expect(element('start')).to.deep.include({ initial_time: '18:30' });
    expect(element('consent')).to.not.have.property('initial_options');
    expect(element('tags')?.type === 'multi_static_select' && element('tags')).to.have.nested.property('initial_options[1].value', 'z');
    expect(view.submit?.text).to.equal('Save report');
    expect(view.close.text).to.equal('Discard');
  });

  it('offers the first 100 of 130 choices and says so under the field', () => {
    const many = inputs.find((b) => b.block_id === 'many');
    expect(many?.element.type === 'static_select' && many.element.options).to.have.length(100);
    expect(many?.hint?.text).to.equal('Showing 100 of 130 choices (Slack lists 100 at most); if yours is not here, ask the forum coordinator to add it for you.');
  });

  it('reads toggles as valueOn/valueOff, numbers and times as Teams formats them', () => {
    const answers = { email: 'jo@rotherham.gov.uk', people: '40', day: '2025-08-02', start: '09:15', consent: ['on'], ward: 'a', tags: ['y'], many: 'c99' };
    const { verb, data } = readSubmission(viewSubmission(view, answers));
    expect(verb).to.equal('report.save');
    expect(data).to.deep.equal({ draft: false, email: 'jo@rotherham.gov.uk', people: '40', day: '2025-08-02', start: '09:15', consent: 'yes', ward: 'a', tags: 'y', many: 'c99' });
    expect(readSubmission(viewSubmission(view, { ...answers, consent: [] })).data).to.have.property('consent', 'no');
  });

  it('checks regex, number range and date minimum from the card', () => {
    const { data } = readSubmission(viewSubmission(view, { email: 'jo@gmail.com', people: '501', day: '2024-12-31' }));
    expect(validateSubmission(EVERY_ELEMENT_CARD, data)).to.deep.equal({ email: 'Use your council email', people: 'People must be at most 500.', day: 'Day must be 2025-01-01 or later.' });
  });

  it('opens an Action.ShowCard sub-card as its own modal from the button\'s value', () => {
    const comment = renderMessage(EVERY_ELEMENT_CARD).blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((b) => b.text.text === 'Comment');
    const value = parseButtonValue(comment?.value);
    const sub = value?.kind === 'showCard' ? findShowCard(EVERY_ELEMENT_CARD, value.path) : undefined;
    expect(sub?.body).to.have.length(1);
    const modal = renderModal(sub ?? EVERY_ELEMENT_CARD, { callbackId: 'comment', title: 'Comment' });
    expectWithinBlockKitLimits(modal, 'show card modal');
    expect(readSubmission(viewSubmission(modal, { comment: 'Thanks' }))).to.deep.include({ kind: 'submit', verb: '', data: { on: 7, comment: 'Thanks' } });
    expect(findShowCard(EVERY_ELEMENT_CARD, '/body/0')).to.equal(undefined);
    expect(findShowCard(EVERY_ELEMENT_CARD, '/body/999/actions/0')).to.equal(undefined);
  });
});
