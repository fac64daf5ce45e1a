// Every card template with every sample, rendered for Slack: within Block Kit's limits, showing the
// card's content, and cut visibly (never refused by Slack) when a card is too big for a message.
import { expect } from 'chai';
import type { types as slack } from '@slack/bolt';
import { sampleEntries } from '../../src/cards/card-samples.ts';
import { renderCard, type AdaptiveCard } from '../../src/cards/render-card.ts';
import { statusView } from '../../src/cards/format.ts';
import { renderMessage, renderModal, OPEN_FORM_ACTION_ID, parseButtonValue, type Block, type SlackMessage } from '../../src/channels/slack/block-kit/index.ts';
import { cardInputs } from '../../src/channels/slack/block-kit/card-elements.ts';
import { blockKitProblems, expectWithinBlockKitLimits, MESSAGE_CHAR_LIMIT, stringChars } from '../fixtures/slack/block-kit-limits-check.ts';

/** Every string a block shows, for "is this text there" checks. */
export function shownText(blocks: readonly Block[]): string {
  return JSON.stringify(blocks.map((b) => ('text' in b ? b.text : 'elements' in b ? b.elements : 'fields' in b ? b.fields : b)));
}
const buttons = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));

describe('Block Kit renderer: every card template and sample', () => {
  for (const entry of sampleEntries()) {
    it(`renders ${entry.card} (${entry.label}) as a message within Slack's limits`, () => {
      const message = renderMessage(entry.render(), { openFormValue: '{"form":"x"}' });
      expectWithinBlockKitLimits(message, `${entry.card} message`);
      expect(message.blocks.length).to.be.greaterThan(0);
      expect(message.blocks.some((b) => b.type === 'input'), 'a message shows no inputs').to.equal(false);
    });
    it(`renders ${entry.card} (${entry.label}) as a modal within Slack's limits`, () => {
      const modal = renderModal(entry.render(), { callbackId: `form:${entry.card}`, title: entry.label, privateMetadata: { conversation: 'C123', ts: '1700000000.000100' } });
      expectWithinBlockKitLimits(modal, `${entry.card} modal`);
      expect(modal.blocks.filter((b) => b.type === 'input').length).to.equal(cardInputs(entry.render().body).length);
    });
  }

  it('has types Slack itself accepts (the @slack/types shapes Bolt sends)', () => {
    const card = renderCard('milestone-update-form', { id: 'BSC-1.1-M1', description: 'd', version: 1, status: 'delayed', statusChoices: [{ title: 'Amber', value: 'delayed' }], commentary: '', revisedDue: '', revisedDueMin: '2026-12-05', revisedDueMax: '2031-12-05', evidence: '', currentText: 'now', errors: [] });
    const blocks: slack.KnownBlock[] = renderMessage(card).blocks;
    const view: slack.ModalView = renderModal(card, { callbackId: 'f', title: 't' });
    expect(blocks.length).to.be.greaterThan(0);
    expect(view.type).to.equal('modal');
  });

  it('checks what it claims to: a broken message is reported, field by field', () => {
    const broken = { text: '', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x'.repeat(151) } }, { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'a' }, action_id: 'ac:0' }, { type: 'button', text: { type: 'plain_text', text: 'b' }, action_id: 'ac:0', value: 'v'.repeat(2001) }] }, { type: 'sparkle' }] };
    const problems = blockKitProblems(broken);
    expect(problems.join('\n')).to.include('text').and.to.include('action_id "ac:0"').and.to.include('blocks.2');
    expect(problems.some((p) => p.startsWith('blocks.1.elements.1.value'))).to.equal(true);
  });
});

describe('Block Kit renderer: what a message shows', () => {
  const list = (items: number): AdaptiveCard =>
    renderCard('milestone-list', {
      title: 'Milestones',
      filterText: 'All',
      countText: `${items} milestones`,
      query: 'milestones all',
      nextPage: 2,
      items: Array.from({ length: items }, (_, i) => ({ id: `BSC-${i}-M1`, description: `Milestone number ${i} with a description long enough to be realistic for the plan`, actionTitle: 'Action', status: statusView('delayed'), dueText: 'Fri 14 Mar 2025', dueNote: '3 days overdue', owner: 'Community Safety Manager, RMBC', canEdit: true })),
    });

  it('shows a list card with a header, each item with its buttons, and the paging button', () => {
    const { text, blocks } = renderMessage(list(2));
    expect(text).to.equal('Milestones');
    expect(blocks[0]).to.deep.equal({ type: 'header', text: { type: 'plain_text', text: 'Milestones', emoji: true } });
    const item = blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('*BSC-1-M1*'));
    expect(item?.type === 'section' && item.text?.text).to.equal('*BSC-1-M1*  Milestone number 1 with a description long enough to be realistic for the plan\n🟠 *Amber: Delayed (under 3 months)* · Fri 14 Mar 2025 · 3 days overdue');
    expect(buttons(blocks).map((b) => b.text.text)).to.deep.equal(['Details', 'Update', 'Details', 'Update', 'Next']);
    expect(buttons(blocks).map((b) => b.action_id)).to.deep.equal(['ac:0', 'ac:1', 'ac:2', 'ac:3', 'ac:4']);
    expect(parseButtonValue(buttons(blocks).at(-1)?.value)).to.deep.equal({ kind: 'execute', verb: 'milestones.page', data: { query: 'milestones all', page: 2 } });
  });

  it('cuts a 200-item list between items, says how many are not shown, and keeps the paging button', () => {
    const message: SlackMessage = renderMessage(list(200));
    expectWithinBlockKitLimits(message, '200-item list');
    expect(message.blocks.length).to.be.at.most(50);
    expect(stringChars(message.blocks)).to.be.at.most(MESSAGE_CHAR_LIMIT);
    const shownItems = message.blocks.filter((b) => b.type === 'section' && /^\*BSC-\d+-M1\*/.test(b.text?.text ?? '')).length;
    expect(shownItems).to.be.greaterThan(5);
    const note = message.blocks.find((b) => b.type === 'context' && shownText([b]).includes('not shown'));
    expect(shownText(note ? [note] : [])).to.include(`… ${200 - shownItems} more items not shown — narrow your query to see them`);
    expect(buttons(message.blocks).at(-1)?.text.text).to.equal('Next');
    expect(message.blocks.at(-1)?.type).to.equal('actions');
  });

  it('keeps to the character budget when items are long, cutting sooner', () => {
    const card = list(40);
    const body: unknown[] = card.body.map((el): unknown => JSON.parse(JSON.stringify(el).replace(/with a description long enough/g, 'x'.repeat(900))));
    const long = { ...card, body };
    const message = renderMessage(long);
    expectWithinBlockKitLimits(message, 'long items');
    expect(shownText(message.blocks)).to.match(/… \d+ more items not shown/);
  });

  it('shows a form as its text plus one "Open form" button carrying the caller\'s value, and keeps Cancel', () => {
    const entry = sampleEntries().find((e) => e.card === 'milestone-update-form');
    const message = renderMessage(entry?.render() ?? list(0), { openFormValue: 'reopen:BSC-2.3-M1', openFormTitle: 'Update milestone' });
    const [open, ...rest] = buttons(message.blocks);
    expect(open).to.deep.equal({ type: 'button', text: { type: 'plain_text', text: 'Update milestone', emoji: true }, action_id: OPEN_FORM_ACTION_ID, value: 'reopen:BSC-2.3-M1', style: 'primary' });
    expect(rest.map((b) => b.text.text)).to.deep.equal(['Cancel']);
    expect(shownText(message.blocks)).to.include('Currently Amber: Delayed (under 3 months), due Mon 30 Jun 2025');
    expect(shownText(message.blocks)).not.to.include('Progress note');
  });

  it('marks colour with a symbol and bold, since Slack has no coloured text', () => {
    const card: AdaptiveCard = { type: 'AdaptiveCard', version: '1.5', body: ['Attention', 'Warning', 'Good', 'Default'].map((color) => ({ type: 'TextBlock', text: color, color, weight: 'Bolder' })) };
    const sections = renderMessage(card).blocks.map((b) => (b.type === 'section' ? b.text?.text : b.type));
    expect(sections).to.deep.equal(['🔴 *Attention*', '🟠 *Warning*', '🟢 *Good*', '*Default*']);
  });
});
